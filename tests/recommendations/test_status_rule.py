"""A status above "no evidence recorded" needs evidence: the model refuses it, with a message that says what to do."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from recommendations.models import Evidence, Recommendation

pytestmark = pytest.mark.django_db


def entry_on(*recommendations: Recommendation) -> Evidence:
    evidence = Evidence.objects.create(
        happened_on=datetime.date(2026, 3, 1), summary_en="Something was done.", source_url="https://example.org/a",
        source_title="A source", publisher="A publisher")
    evidence.recommendations.set(recommendations)
    return evidence


def test_recommendation_two_cannot_be_raised_while_it_has_no_evidence():
    two = Recommendation.objects.get(number=2)
    assert not two.evidence.exists()
    for status in ("some_progress", "substantial_progress", "achieved"):
        two.status = status
        with pytest.raises(ValidationError) as refused:
            two.full_clean()
        assert "needs at least one evidence entry" in " ".join(refused.value.message_dict["status"])


def test_recommendation_two_can_be_raised_once_an_entry_bears_on_it():
    two = Recommendation.objects.get(number=2)
    entry_on(two)
    two.status = Recommendation.Status.SOME_PROGRESS
    two.full_clean()


def test_no_evidence_recorded_needs_no_evidence():
    two = Recommendation.objects.get(number=2)
    two.status = Recommendation.Status.NO_EVIDENCE
    two.full_clean()


def test_a_new_recommendation_cannot_start_above_no_evidence_recorded():
    ten = Recommendation(number=10, title_en="Ten", summary_en="Ten.", status=Recommendation.Status.ACHIEVED)
    with pytest.raises(ValidationError):
        ten.full_clean()


@pytest.mark.parametrize("precision, day, allowed", [
    ("year", datetime.date(2019, 1, 1), True), ("year", datetime.date(2019, 6, 1), False),
    ("month", datetime.date(2024, 2, 1), True), ("month", datetime.date(2024, 2, 14), False),
    ("day", datetime.date(2024, 2, 14), True),
])
def test_a_date_known_only_to_its_month_or_year_is_stored_as_that_months_or_years_first_day(precision, day, allowed):
    evidence = Evidence(happened_on=day, precision=precision, summary_en="x", source_url="https://example.org/",
                        source_title="t", publisher="p")
    if allowed:
        evidence.full_clean()
    else:
        with pytest.raises(ValidationError):
            evidence.full_clean()
