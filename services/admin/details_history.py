"""A service's or a route's history page also lists the changes to the rows kept under it, with who and when.

Each fact, referral source and route contact keeps a history of its own (django-simple-history);
the record's page would otherwise show only "Changed" against the record for an edit made to
one of them, and nowhere say what changed.
"""

from django.utils.translation import gettext as _
from simple_history.models import ModelChange

from ..models import ReferralSource, RoutePointer, ServiceFact

SHOWN = 200  # the newest changes; older ones stay in the database's history tables


def _described(record) -> str:
    if isinstance(record.instance, ServiceFact):
        return f"{record.instance.get_key_display()}: {_('yes') if record.holds else _('no')}"
    if isinstance(record.instance, RoutePointer):
        where = record.local_authority or record.region or _("all of Wales")
        return f"{where}, {record.instance.get_kind_display()}: {record.value_en}"
    return f"{record.instance.get_detail_display()}: {record.source}"


def detail_changes(*, service_pk) -> list[dict]:
    """The newest changes to a service's facts and referral sources, newest first."""
    return _row_changes([ServiceFact, ReferralSource], service_id=service_pk)


def contact_changes(*, route_pk) -> list[dict]:
    """The newest changes to a route's contacts and pointers, newest first."""
    return _row_changes([RoutePointer], route_id=route_pk)


def _row_changes(models, **owner) -> list[dict]:
    """Each row's versions are read together, oldest first, so each change is compared with the version before it
    without a query per change."""
    records = []
    for model in models:
        before = {}
        for record in model.history.filter(**owner).select_related("history_user").order_by(
                "id", "history_date", "history_id"):
            record.earlier = before.get(record.id)
            before[record.id] = record
            records.append(record)
    records.sort(key=lambda record: record.history_date, reverse=True)
    return [
        {
            "when": record.history_date,
            "who": record.history_user,
            "kind": record.instance._meta.verbose_name,
            "what": _described(record),
            "action": record.get_history_type_display(),
            "reason": record.history_change_reason or "",
            "fields": [_named(type(record.instance), change) for change in record.diff_against(record.earlier).changes]
            if record.history_type == "~" and record.earlier else None,
        }
        for record in records[:SHOWN]
    ]


def _named(model, change: ModelChange) -> ModelChange:
    """One field's change, with a record it points to (a region, an authority) named rather than numbered."""
    field = model._meta.get_field(change.field)
    if not (field.is_relation and field.many_to_one):
        return change
    names = {row.pk: str(row) for row in field.related_model.objects.filter(pk__in=[change.old, change.new])}
    return ModelChange(change.field, names.get(change.old, "–"), names.get(change.new, "–"))
