"""/organizations and /organizations/{id}: the bodies that host the published services."""

import pytest

from openreferral.ids import organisation_id, service_id
from openreferral.taxonomies import INTERVENTION
from services.models import Organisation, Service

from .published import page_problems, problems

pytestmark = pytest.mark.django_db

HOSTS = ["aneurin-bevan-uhb", "betsi-cadwaladr-uhb", "cardiff-council", "cwm-taf-morgannwg-partnership",
         "hywel-dda-uhb"]
CARDIFF_COUNCIL = organisation_id(slug="cardiff-council")
ANEURIN_BEVAN = organisation_id(slug="aneurin-bevan-uhb")


def names(api, **params) -> list[str]:
    response = api("organizations", **params)
    assert response.status_code == 200, response.content
    return [organisation["name"] for organisation in response.json()["contents"]]


def test_organizations_lists_each_host_of_a_published_service_by_name_with_its_kind(api):
    page = api("organizations").json()
    assert page_problems(page, "organization") == []
    assert {o["id"] for o in page["contents"]} == {organisation_id(slug=slug) for slug in HOSTS}
    assert [o["name"] for o in page["contents"]] == sorted(o["name"] for o in page["contents"])
    cardiff = next(o for o in page["contents"] if o["id"] == CARDIFF_COUNCIL)
    assert (cardiff["name"], cardiff["description"]) == ("Cardiff Council", "Local authority")
    assert (cardiff["x_pirs_name_cy"], cardiff["x_pirs_kind"]) == ("Cyngor Caerdydd", "local_authority")
    assert "services" not in cardiff


def test_organizations_come_in_pages(api):
    pages = [api("organizations", per_page=2, page=n).json() for n in (1, 2, 3)]
    assert [p["size"] for p in pages] == [2, 2, 1] and {p["total_pages"] for p in pages} == {3}
    assert pages[2]["last_page"] is True


def test_an_organisation_without_a_published_service_is_neither_listed_nor_found(api):
    Service.objects.filter(organisation__slug="cardiff-council").update(is_published=False)
    assert CARDIFF_COUNCIL not in {o["id"] for o in api("organizations").json()["contents"]}
    assert api(f"organizations/{CARDIFF_COUNCIL}").status_code == 404


def test_search_finds_organisations_by_name_in_either_language_or_by_kind(api):
    assert names(api, search="caerdydd") == ["Cardiff Council"]
    assert names(api, search="health board") == [
        "Aneurin Bevan University Health Board", "Betsi Cadwaladr University Health Board",
        "Hywel Dda University Health Board",
    ]
    assert names(api, search="partnership") == ["Cwm Taf Morgannwg regional partnership"]
    assert names(api, search="no-such-body") == []


def test_full_lists_each_organisation_with_its_published_services_listing_fields(api):
    page = api("organizations", full="true").json()
    assert page_problems(page, "organization") == []
    bevan = next(o for o in page["contents"] if o["id"] == ANEURIN_BEVAN)
    [gpimhs] = bevan["services"]
    assert gpimhs["id"] == service_id(slug="g-pimhs") and gpimhs["organization_id"] == ANEURIN_BEVAN
    assert "service_areas" not in gpimhs and "organization" not in gpimhs


def test_full_service_gives_each_organisations_services_in_full(api):
    page = api("organizations", full_service="true").json()
    assert page_problems(page, "organization") == []
    bevan = next(o for o in page["contents"] if o["id"] == ANEURIN_BEVAN)
    [gpimhs] = bevan["services"]
    expected = api(f"services/{gpimhs['id']}").json()
    del expected["organization"]
    assert gpimhs == expected


def test_an_unpublished_service_is_not_among_its_organisations_services(api):
    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    Service.objects.filter(slug="cardiff-parents-plus").update(organisation=Organisation.objects.get(
        slug="aneurin-bevan-uhb"))
    [bevan] = [o for o in api("organizations", full="true").json()["contents"] if o["id"] == ANEURIN_BEVAN]
    assert [s["id"] for s in bevan["services"]] == [service_id(slug="cardiff-parents-plus")]


def test_one_organisation_is_fetched_by_its_id_with_its_services(api):
    record = api(f"organizations/{ANEURIN_BEVAN}").json()
    assert problems(record, "organization") == []
    assert record["name"] == "Aneurin Bevan University Health Board"
    assert [s["id"] for s in record["services"]] == [service_id(slug="g-pimhs")]
    assert "service_areas" not in record["services"][0]
    full = api(f"organizations/{ANEURIN_BEVAN}", full_service="true").json()
    assert problems(full, "organization") == [] and full["services"][0]["service_areas"]


def test_the_organisation_a_service_names_can_be_fetched(api):
    for service in api("services").json()["contents"]:
        response = api(f"organizations/{service['organization_id']}")
        assert response.status_code == 200
        assert {k: v for k, v in response.json().items() if k != "services"} == service["organization"]


def test_taxonomy_filters_give_an_empty_page_because_organisations_carry_no_terms(api):
    assert api("organizations", taxonomy_id=INTERVENTION.id).json()["empty"] is True
    term = api("taxonomy_terms").json()["contents"][0]["id"]
    assert api("organizations", taxonomy_term_id=term).json()["empty"] is True


def test_an_unknown_organisation_id_is_a_json_404(api):
    response = api("organizations/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert "no published organisation" in response.json()["message"]
