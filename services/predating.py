"""Provision before the portal's record began: when a service started, changed or stopped, with its source.

The portal's record of a service begins with its first version (the seed's are
dated to the paper). A steward who finds, in a dated source, that a team started
earlier, or was developing before it was established, records it here. Each
record writes one version into the service's history, dated to the day it
happened, so coverage on a past day (coverage/past.py) counts it like any other
version; changing or deleting the record changes or removes that version.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pirs_portal.validators import EARLIEST
from regions.models import LocalAuthority

PAST_REASON = "Provision before the record began, from a dated source"

# The service's own choices, read when needed: this module is imported by services/models.py as it loads.
def service_statuses() -> list:
    from .models import Service

    return Service.Status.choices


def service_kinds() -> list:
    from .models import Service

    return Service.Kind.choices


class PastProvision(models.Model):
    """One thing that happened to a service before the portal recorded it, as a dated source states it."""

    class Event(models.TextChoices):
        STARTED = "started", _("The service started")
        CHANGED = "changed", _("Its status, kind or areas changed")
        STOPPED = "stopped", _("The service stopped")

    service = models.ForeignKey("services.Service", on_delete=models.CASCADE, related_name="past_provision",
                                verbose_name=_("service"))
    event = models.CharField(_("what happened"), max_length=10, choices=Event.choices)
    happened_on = models.DateField(_("the day it happened"),
                                   help_text=_("The first day of the month or year if the source gives no day."))
    status = models.CharField(_("status from that day"), max_length=20, blank=True, choices=service_statuses)
    kind = models.CharField(_("kind from that day"), max_length=30, blank=True, choices=service_kinds)
    areas = models.ManyToManyField(LocalAuthority, blank=True, related_name="+",
                                   verbose_name=_("local authorities covered from that day"))
    source_citation = models.TextField(_("source"), help_text=_("What states it: title, publisher, page."))
    source_url = models.URLField(_("address of the source"), blank=True)
    source_date = models.DateField(_("date of the source"))
    version = models.OneToOneField("services.HistoricalService", on_delete=models.SET_NULL, null=True,
                                   editable=False, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provision before the record began")
        verbose_name_plural = _("provision before the record began")

    def __str__(self) -> str:
        return f"{self.service}: {self.get_event_display()} {self.happened_on:%Y-%m-%d}"

    def record_begins(self) -> datetime.date | None:
        """The day the portal's own record begins, for Wales or for this service if that is earlier.

        Wales's begins with the first record of its authorities (the seed's, dated to the
        paper); every day from then on has published figures, which a record made
        now must not rewrite. A service the portal itself recorded earlier (none yet) keeps its own.
        """
        firsts = [
            LocalAuthority.history.order_by("history_date").values_list("history_date", flat=True).first(),
            self.service.history.exclude(history_change_reason=PAST_REASON)
            .order_by("history_date").values_list("history_date", flat=True).first(),
        ]
        firsts = [timezone.localdate(first) for first in firsts if first is not None]
        return min(firsts, default=None)

    def clean(self) -> None:
        problems = {}
        today = timezone.localdate()
        if self.service_id and self.happened_on:
            begins = self.record_begins()
            if begins and self.happened_on >= begins:
                problems["happened_on"] = _("The portal's record begins on %(day)s: record what happened from then "
                                            "on by editing the service itself.") % {"day": begins.isoformat()}
            elif self.happened_on < EARLIEST:
                problems["happened_on"] = _("Give a day from %(day)s on.") % {"day": EARLIEST.isoformat()}
            elif (PastProvision.objects.filter(service_id=self.service_id, happened_on=self.happened_on)
                  .exclude(pk=self.pk).exists()):
                problems["happened_on"] = _("This service already has a record for that day: change that one.")
        if self.source_date and self.source_date > today:
            problems["source_date"] = _("A source cannot be dated after today.")
        elif self.source_date and self.happened_on and self.source_date < self.happened_on:
            problems["source_date"] = _("A source dated before the day it reports cannot show that it happened.")
        if self.event != self.Event.STOPPED:
            for name in ("status", "kind"):
                if not getattr(self, name):
                    problems[name] = _("Say what it was from that day.")
        if problems:
            raise ValidationError(problems)


def write_version(record: PastProvision, *, areas: list[LocalAuthority], user) -> None:
    """Write (or rewrite) the service version this record stands for, dated to the start of its day."""
    service = record.service
    versions = service.history.model
    with transaction.atomic():
        if record.version_id:
            versions.objects.filter(pk=record.version_id).delete()
        first = service.history.order_by("history_date").first()
        values = {f.attname: getattr(first, f.attname) for f in service._meta.concrete_fields} if first else {}
        values.update(
            id=service.pk, capacity_families_per_year=None, staff_wte=None,
            is_published=record.event != PastProvision.Event.STOPPED,
            status=record.status or values.get("status", ""), kind=record.kind or values.get("kind", ""),
        )
        version = versions.objects.create(
            **values, history_date=timezone.make_aware(datetime.datetime.combine(record.happened_on, datetime.time.min)),
            history_type="+" if record.event == PastProvision.Event.STARTED else
            "-" if record.event == PastProvision.Event.STOPPED else "~",
            history_change_reason=PAST_REASON, history_user=user,
        )
        link = versions._meta.get_field("historicalservice_areas").related_model
        # No link row stood for these areas then: 0 says so where a link's own id would be.
        link.objects.bulk_create(
            link(history=version, id=0, service_id=service.pk, localauthority_id=la.pk) for la in areas
        )
        record.version = version
        PastProvision.objects.filter(pk=record.pk).update(version=version)
