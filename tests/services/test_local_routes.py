"""The routes every family has, named for the family's own area: the health board or council, sourced contacts."""

import pytest
from django.urls import reverse

from services.models import RoutePointer, UniversalRoute

pytestmark = pytest.mark.django_db

SWANSEA, NEWPORT, CARMARTHENSHIRE, POWYS = "W06000011", "W06000022", "W06000010", "W06000023"


def other_routes(client, code: str, age: int, prefix: str = "") -> str:
    html = client.get(prefix + reverse("services:finder_results", args=[code, age])).content.decode()
    return html.split('id="other-routes"', 1)[-1] if 'id="other-routes"' in html else html


def card(html: str, name: str) -> str:
    return html.split(f"<h4>{name}</h4>", 1)[1].split('<li class="card">', 1)[0].split("</ul>\n</section>", 1)[0]


def test_the_perinatal_team_is_named_as_the_familys_health_boards_with_its_age_rule_and_source(client):
    swansea = card(other_routes(client, SWANSEA, 5), "Specialist perinatal mental health team")
    assert "Run by the health board: Swansea Bay University Health Board" in swansea
    assert "NHS Wales Executive" in swansea and 'href="https://executive.nhs.wales/' in swansea
    powys = card(other_routes(client, POWYS, 5), "Specialist perinatal mental health team")
    assert "Powys Teaching Health Board" in powys


def test_a_gwent_family_gets_the_health_visiting_line_a_public_page_gives_with_that_page(client):
    newport = card(other_routes(client, NEWPORT, 30), "Health visitor")  # past G-PIMHS's ages
    assert 'href="tel:01633431685"' in newport and "Aneurin Bevan Healthier Together" in newport
    assert "undated page" in newport
    # The line is Gwent's: a Swansea family is not given it.
    assert "01633" not in card(other_routes(client, SWANSEA, 30), "Health visitor")


def test_flying_start_points_to_the_councils_family_information_service_and_its_own_contacts(client):
    carmarthenshire = card(other_routes(client, CARMARTHENSHIRE, 30), "Flying Start")
    assert "Run by the local authority: Carmarthenshire" in carmarthenshire
    assert "Family Information Service" in carmarthenshire
    assert 'href="mailto:flyingstart@carmarthenshire.gov.uk"' in carmarthenshire
    powys = card(other_routes(client, POWYS, 30), "Flying Start")
    assert "Family Information Service" in powys and "mailto:" not in powys  # no contact is invented


def test_flying_start_gives_the_ages_of_its_childcare_offer_where_a_source_states_them(client):
    cardiff = card(other_routes(client, "W06000015", 30), "Flying Start")
    assert "<strong>Ages:</strong>" in cardiff and "second birthday" in cardiff
    assert 'href="https://www.flyingstartcardiff.co.uk/what-we-do/childcare/"' in cardiff
    assert "<strong>Ages:</strong>" not in card(other_routes(client, POWYS, 30), "Flying Start")  # none stated
    wrexham = card(other_routes(client, "W06000006", 30, prefix="/cy"), "Dechrau&#x27;n Deg")
    assert "<strong>Oedrannau:</strong>" in wrexham and "ail ben-blwydd" in wrexham


def test_the_welsh_page_names_the_board_in_welsh(client):
    swansea = card(other_routes(client, SWANSEA, 5, prefix="/cy"), "Tîm iechyd meddwl amenedigol arbenigol")
    assert "Bwrdd Iechyd Prifysgol Bae Abertawe" in swansea


def test_every_seeded_pointer_has_its_source_page():
    assert RoutePointer.objects.count() >= 5
    assert not RoutePointer.objects.filter(source_url="").exists()
    assert UniversalRoute.objects.filter(provider=UniversalRoute.Provider.HEALTH_BOARD).count() == 2


def test_a_national_steward_adds_a_pointer_with_its_source_and_a_regional_steward_cannot():
    from tests.factories import AdminBrowser, national_steward, page_values, regional_steward

    route = UniversalRoute.objects.get(name_en="Health visitor")
    url = reverse("admin:services_universalroute_change", args=[route.pk])
    browser = AdminBrowser(national_steward())
    page = browser.get(url)
    data = page_values(page)
    total = int(data["pointers-TOTAL_FORMS"])
    data |= {"pointers-TOTAL_FORMS": str(total + 1), f"pointers-{total}-kind": "phone",
             f"pointers-{total}-value_en": "01792 000000", f"pointers-{total}-source_title": "Swansea Bay health visiting",
             f"pointers-{total}-source_url": "https://example.org/sbuhb-hv"}
    # A regional steward may read the route (every family's), not change it: the same post adds nothing.
    regional = AdminBrowser(regional_steward("gwen", "gwent"))
    assert regional.post(url, data, page=regional.get(url)).status_code == 403
    assert not route.pointers.filter(value_en="01792 000000").exists()
    assert browser.post(url, data, page=page).status_code == 302
    assert route.pointers.filter(value_en="01792 000000", source_url="https://example.org/sbuhb-hv").exists()


def test_a_family_a_team_takes_still_sees_the_routes_every_family_has_with_the_local_contacts(client):
    newport = other_routes(client, NEWPORT, 6)  # G-PIMHS takes this family
    assert "G-PIMHS" in client.get(reverse("services:finder_results", args=[NEWPORT, 6])).content.decode()
    assert 'href="tel:01633431685"' in card(newport, "Health visitor")


def test_the_postcode_box_asks_the_browser_not_to_remember_it(client):
    html = client.get(reverse("services:finder")).content.decode()
    box = html.split('name="postcode"', 1)[1].split(">", 1)[0]
    assert 'autocomplete="off"' in box
