"""A family outside Wales gets an answer, not an error: the portal covers Wales, and where to look instead."""

import datetime
import html

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from regions.models import Postcode
from services.national_pointers import COLUMNS, FIXTURE, _pointers_by_country, pointer_list

pytestmark = pytest.mark.django_db

MMHA_MAPS = "Maps of specialist perinatal mental health services"
PIF_UK = "Who is holding the baby? The development of parent-infant teams in the UK"
SCOTLAND_UPDATE = "Perinatal and infant mental health services: update"
NI_PHA = "Infant mental health a priority in Northern Ireland"

# postcode, ONS code of its authority, the results address's country, the country's name, pointers shown, not shown
COUNTRIES = {
    "England": ("BS1 4ST", "E06000023", "england", "England", [MMHA_MAPS, PIF_UK], [SCOTLAND_UPDATE, NI_PHA]),
    "Scotland": ("EH1 1YZ", "S12000036", "scotland", "Scotland", [SCOTLAND_UPDATE, MMHA_MAPS], [NI_PHA]),
    "Northern Ireland": ("BT1 5GS", "N09000003", "northern-ireland", "Northern Ireland", [NI_PHA, MMHA_MAPS],
                         [SCOTLAND_UPDATE]),
    "the Channel Islands": ("JE2 3AB", "L99999999", "channel-islands", "the Channel Islands", [], [MMHA_MAPS]),
    "the Isle of Man": ("IM1 1AA", "M99999999", "isle-of-man", "the Isle of Man", [], [MMHA_MAPS]),
}


@pytest.mark.parametrize("country", COUNTRIES)
def test_a_postcode_outside_wales_gets_a_result_page_for_its_country_with_no_postcode(client, country):
    postcode, code, key, name, shown, not_shown = COUNTRIES[country]
    Postcode.objects.create(postcode=postcode, area_code=code)
    answer = client.post(reverse("services:finder"), {"postcode": postcode.lower(), "stage": "pregnant"})
    assert answer.status_code == 303 and answer["Location"] == f"/services/find/outside-wales/{key}/expecting/"
    page = client.get(answer["Location"])
    text = page.content.decode()
    assert page.status_code == 200 and "There is a problem" not in text
    assert f"A family in {name}, expecting a baby" in text
    assert f"The postcode is in {name}. This portal covers Wales only." in text
    assert "The first route: the family’s GP, midwife or health visitor" in text
    for title in shown:
        assert f'lang="en">{title}</a></h3>' in text, title
    for title in not_shown:
        assert title not in text, title
    if not shown:
        assert f"We know of no public list of specialist perinatal or parent-infant teams for {name}." in text
    assert postcode not in text and postcode.replace(" ", "") not in text


def test_each_pointer_names_its_source_page_publisher_and_date(client):
    text = client.get("/services/find/outside-wales/scotland/30-months/").content.decode()
    assert "A family in Scotland, with a child aged 2 years and 6 months" in text
    assert '<a href="https://gov.scot/publications/perinatal-infant-mental-health-services-update" lang="en">' in text
    assert 'Source: <span lang="en">Scottish Government</span>, undated page.' in text
    assert 'Source: <span lang="en">Royal College of Midwives (MIDIRS blog)</span>, 18 June 2025.' in text


def test_the_outside_wales_page_fills_the_form_with_the_stage_and_age_but_no_place(client):
    text = client.get("/services/find/outside-wales/england/30-months/").content.decode()
    assert 'name="age_years" value="2"' in text and 'name="age_months" value="6"' in text
    assert 'name="postcode" ' in text and 'name="postcode" value' not in text


@pytest.mark.parametrize("address", [
    "/services/find/outside-wales/atlantis/expecting/",
    "/services/find/outside-wales/england/217-months/",
    "/services/find/outside-wales/wales/expecting/",
])
def test_an_outside_wales_address_the_finder_never_gives_is_not_found(client, address):
    assert client.get(address).status_code == 404


def test_the_outside_wales_page_works_in_welsh(client):
    page = client.get("/cy/services/find/outside-wales/england/expecting/")
    text = page.content.decode()
    assert page.status_code == 200 and '<html lang="cy">' in text
    assert "Mapiau'r Gynghrair" in html.unescape(text) and "The Alliance's maps" not in html.unescape(text)


def test_a_postcode_of_no_known_country_still_gets_a_message_not_a_page(client):
    Postcode.objects.create(postcode="ZZ9 9ZZ", area_code="")
    page = client.post(reverse("services:finder"), {"postcode": "ZZ9 9ZZ", "stage": "pregnant"})
    assert page.status_code == 200 and "This portal covers Wales only." in page.content.decode()


def test_the_committed_pointers_are_whole_facts_for_the_uk_nations_only():
    for country in ("england", "scotland", "northern-ireland"):
        pointers = pointer_list(country=country)
        assert MMHA_MAPS in [p.title for p in pointers]
        assert all(p.url.startswith(("https://", "http://")) and p.publisher and p.about_en for p in pointers)
    assert pointer_list(country="channel-islands") == pointer_list(country="isle-of-man") == ()
    assert pointer_list(country="scotland")[0].source_date is None  # undated pages are said to be undated
    dated = [p for p in pointer_list(country="england") if p.source_date]
    assert [p.source_date for p in dated] == [datetime.date(2025, 6, 18)]
    assert FIXTURE.read_text().splitlines()[0] == ",".join(COLUMNS)


@pytest.mark.parametrize(("row", "problem"), [
    ("atlantis,A,B,https://example.org/,,Text,", "no such country"),
    ("uk,A,B,not-an-address,,Text,", "needs a publisher, title, address and text"),
    ("uk,A,B,https://example.org/,,,", "needs a publisher, title, address and text"),
    ("uk,A,B,https://example.org/,18.06.25,Text,", "the date is not YYYY-MM-DD"),
])
def test_the_loader_refuses_a_pointer_that_is_not_a_whole_fact(tmp_path, row, problem):
    fixture = tmp_path / "pointers.csv"
    fixture.write_text(",".join(COLUMNS) + "\n" + row + "\n")
    with pytest.raises(ImproperlyConfigured, match=problem):
        _pointers_by_country(fixture)
