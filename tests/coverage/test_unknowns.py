"""What we don't know yet: the public list in both languages, and the stewards' list with a link to each record."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from regions.models import LiveBirths
from services.models import Service
from tests.factories import AdminBrowser, national_steward, regional_steward

pytestmark = pytest.mark.django_db

PAGE = "/gap/unknowns/"


def section(html: str, key: str) -> str:
    """The text of one topic's section of the page."""
    return html.split(f'id="{key}"', 1)[1].split("</section>", 1)[0]


def rows(html: str) -> list[str]:
    return re.findall(r"<tr>.*?</tr>", html, flags=re.S)[1:]


def row_for(html: str, subject: str) -> str:
    return next(row for row in rows(html) if f">{subject}</a>" in row)


def test_the_public_page_names_every_missing_figure_what_fills_it_and_who_can_supply_it(client):
    html = client.get(PAGE).content.decode()
    births = section(html, "births")
    assert [name for name in ("Bridgend", "Merthyr Tydfil", "Rhondda Cynon Taf") if f">{name}</a>" in births] == [
        "Bridgend", "Merthyr Tydfil", "Rhondda Cynon Taf"]
    assert "StatsWales" in row_for(births, "Bridgend")
    capacity = section(html, "capacity")
    for team in ("Gwent Parent Infant Mental Health Service (G-PIMHS)", "Cardiff Parents Plus Psychology-Led Service (0-5)",
                 "Wrexham and Flintshire Early Years CAMHS"):
        assert team in capacity
    assert "Aneurin Bevan University Health Board" in row_for(capacity, "Gwent Parent Infant Mental Health Service (G-PIMHS)")
    refer = section(html, "referral")
    assert len(rows(refer)) == Service.objects.published().count()
    # G-PIMHS's self-referral is a fact the paper is silent on: it is listed, not taken as "no".
    assert "Families may refer themselves" in row_for(section(html, "facts"), "Gwent Parent Infant Mental Health Service (G-PIMHS)")
    # The public page has no links into the admin.
    assert "/admin/" not in html


def test_the_welsh_page_lists_the_same_lines_in_welsh(client):
    english = client.get(PAGE).content.decode()
    welsh = client.get("/cy" + PAGE).content.decode()
    assert '<html lang="cy"' in welsh
    with translation.override("cy"):
        title = gettext("What we don't know yet")
    assert title != "What we don't know yet" and f"<h1>{escape(title)}</h1>" in welsh
    assert len(rows(welsh)) == len(rows(english))
    assert ">Pen-y-bont ar Ogwr</a>" in section(welsh, "births")


def test_a_line_goes_when_a_steward_records_what_it_asks_for(client):
    assert ">Bridgend</a>" in section(client.get(PAGE).content.decode(), "births")
    LiveBirths.objects.create(area_code="W06000013", area_name="Bridgend", year=2023, births=1234, source="Test")
    html = client.get(PAGE).content.decode()
    assert ">Bridgend</a>" not in section(html, "births")
    assert ">Merthyr Tydfil</a>" in section(html, "births")


def test_a_review_more_than_six_months_old_is_listed_as_overdue(client):
    Service.objects.filter(slug="g-pimhs").update(last_reviewed=datetime.date.today() - datetime.timedelta(days=200))
    review = section(client.get(PAGE).content.decode(), "review")
    assert [r for r in rows(review) if "G-PIMHS" in r]
    assert "Cardiff Parents Plus" not in review


def test_the_home_gap_and_region_pages_link_to_the_list_where_a_figure_lacks_data(client):
    for url in ("/", "/gap/", reverse("coverage:region", args=["cwm-taf-morgannwg"])):
        assert f'href="{PAGE}"' in client.get(url).content.decode(), url


def test_a_regional_steward_gets_a_fix_link_only_for_records_of_their_own_region(client):
    browser = AdminBrowser(regional_steward("gwen", "gwent"))
    own = browser.get("/admin/unknowns/").content.decode()
    # First, only the lines a Gwent steward can fill: G-PIMHS's, none of Cardiff's.
    assert "G-PIMHS" in section(own, "capacity") and "Cardiff Parents Plus" not in own
    html = browser.get("/admin/unknowns/?all=1").content.decode()
    gpimhs = Service.objects.get(slug="g-pimhs")
    cardiff = Service.objects.get(slug="cardiff-parents-plus")
    capacity = section(html, "capacity")
    assert reverse("admin:services_service_change", args=[gpimhs.pk]) in row_for(capacity, gpimhs.name_en)
    cardiff_row = row_for(capacity, cardiff.name_en)
    assert "Not yours to change" in cardiff_row and "/admin/services/" not in cardiff_row
    # Births are missing only in Cwm Taf Morgannwg: none of them is a Gwent steward's to add.
    assert "/admin/regions/livebirths/add/" not in section(html, "births")


def test_a_national_steward_can_follow_each_births_line_to_a_prefilled_form():
    browser = AdminBrowser(national_steward())
    html = browser.get("/admin/unknowns/").content.decode()
    link = re.search(r'href="([^"]*livebirths/add/\?area_code=W06000013[^"]*)"', section(html, "births"))
    assert link, "no link to add Bridgend's births"
    form = browser.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert 'value="W06000013"' in form and 'value="Bridgend"' in form


def test_the_admin_home_leads_with_the_list(client):
    browser = AdminBrowser(regional_steward("gwen", "gwent"))
    assert 'href="/admin/unknowns/"' in browser.get("/admin/").content.decode()


def test_the_list_is_for_staff_only_in_the_admin(client):
    response = client.get("/admin/unknowns/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
