"""What changed: an edit made in the admin shows on the page and in the Atom feed, in both languages, with
nothing personal; the feed keeps RFC 4287's rules; the list filters by region and days."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import LiveBirths
from services.models import Service
from tests.factories import AdminBrowser, page_values, regional_steward

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
STEWARD = "gwent-steward-anwen"
CHANGE_EN = "Gwent Parent Infant Mental Health Service (G-PIMHS)’s capacity changed from not published to 120 families a year."


@pytest.fixture
def capacity_edit():
    """A Gwent steward records G-PIMHS's capacity through the admin, as a steward would."""
    browser = AdminBrowser(regional_steward(STEWARD, "gwent"))
    url = reverse("admin:services_service_change", args=[Service.objects.get(slug="g-pimhs").pk])
    page = browser.get(url)
    values = page_values(page) | {"capacity_families_per_year": "120"}
    assert browser.post(url, values, page=page).status_code == 302
    return browser


def visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_admin_edit_is_listed_in_both_languages_with_nothing_personal(client, capacity_edit):
    service_page = reverse("services:service", args=["g-pimhs"])
    english = client.get(reverse("coverage:changes")).content.decode()
    assert CHANGE_EN in english
    assert "1 change" in visible_text(english)
    welsh = client.get("/cy/changes/").content.decode()
    assert "capasiti" in welsh.lower() and "Gwasanaeth Iechyd Meddwl Rhiant-Baban Gwent" in welsh
    assert CHANGE_EN not in welsh
    for page in (english, welsh):
        assert STEWARD not in page
    assert f'href="{service_page}"' in english and 'href="/cy/services/g-pimhs/"' in welsh


def feed(client, path: str, **params) -> ET.Element:
    response = client.get(path, params)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def assert_atom(root: ET.Element) -> None:
    """The rules of RFC 4287 a feed and its entries must keep (sections 4.1.1 and 4.1.2)."""
    assert root.tag == f"{ATOM}feed"
    for element, required in [(root, ("id", "title", "updated")),
                              *[(entry, ("id", "title", "updated")) for entry in root.iter(f"{ATOM}entry")]]:
        for name in required:
            assert len(element.findall(f"{ATOM}{name}")) == 1, f"{element.tag} needs exactly one {name}"
        for stamp in element.findall(f"{ATOM}updated"):
            datetime.datetime.fromisoformat(stamp.text)  # an RFC 3339 date-time
    has_author = bool(root.findall(f"{ATOM}author/{ATOM}name"))
    for entry in root.iter(f"{ATOM}entry"):
        assert has_author or entry.findall(f"{ATOM}author/{ATOM}name"), "every entry needs an author"
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None or entry.find(f"{ATOM}content") is not None
        assert re.match(r"^[a-z][a-z0-9+.-]*:", entry.find(f"{ATOM}id").text), "an entry's id is an IRI"
    ids = [e.find(f"{ATOM}id").text for e in root.iter(f"{ATOM}entry")]
    assert len(ids) == len(set(ids)), "entry ids are unique"
    assert root.find(f"{ATOM}link[@rel='self']") is not None


def test_the_feed_lists_the_edit_and_keeps_atoms_rules_in_both_languages(client, capacity_edit):
    english = feed(client, reverse("coverage:changes_feed"))
    welsh = feed(client, "/cy/changes/feed.atom")
    for root in (english, welsh):
        assert_atom(root)
    titles = [e.find(f"{ATOM}title").text for e in english.iter(f"{ATOM}entry")]
    assert titles == [CHANGE_EN]
    assert welsh.get("{http://www.w3.org/XML/1998/namespace}lang") == "cy"
    welsh_title = next(welsh.iter(f"{ATOM}entry")).find(f"{ATOM}title").text
    assert "Gwasanaeth Iechyd Meddwl Rhiant-Baban Gwent" in welsh_title and welsh_title != CHANGE_EN
    for response in (client.get(reverse("coverage:changes_feed")), client.get("/cy/changes/feed.atom")):
        assert STEWARD.encode() not in response.content
    # The same change keeps the same id on every reading, so a feed reader shows it once; each language its own.
    assert not {e.find(f"{ATOM}id").text for e in english.iter(f"{ATOM}entry")} & {
        e.find(f"{ATOM}id").text for e in welsh.iter(f"{ATOM}entry")}
    again = feed(client, "/changes/feed.atom")
    assert [e.find(f"{ATOM}id").text for e in again.iter(f"{ATOM}entry")] == [
        e.find(f"{ATOM}id").text for e in english.iter(f"{ATOM}entry")]


def test_the_seed_is_where_the_record_begins_not_a_change(client):
    text = visible_text(client.get(reverse("coverage:changes")).content.decode())
    assert "0 changes" in text and "No change is recorded for these choices." in text
    assert_atom(feed(client, reverse("coverage:changes_feed")))


def test_changes_filter_by_region_and_since_a_day(client, capacity_edit):
    cardiff = LiveBirths.objects.filter(area_code="W06000015").order_by("-year").first()
    cardiff.births += 10
    cardiff.save()
    cardiff_text = f"Live births for Cardiff in {cardiff.year} changed from {cardiff.births - 10:,} to {cardiff.births:,}."
    everything = client.get(reverse("coverage:changes")).content.decode()
    assert CHANGE_EN in everything and cardiff_text in everything
    gwent = client.get(reverse("coverage:changes"), {"region": "gwent"}).content.decode()
    assert CHANGE_EN in gwent and cardiff_text not in gwent
    today = timezone.localdate()
    since_tomorrow = client.get(reverse("coverage:changes"), {"since": (today + datetime.timedelta(days=1)).isoformat()})
    assert since_tomorrow.status_code == 200 and CHANGE_EN not in since_tomorrow.content.decode()
    since_today = client.get(reverse("coverage:changes"), {"since": today.isoformat()}).content.decode()
    assert CHANGE_EN in since_today
    up_to_yesterday = client.get(reverse("coverage:changes"), {"until": (today - datetime.timedelta(days=1)).isoformat()})
    assert up_to_yesterday.status_code == 200 and CHANGE_EN not in up_to_yesterday.content.decode()
    in_feed = feed(client, reverse("coverage:changes_feed"), region="cardiff-and-vale")
    assert [e.find(f"{ATOM}title").text for e in in_feed.iter(f"{ATOM}entry")] == [cardiff_text]


@pytest.mark.parametrize("params, message", [
    ({"since": "yesterday"}, "Give the date as year-month-day, for example 2025-06-01."),
    ({"region": "atlantis"}, "Choose a region from the list."),
    ({"since": "2026-02-01", "until": "2026-01-01"}, "The last day is before the first"),
])
def test_bad_filters_are_said_clearly(client, params, message):
    page = client.get(reverse("coverage:changes"), params)
    assert page.status_code == 400 and message in page.content.decode()
    in_feed = client.get(reverse("coverage:changes_feed"), params)
    assert in_feed.status_code == 400 and message in in_feed.content.decode()


def test_a_name_with_markup_is_text_in_the_feed_not_html(client):
    """Found by a hostile try: the summary is type="html", so the sentence must be escaped once more."""
    service = Service.objects.get(slug="g-pimhs")
    service.name_en = "G-PIMHS <img src=x onerror=alert(1)>"
    service.capacity_families_per_year = 99
    service.save()
    root = feed(client, reverse("coverage:changes_feed"))
    summary = next(root.iter(f"{ATOM}entry")).find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<img" not in summary.text and "&lt;img" in summary.text


def test_a_service_deleted_then_restored_is_said_to_be_back_and_links_avoid_missing_pages(client):
    from tests.factories import national_steward

    browser = AdminBrowser(national_steward())
    service = Service.objects.get(slug="cwm-taf-morgannwg-nurturing-families")
    delete = reverse("admin:services_service_delete", args=[service.pk])
    assert browser.post(delete, {"post": "yes"}, page=browser.get(delete)).status_code == 302
    gone = client.get(reverse("coverage:changes")).content.decode()
    assert "was removed from the directory." in gone
    assert 'href="/services/cwm-taf-morgannwg-nurturing-families/"' not in gone
    version = Service.history.filter(id=service.pk).exclude(history_type="-").order_by("-history_date").first()
    revert = reverse("admin:services_service_simple_history", args=[service.pk, version.history_id])
    page = browser.get(revert)
    assert browser.post(revert, page_values(page), page=page).status_code == 302
    back = client.get(reverse("coverage:changes"), {"region": "cwm-taf-morgannwg"}).content.decode()
    assert "was restored to the directory" in back


def test_need_parameters_are_written_as_a_person_writes_them(client):
    from regions.models import NeedParameters

    default = NeedParameters.objects.get(region=None)
    default.prevalence = "0.16"
    default.save()
    text = client.get(reverse("coverage:changes")).content.decode()
    assert "a prevalence of 16% and 2 years of births" in text


def test_a_contact_added_changed_and_removed_for_a_route_is_listed_where_it_applies(client):
    # A practitioner's suggestion ends as a contact on the finder: the list of changes says so, for that region.
    from regions.models import LocalAuthority
    from services.models import RoutePointer, UniversalRoute

    route = UniversalRoute.objects.get(name_en="Health visitor")
    contact = RoutePointer.objects.create(
        route=route, local_authority=LocalAuthority.objects.get(code="W06000002"), kind="phone",
        value_en="01248 000 000", source_title="A page", source_url="https://www.example.org/")
    contact.value_en = "01248 000 001"
    contact.save()
    contact.source_title = "The same page, retitled"  # nothing a reader of the finder sees
    contact.save()
    contact.delete()
    added = "A contact for Health visitor in Gwynedd was added (Phone: 01248 000 000)."
    changed = "A contact for Health visitor in Gwynedd changed from “Phone: 01248 000 000” to “Phone: 01248 000 001”."
    removed = "A contact for Health visitor in Gwynedd was removed (Phone: 01248 000 001)."
    north = visible_text(client.get(reverse("coverage:changes"), {"region": "north-wales"}).content.decode())
    assert added in north and changed in north and removed in north and "3 changes" in north
    assert '<a href="/services/find/W06000002/0-months/">' in client.get(reverse("coverage:changes")).content.decode()
    gwent = client.get(reverse("coverage:changes"), {"region": "gwent"}).content.decode()
    assert "Gwynedd" not in visible_text(gwent)
    welsh = visible_text(client.get("/cy/changes/", {"region": "north-wales"}).content.decode())
    assert "Ymwelydd iechyd" in welsh and added not in welsh


def test_a_route_and_its_contacts_are_followed_through_a_move_a_deletion_and_a_restore(client):
    from regions.models import Region
    from services.models import RoutePointer, UniversalRoute

    route = UniversalRoute.objects.create(name_en="Antenatal class", description_en="Classes.", after_birth=False)
    contact = RoutePointer.objects.create(route=route, region=Region.objects.get(slug="north-wales"), kind="how",
                                          value_en="Ask the midwife.", source_title="A page",
                                          source_url="https://www.example.org/")
    contact.region = Region.objects.get(slug="gwent")
    contact.save()
    route.delete()  # its contacts go with it; what the finder showed before stays said
    north = visible_text(client.get(reverse("coverage:changes"), {"region": "north-wales"}).content.decode())
    gwent = visible_text(client.get(reverse("coverage:changes"), {"region": "gwent"}).content.decode())
    added = "A contact for Antenatal class in North Wales was added (How to reach it: Ask the midwife)."
    moved = "A contact for Antenatal class moved from North Wales to Gwent (How to reach it: Ask the midwife)."
    removed = "A contact for Antenatal class in Gwent was removed (How to reach it: Ask the midwife)."
    assert added in north and moved in north and removed not in north
    assert moved in gwent and removed in gwent and added not in gwent
    for text in (north, gwent):
        assert "Antenatal class was added to the routes open to every family (in pregnancy)." in text
        assert "Antenatal class was removed from the routes open to every family." in text
    assert "midwife.)." not in north  # the value's own full stop is not doubled
    # A contact for a whole region links to a result that shows it: the region's first authority, here.
    page = client.get(reverse("coverage:changes"), {"region": "gwent"}).content.decode()
    assert '<a href="/services/find/W06000019/expecting/">' in page  # Blaenau Gwent, in pregnancy


def test_a_contact_whose_area_was_deleted_since_is_not_said_to_be_for_all_of_wales(client):
    from services.models import RoutePointer, UniversalRoute

    contact = RoutePointer.objects.create(route=UniversalRoute.objects.get(name_en="GP"), kind="how",
                                          value_en="Ask at the surgery.", source_title="A page",
                                          source_url="https://www.example.org/")
    RoutePointer.history.filter(id=contact.pk).update(local_authority_id=9999)
    text = visible_text(client.get(reverse("coverage:changes")).content.decode())
    assert "A contact for GP in an area no longer listed was added (How to reach it: Ask at the surgery)." in text
    assert "Ask at the surgery" not in visible_text(
        client.get(reverse("coverage:changes"), {"region": "gwent"}).content.decode())
