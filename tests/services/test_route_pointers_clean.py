"""A route's contact row is one a browser can use, and shows somewhere: what a steward types is checked on save."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from regions.models import LocalAuthority, Region
from services.models import RoutePointer, UniversalRoute

pytestmark = pytest.mark.django_db


def pointer(**given) -> RoutePointer:
    fields = {"route": UniversalRoute.objects.get(name_en="Health visitor"), "kind": "phone",
              "value_en": "01248 000 000", "source_title": "A page", "source_url": "https://www.example.org/",
              "source_date": datetime.date(2026, 1, 1)} | given
    return RoutePointer(**fields)


def problems(row: RoutePointer) -> dict:
    try:
        row.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


def test_every_seed_contact_passes_the_checks():
    assert RoutePointer.objects.exists()
    for row in RoutePointer.objects.all():
        assert problems(row) == {}, row


def test_an_authority_outside_the_chosen_region_is_refused_since_the_row_would_show_nowhere():
    found = problems(pointer(region=Region.objects.get(slug="gwent"),
                             local_authority=LocalAuthority.objects.get(code="W06000002")))
    assert found["local_authority"] == ["Gwynedd is not in Gwent, so the row would show nowhere: choose the "
                                        "authority alone, or the region alone."]


@pytest.mark.parametrize("kind, value, field", [
    ("phone", "03000 851234 (Monday to Friday, 9am to 5pm)", "value_en"),
    ("phone", "call the office", "value_en"),
    ("email", "flyingstart at example.org", "value_en"),
    ("web_page", "www.example.org", "value_en"),
    ("web_page", "javascript:alert(1)", "value_en"),
])
def test_a_phone_email_or_web_page_that_cannot_be_dialled_written_to_or_opened_is_refused(kind, value, field):
    assert field in problems(pointer(kind=kind, value_en=value))


@pytest.mark.parametrize("kind, value", [("phone", "+44 1248 000-000"), ("phone", "(01633) 431685"), ("phone", "111"),
                                         ("phone", "01633\u00a0431\u00a0685"), ("phone", "01633\t431685"),
                                         ("phone", "01633.431685"), ("email", "team@example.org"),
                                         ("web_page", "https://www.example.org/health-visiting")])
def test_a_plain_phone_email_or_web_page_is_kept(kind, value):
    assert problems(pointer(kind=kind, value_en=value)) == {}


@pytest.mark.parametrize("number", ["+44 (0)1633 431685", "0044 (0)1633 431685", "+44 ( 0 ) 1633 431685"])
def test_a_trunk_zero_after_the_country_code_is_refused_since_phones_would_dial_it(number):
    assert "Leave out the “(0)”" in problems(pointer(value_en=number))["value_en"][0]


def test_a_phone_link_dials_the_digits_alone(client):
    gwynedd = LocalAuthority.objects.get(code="W06000002")
    row = pointer(local_authority=gwynedd, value_en="(01248) 000-000")
    row.full_clean()
    row.save()
    page = client.get("/services/find/W06000002/5-months/").content.decode()
    assert '<a href="tel:01248000000">(01248) 000-000</a>' in page


def test_a_route_open_neither_in_pregnancy_nor_after_birth_is_refused_since_no_result_would_show_it():
    route = UniversalRoute.objects.get(name_en="GP")
    route.from_pregnancy = route.after_birth = False
    with pytest.raises(ValidationError, match="a route open at neither is never shown"):
        route.full_clean()


def test_a_welsh_phone_number_is_refused_but_a_welsh_page_address_is_kept_and_shown_on_welsh_pages(client):
    assert "value_cy" in problems(pointer(value_cy="01248 111 111"))
    gwynedd = LocalAuthority.objects.get(code="W06000002")
    page = pointer(kind="web_page", local_authority=gwynedd, value_en="https://www.example.org/health-visiting",
                   value_cy="https://www.example.org/ymwelwyr-iechyd")
    assert problems(page) == {}
    page.save()
    assert 'href="https://www.example.org/ymwelwyr-iechyd"' in client.get(
        "/cy/services/find/W06000002/5-months/").content.decode()
    assert 'href="https://www.example.org/health-visiting"' in client.get(
        "/services/find/W06000002/5-months/").content.decode()
