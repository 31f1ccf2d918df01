"""Writes to suggestions: one sent from the public form, a steward's decision, the deletion of contact details.

A decision is a conditional update of a suggestion still waiting, so two stewards deciding at
once never both succeed: the second is told that it was decided already.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation

from regions.models import LocalAuthority
from services.models import Service
from services.routes import UniversalRoute

from .models import Suggestion
from .subjects import Subject

# Names and email addresses are kept this long after a decision, for a steward to write back, and no longer
# than WAITING_CONTACT_DAYS after sending when no one has decided.
CONTACT_DAYS = 90
WAITING_CONTACT_DAYS = 180
# The same suggestion sent again within this time (a second click, a reload) is stored once.
REPEAT_WINDOW = datetime.timedelta(hours=1)


def history_reason(suggestion: Suggestion) -> str:
    """The change reason in the service's or route's history when a suggestion is accepted: its number, no one's
    name."""
    return f"Suggestion {suggestion.pk} accepted"


def suggestion_send(*, service: Service | None = None, route: UniversalRoute | None = None,
                    local_authority: LocalAuthority | None = None, what_is_wrong: str, correct_information: str,
                    source: str, source_url: str, name: str, email: str, language: str) -> Suggestion:
    """Store a suggestion from the public form, waiting for a steward; the same one sent again soon is stored once.

    It is about a service, or about a route in a local authority.
    """
    if (service is None) == (route is None) or (route is None) != (local_authority is None):
        raise ValueError("A suggestion is about a service, or about a route in a local authority.")
    fields = {"service": service, "route": route, "local_authority": local_authority,
              "what_is_wrong": what_is_wrong, "correct_information": correct_information,
              "source": source, "source_url": source_url}
    repeat = Suggestion.objects.filter(status=Suggestion.Status.PENDING,
                                       sent_at__gte=timezone.now() - REPEAT_WINDOW, **fields).first()
    if repeat is not None:
        return repeat
    with translation.override("en"):  # the stewards' queue names records in English
        about = Subject(service=service, route=route, local_authority=local_authority).name
    return Suggestion.objects.create(**fields, name=name, email=email, language=language,
                                     about_key=Suggestion.key_of(service or route), about_name=about)


def _decide(*, suggestion: Suggestion, user: AbstractBaseUser, status: str, reason: str = "",
            now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    decided = Suggestion.objects.filter(pk=suggestion.pk, status=Suggestion.Status.PENDING).update(
        status=status, decided_by=user, decided_at=now, rejection_reason=reason)
    if decided:
        suggestion.status, suggestion.decided_by, suggestion.decided_at = status, user, now
        suggestion.rejection_reason = reason
    return bool(decided)


def suggestion_accept(*, suggestion: Suggestion, user: AbstractBaseUser) -> bool:
    """Mark a waiting suggestion accepted by this user now; False if someone decided it first.

    Call it in the transaction that saves the service or route, so that both happen or neither does.
    """
    return _decide(suggestion=suggestion, user=user, status=Suggestion.Status.ACCEPTED)


def suggestion_reject(*, suggestion: Suggestion, user: AbstractBaseUser, reason: str) -> bool:
    """Mark a waiting suggestion rejected, with the reason; False if someone decided it first."""
    if not reason.strip():
        raise ValueError("A rejection needs its reason.")
    return _decide(suggestion=suggestion, user=user, status=Suggestion.Status.REJECTED, reason=reason.strip())


def suggestion_contacts_forget(*, now: datetime.datetime, days: int = CONTACT_DAYS,
                               dry_run: bool = False) -> int:
    """Delete the names and email addresses of suggestions decided more than ``days`` ago, or still waiting
    WAITING_CONTACT_DAYS after they were sent; keep the rest.

    Return how many suggestions held a name or an email address to delete.
    """
    with transaction.atomic():
        due = Suggestion.objects.contacts_to_forget(
            decided_before=now - datetime.timedelta(days=days),
            sent_before=now - datetime.timedelta(days=WAITING_CONTACT_DAYS))
        if dry_run:
            return due.count()
        return due.update(name="", email="", contact_forgotten_at=now)
