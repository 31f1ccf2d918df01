"""The directory finds places: a region, health board or authority named in either language leads to its page and services."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def search(client, q: str, prefix: str = "") -> str:
    return client.get(prefix + reverse("services:directory"), {"q": q}).content.decode()


def places(html: str) -> str:
    return html.split('id="places-heading"', 1)[1].split("</section>", 1)[0] if 'id="places-heading"' in html else ""


def test_a_health_board_name_leads_to_its_region_page(client):
    html = search(client, "Swansea Bay")
    assert f'href="{reverse("coverage:region", args=["west-glamorgan"])}"' in places(html)
    assert "Swansea Bay University Health Board" in places(html)
    # No service covers West Glamorgan: the empty list suggests the region page and the finder, not a dead end.
    assert "No service matches these filters." in html
    after = html.split("No service matches these filters.", 1)[1]
    assert reverse("coverage:region", args=["west-glamorgan"]) in after and reverse("services:finder") in after


def test_a_region_name_lists_the_services_covering_it_even_when_their_text_does_not_name_it(client):
    html = search(client, "Gwent")
    assert "G-PIMHS" in html and reverse("coverage:region", args=["gwent"]) in places(html)
    html = search(client, "Caerdydd")  # Cardiff, in Welsh
    assert "Cardiff Parents Plus" in html.split('id="results-heading"', 1)[1]
    assert "Cardiff local authority" in places(html)


def test_powys_is_found_as_a_region_and_an_authority_with_no_service(client):
    found = places(search(client, "powys"))
    assert "Powys region" in found and "Powys local authority" in found


def test_a_search_naming_no_place_shows_no_places_and_still_offers_the_finder(client):
    html = search(client, "zzzz")
    assert places(html) == "" and reverse("services:finder") in html.split("No service matches", 1)[1]


def test_places_are_named_in_welsh_on_welsh_pages(client):
    found = places(search(client, "Swansea Bay", prefix="/cy"))
    assert "Gorllewin Morgannwg" in found and "Bwrdd Iechyd Prifysgol Bae Abertawe" in found
