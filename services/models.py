"""The directory: organisations, services and what they offer."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pirs_portal.records import NaturalKeyManager, SluggedName
from pirs_portal.validators import a_day_that_has_come
from regions.models import LocalAuthority, Region

# The routes every family has live in their own module; importing them here registers them with the app.
from .routes import RoutePointer, UniversalRoute  # noqa: F401


# The 19 authorities with a births figure record 23,316 births a year between them (fixtures/live_births.csv):
# a team seeing more than 10,000 families a year is a slip of the keyboard.
MAX_CAPACITY = 10_000


class Organisation(SluggedName):
    """The body that hosts a service."""

    class Kind(models.TextChoices):
        HEALTH_BOARD = "health_board", _("Local health board")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        PARTNERSHIP = "partnership", _("Regional partnership")
        THIRD_SECTOR = "third_sector", _("Third sector")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta(SluggedName.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")


class Intervention(SluggedName):
    """A named way of working with families, such as Video Interaction Guidance."""

    is_group = models.BooleanField(_("group intervention"), default=False)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_cy = models.TextField(_("description (Welsh)"), blank=True)

    history = HistoricalRecords()

    class Meta(SluggedName.Meta):
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")


class Discipline(SluggedName):
    """A profession that can make up part of a team."""

    history = HistoricalRecords()

    class Meta(SluggedName.Meta):
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")


# A record not checked for six months is due for review.
REVIEW_INTERVAL = datetime.timedelta(days=183)


class ServiceQuerySet(models.QuerySet):
    def published(self) -> "ServiceQuerySet":
        return self.filter(is_published=True)

    def review_due(self, today: datetime.date) -> "ServiceQuerySet":
        return self.filter(last_reviewed__lt=today - REVIEW_INTERVAL)


class Service(SluggedName):
    """A parent-infant relationship offer, as recorded from its source."""

    class Setting(models.TextChoices):
        PUBLIC_HEALTH_NURSING = "nhs_public_health_nursing", _("NHS public health nursing")
        CAMHS = "nhs_camhs", _("NHS child and adolescent mental health services (CAMHS)")
        PERINATAL = "nhs_perinatal_mental_health", _("NHS perinatal mental health")
        EARLY_HELP = "la_early_help", _("Local authority early help")
        SOCIAL_CARE = "social_care", _("Social care")
        THIRD_SECTOR = "third_sector", _("Third sector")

    class Kind(models.TextChoices):
        SPECIALIST_TEAM = "specialist_team", _("Specialist parent-infant relationship team")
        EMBEDDED = "embedded_specialists", _("Parent-infant specialists inside another service")
        WORKFORCE = "workforce_offer", _("Developing workforce offer")

    class Status(models.TextChoices):
        ESTABLISHED = "established", _("Established")
        DEVELOPING = "developing", _("Developing")
        PLANNED = "planned", _("Planned")

    class AgeStart(models.TextChoices):
        PREGNANCY = "pregnancy", _("Pregnancy")
        BIRTH = "birth", _("Birth")

    summary_en = models.TextField(_("summary (English)"))
    summary_cy = models.TextField(_("summary (Welsh)"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="services", verbose_name=_("host organisation")
    )
    # Empty where the source does not say where the service sits.
    setting = models.CharField(_("organisational setting"), max_length=40, choices=Setting.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # blank here so that the steward's form gives its own, clearer message.
    areas = models.ManyToManyField(
        LocalAuthority, blank=True, related_name="services", verbose_name=_("local authorities covered")
    )

    # Empty where the source does not state an age range: shown as "not stated".
    age_start = models.CharField(
        _("works with families from"), max_length=10, choices=AgeStart.choices, blank=True
    )
    age_end_months = models.PositiveSmallIntegerField(
        _("works until the child is (months)"),
        null=True,
        blank=True,
        help_text=_("The first age at which a child is no longer seen: 24 means until the second birthday."),
    )
    eligibility_en = models.TextField(_("who is eligible (English)"), blank=True)
    eligibility_cy = models.TextField(_("who is eligible (Welsh)"), blank=True)

    referrers_en = models.TextField(_("who can refer (English)"), blank=True)
    referrers_cy = models.TextField(_("who can refer (Welsh)"), blank=True)
    how_to_refer_en = models.TextField(_("how to refer (English)"), blank=True)
    how_to_refer_cy = models.TextField(_("how to refer (Welsh)"), blank=True)

    workforce_offer_en = models.TextField(_("offer to the wider workforce (English)"), blank=True)
    workforce_offer_cy = models.TextField(_("offer to the wider workforce (Welsh)"), blank=True)
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="services", verbose_name=_("interventions"))
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="services", verbose_name=_("disciplines in the team"))


    # Empty means unknown, never zero.
    capacity_families_per_year = models.PositiveIntegerField(
        _("capacity (families per year)"), null=True, blank=True, help_text=_("Leave empty if unknown."),
        validators=[MaxValueValidator(MAX_CAPACITY, message=_(
            "That is more families than any team could see in a year: check the figure."))],
    )
    staff_wte = models.DecimalField(
        _("staff (whole-time equivalent)"), max_digits=5, decimal_places=1, null=True, blank=True,
        help_text=_("Leave empty if unknown."), validators=[MinValueValidator(Decimal("0"))],
    )

    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.TextField(_("address"), blank=True)

    source_citation = models.TextField(_("source"))
    last_reviewed = models.DateField(_("last reviewed"), validators=[a_day_that_has_come])
    is_published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, null=True)

    objects = NaturalKeyManager.from_queryset(ServiceQuerySet)()
    # Many-to-many fields are recorded too, so a change of area is in the history.
    history = HistoricalRecords(m2m_fields=[areas, interventions, disciplines])

    class Meta(SluggedName.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def clean(self) -> None:
        # Pregnancy starts before birth, so any end age works with it; from
        # birth, the end age must be after birth or no child could be seen.
        if self.age_end_months is not None and self.age_start == self.AgeStart.BIRTH and self.age_end_months <= 0:
            raise ValidationError(
                {"age_end_months": _("The age range is inverted: a service that starts at birth must end after birth.")}
            )

    def fact(self, key: str) -> "ServiceFact | None":
        """The recorded fact with this key, or None if no source states it (from prefetched facts when there)."""
        return next((f for f in self.facts.all() if f.key == key), None)

    def facts_of(self, keys: list[str]) -> list[tuple[str, "ServiceFact | None"]]:
        """Each of these facts, labelled, with its record or None where no source states it."""
        return [(ServiceFact.Key(key).label, self.fact(key)) for key in keys]

    def key_elements(self) -> list[tuple[str, "ServiceFact | None"]]:
        return self.facts_of(ServiceFact.KEY_ELEMENTS)

    def offers(self) -> list[tuple[str, "ServiceFact | None"]]:
        return self.facts_of(ServiceFact.OFFERS)

    def referral_facts(self) -> list[tuple[str, "ServiceFact | None"]]:
        return self.facts_of(ServiceFact.REFERRALS)

    def referral_details(self) -> "list[ReferralDetail]":
        """Each referral detail in reading order, with its recorded source (from prefetched rows when there)."""
        sources = {row.detail: row for row in self.referral_sources.all()}
        details = []
        for key, label in ReferralSource.Detail.choices:
            if key in ReferralSource.BILINGUAL:
                english, welsh = getattr(self, f"{key}_en"), getattr(self, f"{key}_cy")
            else:
                english = welsh = getattr(self, key)
            details.append(ReferralDetail(key, label, english, welsh, sources.get(key)))
        return details

    @property
    def accepts_professional_referrals(self) -> bool | None:
        fact = self.fact(ServiceFact.Key.PROFESSIONAL_REFERRALS)
        return None if fact is None else fact.holds

    @property
    def accepts_self_referrals(self) -> bool | None:
        fact = self.fact(ServiceFact.Key.SELF_REFERRALS)
        return None if fact is None else fact.holds


class Sourced(models.Model):
    """Something recorded about a service as one source gives it: the source, its address, the day it was read."""

    source = models.CharField(_("source"), max_length=300,
                              help_text=_("The paper's section, such as “The golden thread, Section Three”, "
                                          "the title of the web page, or the service itself."))
    source_url = models.URLField(_("source address"), blank=True)
    checked_on = models.DateField(_("checked on"), help_text=_("When the source was read."),
                                  validators=[a_day_that_has_come])

    class Meta:
        abstract = True


class ServiceFact(Sourced):
    """A yes-or-no fact about a service, as a source states it: a fact no source states has no row ("not stated")."""

    class Key(models.TextChoices):
        DIRECT_THERAPY = "offers_direct_therapy", _("Direct therapeutic work with families")
        CONSULTATION = "offers_consultation", _("Consultation")
        TRAINING = "offers_training", _("Training")
        SUPERVISION = "offers_supervision", _("Supervision")
        REFLECTIVE_PRACTICE = "offers_reflective_practice", _("Reflective practice")
        # The five key elements of a specialist team (the policy paper, Section Two), in its order. The third
        # is kept in its two parts, since a source may call a team multi-disciplinary and be silent on training.
        CLINICALLY_LED = "element_clinically_led", _("Clinically led by psychology and/or psychotherapy")
        RELATIONSHIP_FOCUS = "element_relationship_focus", _(
            "The baby and the parent-infant relationship are the focus and reason for referral")
        MULTIDISCIPLINARY = "element_multidisciplinary", _("Multi-disciplinary")
        IMH_TRAINING = "element_imh_training", _(
            "Its professionals have additional specialist training in infant mental health and relational work")
        DYADIC_THERAPY = "element_dyadic_therapy", _(
            "Direct therapeutic work on the relationship between baby and parent or carer")
        HALF_NETWORK = "element_half_network", _("Half of the work supports the wider early years network")
        PROFESSIONAL_REFERRALS = "accepts_professional_referrals", _("Takes referrals from professionals")
        SELF_REFERRALS = "accepts_self_referrals", _("Families may refer themselves")

    OFFERS = [Key.DIRECT_THERAPY, Key.CONSULTATION, Key.TRAINING, Key.SUPERVISION, Key.REFLECTIVE_PRACTICE]
    REFERRALS = [Key.PROFESSIONAL_REFERRALS, Key.SELF_REFERRALS]
    KEY_ELEMENTS = [Key.CLINICALLY_LED, Key.RELATIONSHIP_FOCUS, Key.MULTIDISCIPLINARY, Key.IMH_TRAINING,
                    Key.DYADIC_THERAPY, Key.HALF_NETWORK]

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="facts", verbose_name=_("service"))
    key = models.CharField(_("fact"), max_length=40, choices=Key.choices)
    holds = models.BooleanField(_("yes"), help_text=_("Ticked: the source says yes. Not ticked: it says no. "
                                                       "Where no source says, record no fact at all."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "key"]
        verbose_name = _("service fact")
        verbose_name_plural = _("service facts")
        constraints = [models.UniqueConstraint(fields=["service", "key"], name="one_fact_per_service_and_key")]

    def __str__(self) -> str:
        return f"{self.service.name_en}: {self.key} = {'yes' if self.holds else 'no'}"


class ReferralSource(Sourced):
    """Where one of a service's referral details comes from, and when it was read: a detail is shown with its source."""

    class Detail(models.TextChoices):
        REFERRERS = "referrers", _("Who may refer")
        METHOD = "how_to_refer", _("How to make a referral (form, phone, email or letter)")
        PHONE = "phone", _("Phone")
        EMAIL = "email", _("Email")
        WEBSITE = "website", _("Web page")
        CRITERIA = "eligibility", _("Referral criteria")

    # Each detail is the service field of the same name (with _en and _cy where it is text in two languages).
    BILINGUAL = {Detail.REFERRERS, Detail.METHOD, Detail.CRITERIA}

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="referral_sources",
                                verbose_name=_("service"))
    detail = models.CharField(_("detail"), max_length=20, choices=Detail.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "detail"]
        verbose_name = _("referral detail source")
        verbose_name_plural = _("referral detail sources")
        constraints = [models.UniqueConstraint(fields=["service", "detail"], name="one_source_per_referral_detail")]

    def __str__(self) -> str:
        return f"{self.service.name_en}: {self.detail} ({self.source})"


@dataclass(frozen=True)
class ReferralDetail:
    """One line of a service's "How to refer": its value in both languages (empty when not published) and source."""

    key: str
    label: str
    value_en: str
    value_cy: str
    source: ReferralSource | None


class RegionStatusNote(models.Model):
    """What a region is doing where it has no specialist team, as its source reports it."""

    region = models.OneToOneField(Region, on_delete=models.CASCADE, related_name="status_note", verbose_name=_("region"))
    text_en = models.TextField(_("note (English)"))
    text_cy = models.TextField(_("note (Welsh)"), blank=True)
    source_citation = models.TextField(_("source"))
    last_reviewed = models.DateField(_("last reviewed"), validators=[a_day_that_has_come])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region status note")
        verbose_name_plural = _("region status notes")

    def __str__(self) -> str:
        return self.region.name_en



class Steward(models.Model):
    """A regional data steward: may edit only the services whose areas all lie in their regions."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steward", verbose_name=_("user")
    )
    regions = models.ManyToManyField(Region, related_name="stewards", verbose_name=_("regions"))
    history = HistoricalRecords(m2m_fields=[regions])

    class Meta:
        verbose_name = _("regional data steward")
        verbose_name_plural = _("regional data stewards")

    def __str__(self) -> str:
        return str(self.user)


# Provision before the record began lives in its own module; importing it here registers it with the app.
from .predating import PastProvision  # noqa: E402,F401
