"""Geography (regions, local authorities, postcodes) and the figures behind need."""

from decimal import Decimal

from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pirs_portal.bilingual import BilingualNameMixin
from pirs_portal.records import NaturalKeyModel, SluggedName

WGS84 = 4326


class Region(SluggedName):
    """A Regional Partnership Board area: the footprint of one local health board."""

    health_board_en = models.CharField(_("health board (English)"), max_length=200)
    health_board_cy = models.CharField(_("health board (Welsh)"), max_length=200, blank=True)
    health_board_code = models.CharField(_("health board ONS code"), max_length=9, unique=True)
    # Stored for fast drawing; always the database's union of its authorities.
    boundary = models.MultiPolygonField(_("boundary"), srid=WGS84, null=True, blank=True)

    history = HistoricalRecords()

    class Meta(SluggedName.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class LocalAuthority(BilingualNameMixin, NaturalKeyModel):
    """One of Wales's 22 unitary local authorities."""

    NATURAL_KEY = "code"

    code = models.CharField(_("ONS code"), max_length=9, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="local_authorities", verbose_name=_("region")
    )
    boundary = models.MultiPolygonField(_("boundary"), srid=WGS84, null=True, blank=True)
    boundary_source = models.CharField(_("boundary source"), max_length=300, blank=True)
    # Empty until first saved: loaddata writes raw rows, which skips auto_now.
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, null=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("local authority")
        verbose_name_plural = _("local authorities")


# The UK records about 700,000 births a year; a larger figure for one area is a slip of the keyboard.
MAX_BIRTHS = 1_000_000
WALES_CODE = "W92000004"  # the ONS code for Wales, as births figures for all of Wales carry it


def year_not_ahead(year: int) -> None:
    """Refuse a year still to come: births are counted after the year ends, and a future year would be shown as latest."""
    if year > timezone.localdate().year:
        raise ValidationError(_("%(year)s is still to come: give the year the births were counted for.")
                              % {"year": year})


class LiveBirths(models.Model):
    """Live births in one year for an area: a local authority, health board or Wales."""

    area_code = models.CharField(_("area code"), max_length=9, db_index=True)
    area_name = models.CharField(_("area name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), year_not_ahead]
    )
    births = models.PositiveIntegerField(_("live births"), validators=[
        MinValueValidator(1, message=_("No area of Wales has a year without births: if the figure is not known, "
                                       "record no figure.")),
        MaxValueValidator(MAX_BIRTHS, message=_("That is more births than any area records in a year: check the "
                                                "figure."))])
    source = models.CharField(_("source"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, null=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area_code", "-year"]
        verbose_name = _("live births figure")
        verbose_name_plural = _("live births figures")
        constraints = [
            models.UniqueConstraint(fields=["area_code", "year"], name="one_births_figure_per_area_year")
        ]

    def __str__(self) -> str:
        return f"{self.area_name} {self.year}: {self.births}"


class NeedParameters(models.Model):
    """Prevalence and cohort years for the need model: one default, optional per-region overrides."""

    region = models.OneToOneField(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="need_parameters",
        verbose_name=_("region"),
        help_text=_("Leave empty for the default that applies to every other region."),
    )
    prevalence = models.DecimalField(
        _("prevalence"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of babies who would benefit, as a fraction (0.15 is 15%)."),
    )
    prevalence_citation = models.TextField(_("prevalence citation"))
    prevalence_citation_cy = models.TextField(_("prevalence citation (Welsh)"), blank=True,
                                              help_text=_("The same in Welsh; a source's title stays as published."))
    cohort_years = models.DecimalField(
        _("cohort years"),
        max_digits=3,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("18"))],
        help_text=_("How many years of births make up the cohort (2 for babies under two)."),
    )
    cohort_years_citation = models.TextField(_("cohort years citation"))
    cohort_years_citation_cy = models.TextField(_("cohort years citation (Welsh)"), blank=True,
                                                help_text=_("The same in Welsh; a source's title stays as published."))
    updated_at = models.DateTimeField(_("last changed"), auto_now=True, null=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need parameters")
        verbose_name_plural = _("need parameters")
        constraints = [
            # A functional unique index, because NULLs are distinct in a plain
            # one: this is what keeps the default to a single row.
            models.UniqueConstraint(Coalesce("region", Value(0)), name="one_need_parameters_per_scope")
        ]

    def __str__(self) -> str:
        scope = self.region.name_en if self.region_id else _("Default")
        return f"{scope}: {self.prevalence:.0%} × {self.cohort_years} years"


class Postcode(models.Model):
    """A postcode from the ONS Postcode Directory, with its local authority code."""

    postcode = models.CharField(_("postcode"), max_length=8, primary_key=True)
    # Any ONS authority code: English, Scottish and Welsh postcodes are all kept,
    # so a lookup can tell "outside Wales" from "no such postcode".
    area_code = models.CharField(_("local authority code"), max_length=9)
    point = models.PointField(_("point"), srid=WGS84, null=True, blank=True)

    class Meta:
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return self.postcode
