"""The filters on /services: ages, search, taxonomy terms and modification dates."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from openreferral.ids import service_id
from openreferral.taxonomies import INTERVENTION, SETTING
from services.models import Intervention, Service

pytestmark = pytest.mark.django_db

GPIMHS, CARDIFF, WREXHAM = "g-pimhs", "cardiff-parents-plus", "wrexham-flintshire-early-years-camhs"
CWM_TAF, HYWEL_DDA = "cwm-taf-morgannwg-nurturing-families", "hywel-dda-perinatal-parent-infant-specialists"


def ids_found(api, **params) -> set[str]:
    """Return the ids of the services a filtered listing holds."""
    response = api("services", per_page=200, **params)
    assert response.status_code == 200, response.json()
    return {s["id"] for s in response.json()["contents"]}


def found(api, **params) -> set[str]:
    """Return the slugs of the services a filtered listing holds."""
    ids = ids_found(api, **params)
    slugs = set(Service.objects.values_list("slug", flat=True))
    return {slug for slug in slugs if service_id(slug=slug) in ids}


def term_id(taxonomy, code: str) -> str:
    return next(t["id"] for t in taxonomy if t["code"] == code)


def published_ages(api) -> dict[str, tuple]:
    """Return each service's minimum_age and maximum_age as the listing publishes them (None if left out)."""
    slugs = {service_id(slug=slug): slug for slug in Service.objects.values_list("slug", flat=True)}
    return {
        slugs[s["id"]]: (s.get("minimum_age"), s.get("maximum_age"))
        for s in api("services", per_page=200).json()["contents"]
    }


# The UK profile: "Return services with a minimum age of at least the specified value" and "with a maximum
# age [...] equal to or below the specified value": each compares the service's own field with the value.
def test_maximum_age_keeps_services_whose_own_maximum_age_is_at_or_below_it(api):
    # Published maximum_age: G-PIMHS 1.9167 (until 24 months), Cardiff 4.9167 (until 60), Wrexham 6.9167.
    assert found(api, maximum_age=2) == found(api, maximum_age="1.9167") == {GPIMHS}
    assert found(api, maximum_age="4.9") == {GPIMHS}
    assert found(api, maximum_age=5) == {GPIMHS, CARDIFF}
    assert found(api, maximum_age=7) == {GPIMHS, CARDIFF, WREXHAM}
    assert found(api, maximum_age="1.9") == found(api, maximum_age=0) == set()


def test_minimum_age_keeps_services_whose_own_minimum_age_is_at_least_it(api):
    # Every stated range here starts in pregnancy or at birth: minimum_age 0.
    assert found(api, minimum_age=0) == {GPIMHS, CARDIFF, WREXHAM}
    assert found(api, minimum_age="0.5") == found(api, minimum_age=3) == set()


def test_minimum_and_maximum_age_together_keep_services_whose_whole_range_lies_between_them(api):
    assert found(api, minimum_age=0, maximum_age=5) == {GPIMHS, CARDIFF}
    assert found(api, minimum_age=1, maximum_age=10) == set()


@pytest.mark.parametrize("value", ["0", "1.5", "1.6666", "1.6667", "2", "4.99", "5", "7", "120"])
def test_maximum_age_agrees_with_the_maximum_age_each_service_publishes(api, value):
    Service.objects.filter(slug=GPIMHS).update(age_end_months=20)  # published as 1.6667
    ages = published_ages(api)
    expected = {slug for slug, (_low, high) in ages.items() if high is not None and high <= float(value)}
    assert found(api, maximum_age=value) == expected


def test_age_filters_leave_out_services_whose_source_states_no_ages(api):
    assert found(api, maximum_age=120) == {GPIMHS, CARDIFF, WREXHAM}
    assert found(api, minimum_age=0) == {GPIMHS, CARDIFF, WREXHAM}
    assert HYWEL_DDA in found(api)


def test_search_finds_services_by_intervention_name(api):
    assert found(api, search="video interaction") == {GPIMHS, WREXHAM}


def test_search_finds_services_by_the_welsh_name_of_their_organisation(api):
    assert found(api, search="caerdydd") == {CARDIFF}


def test_search_ignores_the_case_of_welsh_letters(api):
    # "tîm" (team) stands in the Welsh summaries; a client may send it in capitals.
    assert found(api, search="TÎM") == found(api, search="tîm") != set()


def test_search_needs_every_word_to_match(api):
    assert found(api, search="video cardiff") == set()
    assert found(api, search="no-such-word") == set()


def test_taxonomy_term_keeps_services_offering_that_intervention(api):
    terms = api("taxonomy_terms").json()["contents"]
    assert found(api, taxonomy_term_id=term_id(terms, "circle-of-security")) == {WREXHAM}


def test_taxonomy_term_keeps_services_in_that_setting(api):
    terms = api("taxonomy_terms").json()["contents"]
    assert found(api, taxonomy_term_id=term_id(terms, "la_early_help")) == {CARDIFF}


def test_taxonomy_keeps_services_with_any_of_its_terms(api):
    assert found(api, taxonomy_id=INTERVENTION.id) == {GPIMHS, CARDIFF, WREXHAM}
    assert found(api, taxonomy_id=SETTING.id) == {GPIMHS, CARDIFF, WREXHAM, HYWEL_DDA}


def test_a_well_formed_but_unknown_term_gives_an_empty_page(api):
    page = api("services", taxonomy_term_id="00000000-0000-4000-8000-000000000000").json()
    assert page["empty"] is True and page["total_items"] == 0


def test_a_new_intervention_is_a_term_services_can_be_filtered_by(api):
    intervention = Intervention.objects.create(slug="baby-massage", name_en="Baby massage")
    Service.objects.get(slug=CWM_TAF).interventions.add(intervention)
    terms = api("taxonomy_terms").json()["contents"]
    assert found(api, taxonomy_term_id=term_id(terms, "baby-massage")) == {CWM_TAF}


LONG_AGO = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)  # no change recorded since
UK = zoneinfo.ZoneInfo("Europe/London")


def test_a_review_alone_is_not_a_modification_and_the_page_and_the_api_agree_on_the_last_change(api, client):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    Service.objects.filter(slug=CARDIFF).update(last_reviewed=datetime.date(2025, 6, 1))
    assert found(api, modified_after="2025-06-01") == set()
    record = api(f"services/{service_id(slug=CARDIFF)}").json()
    assert (record["last_modified"][:10], record["assured_date"]) == ("2025-01-01", "2025-06-01")
    assert "Last changed: 1 January 2025" in client.get("/services/cardiff-parents-plus/").content.decode()


def test_a_record_with_no_timed_change_counts_from_the_start_of_its_review_day(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    # A review counts from the start of its day, UK time: here 2025-06-01T00:00:00+01:00.
    Service.objects.filter(slug=CARDIFF).update(last_reviewed=datetime.date(2025, 6, 1), updated_at=None)
    assert found(api, modified_after="2025-06-01") == {CARDIFF}
    assert found(api, modified_after="2025-05-31T23:00:00Z") == {CARDIFF}
    assert found(api, modified_after="2025-05-31T23:00:01Z") == set()
    assert found(api, modified_after="2025-06-01T17:30:00Z") == set()
    # The same moment at an offset PostgreSQL cannot hold (beyond ±15:59), found by fuzzing: a 500 there before.
    assert found(api, modified_after="2025-06-01T20:30:00+21:30") == {CARDIFF}
    assert found(api, modified_after="2025-01-10") == {CARDIFF}, "the others changed before"


def test_modified_after_compares_to_the_second_not_to_the_day(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    Service.objects.filter(slug=GPIMHS).update(updated_at=datetime.datetime(2025, 6, 1, 2, 2, 54, tzinfo=UK))
    Service.objects.filter(slug=CARDIFF).update(updated_at=datetime.datetime(2025, 6, 1, 2, 2, 55, tzinfo=UK))
    assert found(api, modified_after="2025-06-01T02:02:55+01:00") == {CARDIFF}
    assert found(api, modified_after="2025-06-01T02:02:54+01:00") == {GPIMHS, CARDIFF}
    assert found(api, modified_after="2025-06-01T02:02:55.001+01:00") == set()


def test_modified_after_without_an_offset_is_uk_time_and_with_one_is_that_moment(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    changed = datetime.datetime(2025, 6, 1, 1, 2, 55, tzinfo=datetime.timezone.utc)
    Service.objects.filter(slug=CARDIFF).update(updated_at=changed)
    assert found(api, modified_after="2025-06-01T02:02:55") == {CARDIFF}  # British Summer Time
    assert found(api, modified_after="2025-06-01T02:02:56") == set()
    # 21:02:55 on 31 May in New York is 02:02:55 on 1 June in the UK.
    assert found(api, modified_after="2025-05-31T21:02:55-04:00") == {CARDIFF}


def test_an_offset_whose_plus_was_not_encoded_is_still_read_as_plus(api, client):
    # Typed into an address as it is, "+01:00" arrives as " 01:00": a "+" in a query string means a space.
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    Service.objects.filter(slug=CARDIFF).update(updated_at=datetime.datetime(2025, 6, 1, 2, 2, 55, tzinfo=UK))
    for moment, expected in [("2025-06-01T02:02:55+01:00", 1), ("2025-06-01T02:02:56+01:00", 0)]:
        response = client.get(f"/api/oruk/services?modified_after={moment}")
        assert response.status_code == 200 and response.json()["total_items"] == expected, moment
    assert client.get("/api/oruk/services?start_time=09:00+01:00").status_code == 200
    # A date and a time apart, as ISO 8601 allows, are not mistaken for an offset.
    assert found(api, modified_after="2025-06-01 02:02:55") == {CARDIFF}


def test_every_service_is_found_from_its_own_last_modified_and_not_a_millisecond_later(api):
    changed = datetime.datetime(2026, 3, 1, 9, 0, 0, 999_999, tzinfo=UK)  # shown to the millisecond: .999
    Service.objects.filter(slug=GPIMHS).update(updated_at=changed)
    for record in api("services").json()["contents"]:
        moment = datetime.datetime.fromisoformat(record["last_modified"])
        later = (moment + datetime.timedelta(milliseconds=1)).isoformat()
        assert record["id"] in ids_found(api, modified_after=record["last_modified"])
        assert record["id"] not in ids_found(api, modified_after=later)


def test_filters_combine(api):
    assert found(api, search="video", maximum_age=2) == {GPIMHS}
    assert found(api, search="video", maximum_age=7) == {GPIMHS, WREXHAM}


def test_a_recorded_change_counts_for_modified_after_and_last_modified(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    service = Service.objects.get(slug=WREXHAM)
    service.how_to_refer_en = "Through the health visitor."
    service.save()  # a steward's edit today
    today = timezone.localdate().isoformat()  # UK time, as last_modified is given
    assert found(api, modified_after=today) == {WREXHAM}
    record = api(f"services/{service_id(slug=WREXHAM)}").json()
    assert record["last_modified"].startswith(today) and record["assured_date"] == "2025-01-10"


def test_modified_after_at_the_ends_of_the_calendar_is_answered_not_refused(api):
    assert len(found(api, modified_after="0001-01-01T00:00:00Z")) == 5  # everything is later
    assert len(found(api, modified_after="0001-01-01")) == 5
    assert found(api, modified_after="9999-12-31T23:59:59-01:00") == set()  # nothing is later
