"""The parameters the standard documents beyond the filters: formats, minimal and full records, organisations,
schedules, and searching the taxonomies."""

import json

import pytest

from openreferral.ids import organisation_id, service_id
from openreferral.taxonomies import INTERVENTION, SETTING

pytestmark = pytest.mark.django_db

CARDIFF_COUNCIL = organisation_id(slug="cardiff-council")
ANEURIN_BEVAN = organisation_id(slug="aneurin-bevan-uhb")
# What the product owner's client sent, refused before as "Unknown parameter", with a value each.
DOCUMENTED = {
    "services": {"format": "json", "organization_id": CARDIFF_COUNCIL, "minimal": "false", "full": "false",
                 "start_time": "09:00", "end_time": "17:00", "day": "MO"},
    "service_at_locations": {"organization_id": CARDIFF_COUNCIL, "full": "false", "format": "json",
                             "start_time": "09:00", "end_time": "17:00", "day": "MO"},
    "taxonomies": {"search": "setting", "format": "json"},
    "taxonomy_terms": {"search": "circle", "format": "json", "top_only": "true", "parent_id": SETTING.id},
}


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["id"] for record in response.json()["contents"]]


def lines(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line) for line in response.content.decode().splitlines()]


@pytest.mark.parametrize("path", DOCUMENTED)
def test_each_parameter_the_standard_documents_is_accepted_on_its_own_and_together(api, path):
    for name, value in DOCUMENTED[path].items():
        assert api(path, **{name: value}).status_code == 200, name
    assert api(path, **DOCUMENTED[path]).status_code == 200


def test_format_json_is_the_page_a_client_gets_without_format(api):
    assert api("services", format="json").json() == api("services").json()
    assert api("services", format="JSON").status_code == 200


def test_format_ndjson_gives_every_service_one_a_line_without_paging(api):
    records = lines(api("services", format="ndjson", per_page=2, page=2))
    assert [r["id"] for r in records] == ids(api("services"))
    assert len(records) == 5


def test_format_ndjson_keeps_the_filters_and_an_empty_list_is_an_empty_answer(api):
    records = lines(api("services", format="ndjson", search="caerdydd"))
    assert [r["id"] for r in records] == [service_id(slug="cardiff-parents-plus")]
    assert api("services", format="ndjson", day="SU").content == b""


def test_organization_id_keeps_the_services_of_that_organisation(api):
    assert ids(api("services", organization_id=CARDIFF_COUNCIL)) == [service_id(slug="cardiff-parents-plus")]
    links = api("service_at_locations", organization_id=ANEURIN_BEVAN, per_page=200).json()["contents"]
    assert len(links) == 5 and {link["service_id"] for link in links} == {service_id(slug="g-pimhs")}


def test_an_organization_id_that_matches_no_organisation_gives_an_empty_page(api):
    assert api("services", organization_id="00000000-0000-4000-8000-000000000000").json()["empty"] is True


def test_minimal_gives_each_service_as_id_name_status_and_last_modified_all_on_one_page(api):
    page = api("services", minimal="true").json()
    full = {s["id"]: s for s in api("services").json()["contents"]}
    assert page["size"] == page["total_items"] == 5 and page["total_pages"] == 1
    for record in page["contents"]:
        assert set(record) == {"id", "name", "status", "last_modified"}
        assert record == {name: full[record["id"]][name] for name in record}


def test_minimal_still_pages_when_per_page_is_given(api):
    page = api("services", minimal="true", per_page=2).json()
    assert (page["size"], page["total_pages"]) == (2, 3)


def test_full_gives_each_listed_service_as_its_own_endpoint_does(api):
    for record in api("services", full="true").json()["contents"]:
        assert record == api(f"services/{record['id']}").json()


def test_full_gives_each_link_as_its_own_endpoint_does(api):
    links = api("service_at_locations", full="true", per_page=200).json()["contents"]
    assert len(links) == 14
    for link in links:
        assert link == api(f"service_at_locations/{link['id']}").json()
        assert "service_areas" in link["service"] and "service_at_locations" not in link["service"]


def test_full_false_is_the_listing(api):
    assert api("services", full="false").json() == api("services").json()


@pytest.mark.parametrize(
    "schedule", [{"day": "MO"}, {"day": "sunday"}, {"start_time": "09:00"}, {"end_time": "17:30:00Z"},
                 {"day": "WE", "start_time": "10:00", "end_time": "12:00+01:00"}],
)
def test_a_day_or_time_gives_an_empty_list_because_no_service_here_has_a_schedule(api, schedule):
    for path in ("services", "service_at_locations"):
        page = api(path, **schedule).json()
        assert page["empty"] is True and page["total_items"] == 0


def test_a_search_finds_taxonomies_by_name_and_description(api):
    assert ids(api("taxonomies", search="intervention")) == [INTERVENTION.id]
    assert ids(api("taxonomies", search="nhs sector")) == [SETTING.id]
    assert ids(api("taxonomies", search="nothing-like-it")) == []


def test_a_search_finds_terms_by_english_or_welsh_name_and_description(api):
    assert {t["code"] for t in api("taxonomy_terms", search="circle").json()["contents"]} == {
        "circle-of-security", "circle-of-security-parenting",
    }
    assert [t["code"] for t in api("taxonomy_terms", search="dosturi").json()["contents"]] == [
        "compassion-focused-group"
    ]
    assert [t["code"] for t in api("taxonomy_terms", search="CAMHS").json()["contents"]] == ["nhs_camhs"]


def test_top_only_keeps_every_term_because_none_has_a_parent(api):
    every = api("taxonomy_terms", per_page=200).json()
    assert every["total_items"] > 0 and all("parent_id" not in t for t in every["contents"])
    assert api("taxonomy_terms", per_page=200, top_only="true").json() == every


def test_parent_id_gives_an_empty_page_because_no_term_has_a_parent(api):
    parent = api("taxonomy_terms").json()["contents"][0]["id"]
    assert api("taxonomy_terms", parent_id=parent).json()["empty"] is True
