"""/services and /services/{id}: published services, in the standard's shapes, with ids that never change."""

import datetime
import json

import pytest

from openreferral.ids import service_id
from services.models import Service

from .shapes import page_problems, service_problems

pytestmark = pytest.mark.django_db

GPIMHS_ID = "facd49bb-37fb-5c03-b4b6-183dec588aea"
PUBLISHED = [
    "g-pimhs", "cardiff-parents-plus", "wrexham-flintshire-early-years-camhs",
    "cwm-taf-morgannwg-nurturing-families", "hywel-dda-perinatal-parent-infant-specialists",
]


def full_record(api, slug: str) -> dict:
    response = api(f"services/{service_id(slug=slug)}")
    assert response.status_code == 200
    return response.json()


def test_listing_fits_the_standard_and_holds_every_published_service(api):
    page = api("services").json()
    assert page_problems(page, service_problems) == []
    assert {s["id"] for s in page["contents"]} == {service_id(slug=slug) for slug in PUBLISHED}
    assert page["total_items"] == 5 and page["size"] == 5 and page["empty"] is False


def test_listing_is_ordered_by_name(api):
    names = [s["name"] for s in api("services").json()["contents"]]
    assert names == sorted(names)


def test_an_unpublished_service_is_neither_listed_nor_found_by_id(api):
    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    assert GPIMHS_ID not in {s["id"] for s in api("services").json()["contents"]}
    assert api(f"services/{GPIMHS_ID}").status_code == 404


def test_gpimhs_answers_at_the_id_first_published_for_it(api):
    # GPIMHS_ID is written out, not derived here: every load, on SpatiaLite and on PostGIS (CI runs
    # both), must give the service this same id, or links that others keep to it break.
    record = api(f"services/{GPIMHS_ID}").json()
    assert record["id"] == GPIMHS_ID
    assert record["name"].startswith("Gwent")


def test_full_record_fits_the_standard_with_everything_nested(api):
    for slug in PUBLISHED:
        assert service_problems(full_record(api, slug), full=True) == [], slug


def test_full_record_names_the_host_organisation(api):
    organisation = full_record(api, "cardiff-parents-plus")["organization"]
    assert organisation["name"] == "Cardiff Council"
    assert organisation["x_pirs_name_cy"] == "Cyngor Caerdydd"


def test_each_covered_authority_comes_with_its_boundary_as_geojson(api):
    areas = full_record(api, "g-pimhs")["service_areas"]
    gwent = {"Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen"}
    assert {a["name"] for a in areas} == gwent
    for area in areas:
        assert area["extent_type"] == "geojson"
        geometry = json.loads(area["extent"])
        assert geometry["type"] == "MultiPolygon" and geometry["coordinates"]
        assert area["uri"].endswith(area["x_pirs_area_code"])


def test_full_record_claims_no_language_its_sources_do_not_state(api):
    record = full_record(api, "g-pimhs")
    assert record["languages"] == []
    assert "do not say in which languages" in record["x_pirs_languages_note"]


def test_setting_and_interventions_link_to_taxonomy_terms_that_can_be_fetched(api):
    attributes = full_record(api, "wrexham-flintshire-early-years-camhs")["attributes"]
    assert {a["taxonomy_term"]["name"] for a in attributes} == {
        "NHS child and adolescent mental health services (CAMHS)",
        "Video Interaction Guidance", "Circle of Security", "Watch, Wait and Wonder",
    }
    for attribute in attributes:
        term = api(f"taxonomy_terms/{attribute['taxonomy_term_id']}")
        assert term.status_code == 200 and term.json() == attribute["taxonomy_term"]


def test_gpimhs_sees_children_up_to_23_months_so_its_maximum_age_is_under_2(api):
    # The standard's maximum_age is the oldest eligible age: a client counting whole years reads a child of 2
    # as too old, as the finder says, and a child of 1 as eligible.
    record = full_record(api, "g-pimhs")
    assert (record["minimum_age"], record["maximum_age"]) == (0, 1.9167)
    assert 1 <= record["maximum_age"] < 2
    assert (record["x_pirs_age_start"], record["x_pirs_age_end_months"]) == ("pregnancy", 24)
    assert record["x_pirs_provision_kind"] == "specialist_team"


def test_a_range_ending_mid_year_gives_the_fractional_age_of_its_last_month(api):
    Service.objects.filter(slug="g-pimhs").update(age_end_months=18)
    assert full_record(api, "g-pimhs")["maximum_age"] == 1.4167  # 17 months


def test_a_service_with_no_stated_ages_leaves_the_age_fields_out(api):
    record = full_record(api, "hywel-dda-perinatal-parent-infant-specialists")
    assert "minimum_age" not in record and "maximum_age" not in record
    assert record["x_pirs_age_start"] is None and record["x_pirs_age_end_months"] is None


def test_a_review_is_the_assured_date_and_last_modified_stays_the_last_change(api):
    Service.objects.filter(slug="g-pimhs").update(
        last_reviewed="2025-07-01", updated_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
    )
    record = full_record(api, "g-pimhs")
    assert record["assured_date"] == "2025-07-01"
    assert record["last_modified"] == "2025-06-01T01:00:00.000+01:00"  # UK summer time


def test_with_no_timed_change_the_start_of_the_review_day_stands_in_for_last_modified(api):
    Service.objects.filter(slug="g-pimhs").update(last_reviewed="2025-07-01", updated_at=None)
    assert full_record(api, "g-pimhs")["last_modified"] == "2025-07-01T00:00:00.000+01:00"  # UK summer time


def test_planned_services_are_inactive_and_running_ones_active(api):
    Service.objects.filter(slug="g-pimhs").update(status=Service.Status.PLANNED)
    assert full_record(api, "g-pimhs")["status"] == "inactive"
    assert full_record(api, "cwm-taf-morgannwg-nurturing-families")["status"] == "active"  # developing


def test_no_contact_is_made_up_when_the_source_gives_none(api):
    assert full_record(api, "g-pimhs")["contacts"] == []
    assert "email" not in full_record(api, "g-pimhs")


def test_a_phone_and_email_from_the_source_become_a_contact(api):
    Service.objects.filter(slug="g-pimhs").update(phone="01633 000000", email="team@example.org")
    record = full_record(api, "g-pimhs")
    [contact] = record["contacts"]
    assert contact["email"] == record["email"] == "team@example.org"
    assert [p["number"] for p in contact["phones"]] == ["01633 000000"]
    assert service_problems(record, full=True) == []


def test_an_unknown_id_is_a_json_404(api):
    response = api("services/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert "no published service" in response.json()["message"]


def test_an_id_that_is_not_a_uuid_is_a_400(api):
    response = api("services/g-pimhs")
    assert response.status_code == 400
    assert response.json()["parameter"] == "id"


def test_each_service_says_whether_a_family_can_be_referred_as_the_finder_does(api):
    routes = {record["name"]: record["x_pirs_route"] for record in api("services").json()["contents"]}
    assert routes["Gwent Parent Infant Mental Health Service (G-PIMHS)"] == "referral"
    # A workforce offer is active, but advice for practitioners: the finder says it takes no referrals of families.
    workforce = next(r for r in api("services").json()["contents"] if r["x_pirs_provision_kind"] == "workforce_offer")
    assert (workforce["status"], workforce["x_pirs_route"]) == ("active", "consultation")
    embedded = next(r for r in api("services").json()["contents"] if r["x_pirs_provision_kind"] == "embedded_specialists")
    assert embedded["x_pirs_route"] == "ask"
