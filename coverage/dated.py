"""Which day a coverage page or download shows: today, or the past day its ``on`` parameter names."""

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pirs_portal.datacache import cached, data_version
from pirs_portal.bilingual import pick
from regions.models import Region
from services.forms import ErrorSummaryMixin

from . import exports, past
from .gap import GapSummary, gap_build, gap_summary

DAY_FORMAT = "%Y-%m-%d"


class DayField(forms.DateField):
    """A day written year-month-day in ASCII digits, as the address and the date input send it, and nothing else."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


def _day_field(label, help_text) -> forms.DateField:
    return DayField(
        label=label, required=False, input_formats=[DAY_FORMAT], help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format=DAY_FORMAT),
        error_messages={"invalid": _("Give the date as year-month-day, for example 2025-06-01.")},
    )


class OnDateForm(forms.Form):
    """The day to show, as a plain date field that works without JavaScript (YYYY-MM-DD)."""

    on = _day_field(_("Show coverage as recorded on"),
                    _("A date written as year-month-day, for example 2025-06-01. Leave it empty for today."))

    def clean_on(self) -> datetime.date | None:
        day = self.cleaned_data["on"]
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(_("That day is still to come: choose today or a day before it."))
        return day


class ChangesForm(ErrorSummaryMixin, forms.Form):
    """Which changes to list: a region, and the days from and to (both included); every field may be empty."""

    region = forms.ModelChoiceField(
        label=_("Region"), required=False, to_field_name="slug", empty_label=_("All of Wales"),
        queryset=Region.objects.defer("boundary").order_by("name_en"),
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )
    since = _day_field(_("Changed since"), _("The first day to list, as year-month-day: the day of your last "
                                             "briefing, say. Leave it empty for every change."))
    until = _day_field(_("Changed up to"), _("The last day to list, as year-month-day. Leave it empty for today."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].label_from_instance = lambda region: pick(region, "name")

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The last day is before the first: swap them, or leave one empty."))
        return data

    def filters(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("region", "since", "until")} if self.is_valid() else {}


@dataclass
class Dated:
    """The gap a page shows and the day it shows it for."""

    form: OnDateForm
    day: datetime.date | None  # None: today, from the current records
    gap: GapSummary | None  # None: a day before the portal's records begin, or a day that is not one
    within: set[str] | None = None  # the authority codes a page is about (a region's); None for Wales

    @property
    def begins(self) -> datetime.date | None:
        """The first day the portal holds a record of."""
        return cached("records-begin", past.records_begin)

    @property
    def sourced(self) -> list:
        """On a day before the record began: the services dated sources record as running then in the page's area."""
        found = past.sourced_on(self.day) if self.day and self.gap is None else []
        return [(s, r) for s, r in found if self.within is None or self.within & set(s.area_codes)]

    @property
    def data_date(self) -> datetime.date | None:
        """The day the figures are as of: a past day's own, else the newest review or change they use."""
        return self.day or cached("data-date", exports.data_date)

    @property
    def query(self) -> str:
        """The query string that keeps a link on the same day ("" for today)."""
        return f"?on={self.day.strftime(DAY_FORMAT)}" if self.day else ""

    @property
    def status(self) -> int:
        return 400 if self.form.errors else 200

    @property
    def context(self) -> dict:
        return {"gap": self.gap, "dated": self}


def gap_on(day: datetime.date) -> GapSummary | None:
    """The gap at the end of a past day, or None before any record; kept in the shared cache per data version.

    Not kept in each process's memory like today's: any day can be asked for, and
    each would stay there until the data changed.
    """
    key = f"gap-on-{day.isoformat()}:{data_version()}"
    found = cache.get(key)
    if found is None:
        rows = past.rows_on(day)
        found = ("none",) if rows is None else ("gap", gap_build(**rows))
        if rows is not None:
            found[1].on = day
        cache.set(key, found, timeout=60 * 60)
    return found[1] if found[0] == "gap" else None


def dated_gap(request: HttpRequest) -> Dated:
    """The gap for the day the request names, today's if it names none; a bad date is said, with no figures."""
    form = OnDateForm({"on": request.GET.get("on", "")})
    if not form.is_valid():
        return Dated(form=form, day=None, gap=None)  # no figures for a day that is not one
    day = form.cleaned_data["on"]
    if day is None or day == timezone.localdate():
        return Dated(form=form, day=None, gap=gap_summary())
    return Dated(form=form, day=day, gap=gap_on(day))
