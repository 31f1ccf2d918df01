"""The paper's nine recommendations, the evidence of what has happened on each, and each one's status."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pirs_portal.records import NaturalKeyModel
from pirs_portal.validators import a_day_that_has_come
from regions.models import Region

NEEDS_EVIDENCE = _(
    "A status other than “no evidence recorded” needs at least one evidence entry on this recommendation. "
    "Add the evidence first (Evidence on the recommendations → Add), ticking this recommendation, then set the status."
)


class Recommendation(NaturalKeyModel):
    """One of the nine recommendations of the paper's Section Five, in the portal's own words."""

    NATURAL_KEY = "number"

    class Status(models.TextChoices):
        NO_EVIDENCE = "no_evidence", _("No evidence recorded")
        SOME_PROGRESS = "some_progress", _("Some progress")
        SUBSTANTIAL_PROGRESS = "substantial_progress", _("Substantial progress")
        ACHIEVED = "achieved", _("Achieved")

    class DecidedAs(models.TextChoices):
        """Who set the status, as the public pages may say it: a role, never a person."""

        STARTING_DATA = "starting_data", _("the portal's starting data")
        NATIONAL_STEWARD = "national_steward", _("a national data steward")
        ADMINISTRATOR = "administrator", _("a site administrator")

    number = models.PositiveSmallIntegerField(_("number"), unique=True, validators=[MinValueValidator(1)])
    title_en = models.CharField(_("short title (English)"), max_length=200)
    title_cy = models.CharField(_("short title (Welsh)"), max_length=200, blank=True)
    summary_en = models.TextField(_("summary (English)"))
    summary_cy = models.TextField(_("summary (Welsh)"), blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.NO_EVIDENCE)
    status_decided_at = models.DateTimeField(_("status decided at"), null=True, blank=True)
    status_decided_as = models.CharField(_("status decided by (role)"), max_length=24, choices=DecidedAs.choices,
                                         default=DecidedAs.STARTING_DATA)
    # For stewards in the admin only: the public pages and downloads give the role above.
    status_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("status decided by (account)"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.number}. {self.title_en}"

    def clean(self) -> None:
        if self.status != self.Status.NO_EVIDENCE and not self.has_evidence():
            raise ValidationError({"status": NEEDS_EVIDENCE})

    def has_evidence(self) -> bool:
        return self.pk is not None and self.evidence.exists()


class EvidenceQuerySet(models.QuerySet):
    def newest_first(self) -> "EvidenceQuerySet":
        return self.order_by("-happened_on", "-pk")

    def in_region(self, region: Region) -> "EvidenceQuerySet":
        return self.filter(region=region)


class Evidence(models.Model):
    """Something that happened, from a named source, bearing on one or more recommendations."""

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month only")
        YEAR = "year", _("Year only")

    happened_on = models.DateField(
        _("date"), validators=[a_day_that_has_come], help_text=_("For a date known only to the month or the year, enter its first day and say so below."))
    precision = models.CharField(_("the date is known to the"), max_length=5, choices=Precision.choices,
                                 default=Precision.DAY)
    summary_en = models.CharField(_("what happened (English)"), max_length=400,
                                  help_text=_("One neutral sentence in your own words; never the source's."))
    summary_cy = models.CharField(_("what happened (Welsh)"), max_length=400, blank=True)
    is_background = models.BooleanField(
        _("background"), default=False,
        help_text=_("Tick when the entry gives context (before the paper, or beside the recommendation) rather than "
                    "showing action on it."))
    source_url = models.URLField(_("source address"), max_length=500)
    source_title = models.CharField(_("source title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200)
    recommendations = models.ManyToManyField(Recommendation, related_name="evidence",
                                             verbose_name=_("recommendations it bears on"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendation_evidence",
        verbose_name=_("region"), help_text=_("Only where what happened was in one region; empty for all of Wales."))

    objects = EvidenceQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("evidence on the recommendations")
        verbose_name_plural = _("evidence on the recommendations")

    def __str__(self) -> str:
        return f"{self.happened_on.isoformat()[:self.iso_length]}: {self.summary_en}"

    @property
    def iso_length(self) -> int:
        """How much of the ISO date is known: 10 for a day, 7 for a month, 4 for a year."""
        return {self.Precision.MONTH: 7, self.Precision.YEAR: 4}.get(self.precision, 10)

    @property
    def date_text(self) -> str:
        """The date as far as it is known, in ISO form: 2024-01-31, 2024-02 or 2019."""
        return self.happened_on.isoformat()[:self.iso_length]

    def clean(self) -> None:
        if self.happened_on is None:
            return
        starts = {
            self.Precision.MONTH: self.happened_on.replace(day=1),
            self.Precision.YEAR: datetime.date(self.happened_on.year, 1, 1),
        }
        first = starts.get(self.precision)
        if first is not None and first != self.happened_on:
            raise ValidationError({"happened_on": _(
                "For a date known only to the month or the year, enter the first day of that month or year "
                "(%(first)s).") % {"first": first.isoformat()}})
