"""/service_at_locations: each service in each local authority it covers, found by postcode and distance."""

import pytest

from openreferral.ids import service_at_location_id
from services.models import Service

from .shapes import page_problems, service_at_location_problems

pytestmark = pytest.mark.django_db


def places(page: dict) -> set[tuple[str, str]]:
    """Return (service name start, authority name) for each link on a page."""
    return {(link["service"]["name"].split()[0], link["location"]["name"]) for link in page["contents"]}


def test_every_link_fits_the_standard(api):
    page = api("service_at_locations", per_page=200).json()
    assert page_problems(page, service_at_location_problems) == []


def test_each_published_service_appears_once_for_each_authority_it_covers(api):
    page = api("service_at_locations", per_page=200).json()
    covered = sum(s.areas.count() for s in Service.objects.published())
    assert page["total_items"] == len(page["contents"]) == covered == 14


def test_newport_postcode_finds_gpimhs(api, postcodes):
    page = api("service_at_locations", postcode="NP20 4UR").json()
    assert places(page) == {("Gwent", "Newport")}
    assert page["x_pirs_postcode"] == {
        "postcode": "NP20 4UR", "outcome": "found", "area_codes": ["W06000022"],
    }
    assert page["x_pirs_note"] is None


def test_postcode_is_read_whatever_its_case_and_spacing(api, postcodes):
    assert places(api("service_at_locations", postcode=" np204ur ").json()) == {("Gwent", "Newport")}


def test_an_english_postcode_gives_an_empty_page_that_says_why(api, postcodes):
    response = api("service_at_locations", postcode="BS1 4DJ")
    assert response.status_code == 200
    page = response.json()
    assert page["empty"] is True and page["total_items"] == 0
    assert page["x_pirs_postcode"]["outcome"] == "outside_wales"
    assert "England" in page["x_pirs_note"] and "Wales only" in page["x_pirs_note"]


def test_a_postcode_the_portal_does_not_hold_gives_an_empty_page_that_says_why(api, postcodes):
    page = api("service_at_locations", postcode="CF10 1AA").json()
    assert page["empty"] is True
    assert "not in this portal's postcode directory" in page["x_pirs_note"]


def test_a_malformed_postcode_is_a_400_naming_the_parameter(api):
    response = api("service_at_locations", postcode="NOT A POSTCODE")
    assert response.status_code == 400
    assert response.json()["parameter"] == "postcode"


def test_proximity_reaches_services_in_neighbouring_authorities(api, postcodes):
    page = api("service_at_locations", postcode="NP20 4UR", proximity=10000).json()
    assert places(page) == {
        ("Gwent", "Newport"), ("Gwent", "Caerphilly"), ("Gwent", "Monmouthshire"), ("Gwent", "Torfaen"),
        ("Cardiff", "Cardiff"),
    }


def test_a_small_proximity_stays_in_the_postcodes_own_authority(api, postcodes):
    for metres in (0, 500):
        page = api("service_at_locations", postcode="NP20 4UR", proximity=metres).json()
        assert places(page) == {("Gwent", "Newport")}


def test_a_postcode_with_no_grid_reference_keeps_its_authority_and_says_proximity_is_off(api, postcodes):
    page = api("service_at_locations", postcode="NP20 9ZZ", proximity=10000).json()
    assert places(page) == {("Gwent", "Newport")}
    assert "proximity was not applied" in page["x_pirs_note"]


def test_proximity_without_a_postcode_is_a_400(api):
    response = api("service_at_locations", proximity=1000)
    assert response.status_code == 400
    assert response.json()["parameter"] == "proximity"


def test_postcode_combines_with_the_age_filters(api, postcodes):
    assert api("service_at_locations", postcode="NP20 4UR", maximum_age=1).json()["empty"] is True
    near = api("service_at_locations", postcode="NP20 4UR", proximity=10000, maximum_age=2).json()
    assert places(near) == {
        ("Gwent", "Newport"), ("Gwent", "Caerphilly"), ("Gwent", "Monmouthshire"), ("Gwent", "Torfaen"),
    }


def test_one_link_can_be_fetched_by_its_id_with_the_service_in_full(api):
    response = api(f"service_at_locations/{service_at_location_id(slug='g-pimhs', code='W06000022')}")
    assert response.status_code == 200
    link = response.json()
    assert service_at_location_problems(link, full=True) == []
    assert (link["location"]["name"], link["location"]["x_pirs_area_code"]) == ("Newport", "W06000022")
    assert len(link["service"]["service_areas"]) == 5 and link["service"]["attributes"]


def test_a_link_to_an_unpublished_service_is_not_found(api):
    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    link_id = service_at_location_id(slug="g-pimhs", code="W06000022")
    assert api(f"service_at_locations/{link_id}").status_code == 404
    assert ("Gwent", "Newport") not in places(api("service_at_locations", per_page=200).json())
