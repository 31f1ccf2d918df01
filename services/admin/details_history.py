"""A service's history page also lists the changes to its facts and referral sources, with who made them and when.

Each fact and referral source keeps a history of its own (django-simple-history); the
service's page would otherwise show only "Changed" against the service for an edit
made to one of them, and nowhere say what changed.
"""

from django.utils.translation import gettext as _

from ..models import ReferralSource, ServiceFact

SHOWN = 200  # the newest changes; older ones stay in the database's history tables


def _described(record) -> str:
    if isinstance(record.instance, ServiceFact):
        return f"{record.instance.get_key_display()}: {_('yes') if record.holds else _('no')}"
    return f"{record.instance.get_detail_display()}: {record.source}"


def detail_changes(*, service_pk) -> list[dict]:
    """The newest changes to a service's facts and referral sources, newest first."""
    records = []
    for model in (ServiceFact, ReferralSource):
        records += model.history.filter(service_id=service_pk).select_related("history_user").order_by(
            "-history_date")[:SHOWN]
    records.sort(key=lambda record: record.history_date, reverse=True)
    changes = []
    for record in records[:SHOWN]:
        earlier = record.prev_record if record.history_type == "~" else None
        changes.append({
            "when": record.history_date,
            "who": record.history_user,
            "kind": record.instance._meta.verbose_name,
            "what": _described(record),
            "action": record.get_history_type_display(),
            "fields": earlier and [c for c in record.diff_against(earlier).changes],
        })
    return changes
