"""The rows kept under a record (a service's facts and referral sources, a route's contacts): their changes on
the record's history page, and their return when the record is restored from its history.

Each such row keeps a history of its own (django-simple-history); the record's page would otherwise show
only "Changed" against the record for an edit made to one of them, and nowhere say what changed.
"""

import datetime

from django.contrib.admin.utils import unquote
from django.utils.translation import gettext as _
from simple_history.models import ModelChange

from regions.models import LocalAuthority, Region

from ..models import PastProvision, RoutePointer, ServiceFact
from .conflicts import links_of

SHOWN = 200  # the newest changes; older ones stay in the database's history tables
# A cascade writes the history of the rows deleted with a record a few milliseconds apart from the record's own.
DELETED_TOGETHER = datetime.timedelta(seconds=5)


class RowsKeptAdmin:
    """Mixed into the admin of a record with rows kept under it."""

    rows_kept: tuple = ()  # the models of those rows, restored with the record
    rows_listed: tuple = ()  # those whose changes its history page lists
    rows_owner = ""  # the field of theirs that names the record, such as "service_id"
    rows_heading = ""  # what the history page calls their changes

    def rows_restored_message(self, count: int) -> str:
        raise NotImplementedError

    def history_view(self, request, object_id, extra_context=None):
        self._check_ids(object_id)
        extra = {"detail_changes": row_changes(self.rows_listed, **{self.rows_owner: unquote(object_id)}),
                 "detail_heading": self.rows_heading}
        return super().history_view(request, object_id, {**(extra_context or {}), **extra})

    def save_model(self, request, obj, form, change):
        restoring = self.restoring(request, obj)
        super().save_model(request, obj, form, change)
        if restoring and (count := rows_restore(obj, self.rows_kept, owner=self.rows_owner)):
            self.message_user(request, self.rows_restored_message(count))


def _described(record, places: dict) -> str:
    if isinstance(record.instance, ServiceFact):
        return f"{record.instance.get_key_display()}: {_('yes') if record.holds else _('no')}"
    if isinstance(record.instance, RoutePointer):
        return f"{_where(record, places)}, {record.instance.get_kind_display()}: {record.value_en}"
    return f"{record.instance.get_detail_display()}: {record.source}"


def _where(record, places: dict) -> str:
    """Where a contact applied, by name; its authority or region may have been deleted since."""
    for model, pk in ((LocalAuthority, record.local_authority_id), (Region, record.region_id)):
        if pk is not None:
            return places.get((model, pk), _("an area no longer listed"))
    return _("all of Wales")


def _place_names(records) -> dict:
    """The names of the authorities and regions the contacts name, read once for the whole page."""
    wanted = {LocalAuthority: set(), Region: set()}
    for record in records:
        for model, attname in ((LocalAuthority, "local_authority_id"), (Region, "region_id")):
            if getattr(record, attname, None) is not None:
                wanted[model].add(getattr(record, attname))
    return {(model, pk): str(row) for model, ids in wanted.items() if ids
            for pk, row in model.objects.in_bulk(ids).items()}


def row_changes(models, **owner) -> list[dict]:
    """The newest changes to the rows of these models kept under one record, newest first.

    Each row's versions are read together, oldest first, so each change is compared with the version before it
    without a query per change.
    """
    records = []
    for model in models:
        before = {}
        for record in model.history.filter(**owner).select_related("history_user").order_by(
                "id", "history_date", "history_id"):
            record.earlier = before.get(record.id)
            before[record.id] = record
            records.append(record)
    records.sort(key=lambda record: record.history_date, reverse=True)
    places = _place_names(records)
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "kind": record.instance._meta.verbose_name,
            "what": _described(record, places),
            "action": record.get_history_type_display(),
            "reason": record.history_change_reason or "",
            "fields": [_named(type(record.instance), change, places)
                       for change in record.diff_against(record.earlier).changes]
            if record.history_type == "~" and record.earlier else None,
        }
        for record in records[:SHOWN]
    ]


def _named(model, change: ModelChange, places: dict) -> ModelChange:
    """One field's change in a steward's words: the field's label, and a region or an authority named rather
    than numbered."""
    field = model._meta.get_field(change.field)
    label = str(field.verbose_name)
    if not (field.is_relation and field.many_to_one):
        return ModelChange(label, change.old, change.new)
    named = [("–" if pk is None else places.get((field.related_model, pk), _("an area no longer listed")))
             for pk in (change.old, change.new)]
    return ModelChange(label, *named)


def rows_restore(record, models, *, owner: str) -> int:
    """Bring back, from their history, the rows deleted with a record; return how many."""
    gone = type(record).history.filter(id=record.pk, history_type="-").order_by("-history_date").first()
    if gone is None:
        return 0
    restored = 0
    for model in models:
        with_it = model.history.filter(**{owner: record.pk}, history_type="-", history_date__range=(
            gone.history_date - DELETED_TOGETHER, gone.history_date + DELETED_TOGETHER))
        for version in with_it:
            if not model.objects.filter(pk=version.id).exists():
                row = version.instance
                row.save()
                if isinstance(row, PastProvision) and row.version is not None:
                    # Its areas are kept in the service version it wrote, which outlives the record.
                    row.areas.set(links_of(row.version).get("areas", []))
                restored += 1
    return restored
