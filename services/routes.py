"""The routes open to every family (the health visitor, the GP...) and the contacts public pages give for them."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pirs_portal.bilingual import pick
from regions.models import LocalAuthority, Region

# A phone number as people write it: digits (3 for NHS 111, up to 15 with the country code), spaces,
# brackets, hyphens or dots, and a leading +; "(0)" after a country code makes phones dial the wrong number.
PHONE = re.compile(r"\+?\(?[0-9][0-9 ().-]*[0-9]")
TRUNK_AFTER_COUNTRY = re.compile(r"^(\+|00)\d+\s*\(\s*0\s*\)")
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})  # as pasted from web pages


def tidy(text: str) -> str:
    """Text as a contact row keeps it: plain spaces, none at either end."""
    return text.translate(SPACES).strip()


class UniversalRoute(models.Model):
    """A route open to every family whatever the area, such as the health visitor; shown by the finder."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_cy = models.CharField(_("name (Welsh)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"))
    description_cy = models.TextField(_("description (Welsh)"), blank=True)
    from_pregnancy = models.BooleanField(_("open in pregnancy"), default=True)
    after_birth = models.BooleanField(_("open after birth"), default=True)
    age_end_months = models.PositiveSmallIntegerField(
        _("open until the child is (months)"),
        null=True,
        blank=True,
        help_text=_("As for services, the first age no longer seen: 60 means until the fifth birthday. "
                    "Leave empty when there is no upper age."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Provider(models.TextChoices):
        NONE = "", _("not named (such as the family's own GP)")
        HEALTH_BOARD = "health_board", _("the family's health board")
        LOCAL_AUTHORITY = "local_authority", _("the family's local authority")

    provider = models.CharField(_("run by"), max_length=20, choices=Provider.choices, blank=True,
                                help_text=_("Named on the finder's result from the family's area."))
    age_source = models.CharField(_("where the age rule comes from"), max_length=300, blank=True)
    age_source_url = models.URLField(_("address of the age rule's source"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name_en"]
        verbose_name = _("universal route")
        verbose_name_plural = _("universal routes")

    def __str__(self) -> str:
        return self.name_en

    def clean(self):
        if not (self.from_pregnancy or self.after_birth):
            raise ValidationError(_("Tick “open in pregnancy”, “open after birth” or both: a route open at neither "
                                    "is never shown."))
        if self.age_end_months is None:
            return
        if not self.after_birth:
            raise ValidationError({"age_end_months": _(
                "An upper age only applies to a route open after birth: tick “open after birth” or leave the age empty."
            )})
        if self.age_end_months <= 0:
            raise ValidationError({"age_end_months": _(
                "A route open after birth must stay open past birth: give an age of 1 month or more, or leave it empty."
            )})




class RoutePointer(models.Model):
    """A contact or pointer for a universal route in one region or authority (or all of Wales), as a public page gives it."""

    class Kind(models.TextChoices):
        HOW = "how", _("How to reach it")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        WEB_PAGE = "web_page", _("Web page")
        AGES = "ages", _("Ages")

    route = models.ForeignKey(UniversalRoute, on_delete=models.CASCADE, related_name="pointers",
                              verbose_name=_("route"))
    region = models.ForeignKey(Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               verbose_name=_("region"), help_text=_("Empty: every region."))
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, null=True, blank=True,
                                        related_name="+", verbose_name=_("local authority"),
                                        help_text=_("Empty: every authority of the region."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value_en = models.TextField(_("what it says (English)"))
    value_cy = models.TextField(_("what it says (Welsh)"), blank=True)
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = models.URLField(_("source address"))
    source_date = models.DateField(_("source date"), null=True, blank=True, help_text=_("Empty when the page is undated."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["route", "local_authority", "region", "kind"]
        verbose_name = _("route pointer")
        verbose_name_plural = _("route pointers")

    def __str__(self) -> str:
        return f"{self.route.name_en}: {self.kind} {self.value_en[:40]}"

    def clean(self):
        self.value_en, self.value_cy = tidy(self.value_en), tidy(self.value_cy)
        problems = self._area_problems() | self._value_problems()
        if problems:
            raise ValidationError(problems)

    def clean_own(self):
        """The checks that read the row's own fields alone: a directory import asks these (it stores values as
        the file gives them, so they must be tidy already), and checks the areas against the file's own."""
        untidy = {field: _("Remove the spaces at either end, and write non-breaking spaces and tabs as plain "
                           "spaces, as the admin would.")
                  for field in ("value_en", "value_cy") if getattr(self, field) != tidy(getattr(self, field))}
        problems = untidy or self._value_problems()
        if problems:
            raise ValidationError(problems)

    def _area_problems(self) -> dict:
        """An authority outside the chosen region would match no family: the row would show nowhere."""
        if not (self.region_id and self.local_authority_id):
            return {}
        area = LocalAuthority.objects.filter(pk=self.local_authority_id).first()
        region = Region.objects.filter(pk=self.region_id).first()
        if area is None or region is None or area.region_id == region.pk:
            return {}  # one not stored: the form's own check of that field says so
        return {"local_authority": _(
            "%(area)s is not in %(region)s, so the row would show nowhere: choose the authority alone, or the "
            "region alone.") % {"area": pick(area, "name"), "region": pick(region, "name")}}

    def _value_problems(self) -> dict:
        """A phone number, email address or web page must be one a browser can dial, write to or open."""
        value, welsh = self.value_en, self.value_cy
        if self.kind == self.Kind.PHONE and TRUNK_AFTER_COUNTRY.match(value):
            return {"value_en": _("Leave out the “(0)”: write +44 1633 431685, or 01633 431685. Phones dial the "
                                  "0 too, and reach the wrong number.")}
        if self.kind == self.Kind.PHONE and not (PHONE.fullmatch(value) and 3 <= len(self.dial) <= 16):
            return {"value_en": _("Give the phone number alone, such as 01633 431 685: opening hours and notes go "
                                  "in a row of the kind “How to reach it”.")}
        if self.kind == self.Kind.EMAIL:
            try:
                validate_email(value)
            except ValidationError:
                return {"value_en": _("Give the email address alone, such as name@example.org.")}
        if self.kind in (self.Kind.PHONE, self.Kind.EMAIL) and welsh:
            return {"value_cy": _("A phone number or email address is the same in Welsh: leave this empty.")}
        if self.kind == self.Kind.WEB_PAGE:
            addresses = {"value_en": value} | ({"value_cy": welsh} if welsh else {})
            for field, address in addresses.items():
                try:
                    URLValidator(schemes=["http", "https"])(address)
                except ValidationError:
                    return {field: _("Give the page's full address, starting with https://. In Welsh, give the "
                                     "address of the page's Welsh version, or leave it empty.")}
        return {}

    @property
    def dial(self) -> str:
        """A phone number as a tel: link wants it: its digits, with a leading + where there is one."""
        return re.sub(r"(?!^\+)[^0-9]", "", self.value_en.strip())

    def applies_to(self, local_authority: LocalAuthority) -> bool:
        return (self.region_id in (None, local_authority.region_id)
                and self.local_authority_id in (None, local_authority.pk))
