"""Names and email addresses are deleted 90 days after a decision (180 after sending if none); the rest is kept."""

import datetime
import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from suggestions.models import Suggestion
from tests.factories import AdminBrowser, regional_steward

from .helpers import SENDER_EMAIL, SENDER_NAME, suggestion_waiting

pytestmark = pytest.mark.django_db


def decided(days_ago: float, status=Suggestion.Status.REJECTED, *, by: User | None = None) -> Suggestion:
    suggestion = suggestion_waiting("cardiff-parents-plus")
    Suggestion.objects.filter(pk=suggestion.pk).update(
        status=status, decided_at=timezone.now() - datetime.timedelta(days=days_ago), decided_by=by,
        rejection_reason="No source confirms it." if status == Suggestion.Status.REJECTED else "")
    suggestion.refresh_from_db()
    return suggestion


def forget(*args) -> str:
    out = io.StringIO()
    call_command("forget_suggestion_contacts", *args, stdout=out)
    return out.getvalue()


def test_names_and_emails_go_90_days_after_the_decision_and_the_decision_stays():
    steward = regional_steward("cardiff-steward", "cardiff-and-vale")
    rejected, accepted = decided(91, by=steward), decided(90.01, Suggestion.Status.ACCEPTED, by=steward)
    recent, waiting = decided(89), suggestion_waiting("g-pimhs")
    Suggestion.objects.filter(pk=waiting.pk).update(sent_at=timezone.now() - datetime.timedelta(days=100))
    # Still waiting 400 days after it was sent: no decision is coming soon enough to keep the details for.
    forgotten = suggestion_waiting("wrexham-flintshire-early-years-camhs")
    Suggestion.objects.filter(pk=forgotten.pk).update(sent_at=timezone.now() - datetime.timedelta(days=400))

    assert "of 3 suggestions" in forget()
    forgotten.refresh_from_db()
    assert (forgotten.name, forgotten.email, forgotten.status) == ("", "", Suggestion.Status.PENDING)

    for old, status in ((rejected, Suggestion.Status.REJECTED), (accepted, Suggestion.Status.ACCEPTED)):
        before = old.decided_at
        old.refresh_from_db()
        assert (old.name, old.email) == ("", "")
        assert old.contact_forgotten_at is not None
        assert (old.status, old.decided_by, old.decided_at) == (status, steward, before)
        assert old.what_is_wrong and old.correct_information and old.source_url
    rejected.refresh_from_db()
    assert rejected.rejection_reason == "No source confirms it."
    for kept in (recent, waiting):
        kept.refresh_from_db()
        assert (kept.name, kept.email) == (SENDER_NAME, SENDER_EMAIL)
        assert kept.contact_forgotten_at is None
    assert "of 0 suggestions" in forget()  # run again, nothing more to do


def test_a_dry_run_counts_what_is_due_and_changes_nothing():
    old = decided(120)
    assert forget("--dry-run").startswith("1 suggestion decided more than 90 days ago (or waiting more than 180) "
                                          "still holds")
    old.refresh_from_db()
    assert old.name == SENDER_NAME


def test_the_steward_sees_that_the_contact_details_were_deleted():
    steward = AdminBrowser(regional_steward("cardiff-steward", "cardiff-and-vale"))
    old = decided(100)
    forget()
    page = steward.get(f"/admin/suggestions/suggestion/{old.pk}/change/").content.decode()
    assert "Deleted on" in page and SENDER_NAME not in page and SENDER_EMAIL not in page
    assert "No source confirms it." in page
