"""Which suggestions a steward may see and decide: those about the services they may change (see stewardship).

A suggestion about a route open to every family names no service: only national roles, who alone change
routes, see it.
"""

from django.db.models import QuerySet

from services.models import Service
from services.stewardship import User, is_national, services_editable_by

from .models import Suggestion


def suggestions_editable_by(*, user: User, suggestions: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Keep the suggestions a user may see and decide: all for national roles, else those on their services.

    A suggestion whose service has been deleted belongs to no region, so only national roles see it.
    """
    if is_national(user):
        return suggestions
    return suggestions.filter(service__in=services_editable_by(user=user, services=Service.objects.all()))
