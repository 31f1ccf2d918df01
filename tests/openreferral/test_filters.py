"""The filters on /services: ages, search, taxonomy terms and modification dates."""

import datetime

import pytest

from openreferral.ids import service_id
from openreferral.taxonomies import INTERVENTION, SETTING
from services.models import Intervention, Service

pytestmark = pytest.mark.django_db

GPIMHS, CARDIFF, WREXHAM = "g-pimhs", "cardiff-parents-plus", "wrexham-flintshire-early-years-camhs"
CWM_TAF, HYWEL_DDA = "cwm-taf-morgannwg-nurturing-families", "hywel-dda-perinatal-parent-infant-specialists"


def found(api, **params) -> set[str]:
    """Return the slugs of the services a filtered listing holds."""
    response = api("services", **params)
    assert response.status_code == 200, response.json()
    ids = {s["id"] for s in response.json()["contents"]}
    slugs = set(Service.objects.values_list("slug", flat=True))
    return {slug for slug in slugs if service_id(slug=slug) in ids}


def term_id(taxonomy, code: str) -> str:
    return next(t["id"] for t in taxonomy if t["code"] == code)


def test_maximum_age_one_excludes_no_team_that_takes_babies_under_one(api):
    assert found(api, maximum_age=1) >= {GPIMHS, CARDIFF, WREXHAM}
    assert found(api, maximum_age=0) >= {GPIMHS, CARDIFF, WREXHAM}


def test_minimum_age_three_keeps_cardiff_to_five_and_wrexham_to_seven_but_not_gpimhs_to_two(api):
    assert found(api, minimum_age=3) == {CARDIFF, WREXHAM}


def test_a_team_seeing_children_until_their_second_birthday_is_kept_just_below_two_but_not_at_two(api):
    assert GPIMHS in found(api, minimum_age="1.99")
    assert GPIMHS not in found(api, minimum_age=2)


def test_minimum_and_maximum_age_together_keep_ranges_that_overlap(api):
    assert found(api, minimum_age=3, maximum_age=4) == {CARDIFF, WREXHAM}
    assert found(api, minimum_age=6, maximum_age=6) == {WREXHAM}
    assert found(api, minimum_age=8, maximum_age=10) == set()


def test_age_filters_leave_out_services_whose_source_states_no_ages(api):
    assert found(api, maximum_age=1) == {GPIMHS, CARDIFF, WREXHAM}
    assert found(api, minimum_age=0) == {GPIMHS, CARDIFF, WREXHAM}
    assert HYWEL_DDA in found(api)


def test_search_finds_services_by_intervention_name(api):
    assert found(api, search="video interaction") == {GPIMHS, WREXHAM}


def test_search_finds_services_by_the_welsh_name_of_their_organisation(api):
    assert found(api, search="caerdydd") == {CARDIFF}


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


def test_modified_after_keeps_services_reviewed_on_or_after_that_day(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    Service.objects.filter(slug=CARDIFF).update(last_reviewed=datetime.date(2025, 6, 1))
    assert found(api, modified_after="2025-06-01") == {CARDIFF}
    assert found(api, modified_after="2025-06-01T17:30:00Z") == {CARDIFF}
    assert found(api, modified_after="2025-06-02") == set()
    assert len(found(api, modified_after="2025-01-10")) == 5


def test_modified_after_reads_a_time_with_an_offset_as_the_uk_day_it_falls_on(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    Service.objects.filter(slug=CARDIFF).update(last_reviewed=datetime.date(2025, 6, 2))
    # 23:30 on 1 June in New York is 04:30 on 2 June in the UK.
    assert found(api, modified_after="2025-06-01T23:30:00-04:00") == {CARDIFF}


def test_filters_combine(api):
    assert found(api, search="video", minimum_age=3) == {WREXHAM}


def test_a_recorded_change_counts_for_modified_after_and_last_modified(api):
    Service.objects.update(last_reviewed=datetime.date(2025, 1, 10), updated_at=LONG_AGO)
    service = Service.objects.get(slug=WREXHAM)
    service.how_to_refer_en = "Through the health visitor."
    service.save()  # a steward's edit today
    today = datetime.date.today().isoformat()
    assert found(api, modified_after=today) == {WREXHAM}
    record = api(f"services/{service_id(slug=WREXHAM)}").json()
    assert record["last_modified"].startswith(today) and record["assured_date"] == "2025-01-10"
