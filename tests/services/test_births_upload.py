"""Births from the admin: upload, preview every change, confirm; one importer with the command, scoped by role."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regions.models import LiveBirths
from tests.factories import AdminBrowser, national_steward, page_values, regional_steward, staff_user

pytestmark = pytest.mark.django_db

URL = "/admin/regions/livebirths/import/"
HEADER = "area_code,year,live_births,source\n"
BRIDGEND = "W06000013,2023,1234,StatsWales births 2023\n"
NEWPORT = "W06000022,2023,1700,StatsWales births 2023\n"


def upload(browser: AdminBrowser, text: str | bytes, name: str = "births.csv"):
    page = browser.get(URL)
    content = text.encode() if isinstance(text, str) else text
    return browser.client.post(URL, {"file": SimpleUploadedFile(name, content, "text/csv"),
                                     "csrfmiddlewaretoken": browser._token(page)})


def confirm(browser: AdminBrowser, preview):
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode()).group(1)
    return browser.post(URL, {"payload": payload}, page=preview)


def births_rows() -> list[tuple]:
    return list(LiveBirths.objects.order_by("area_code", "year").values_list("area_code", "year", "births", "source"))


def test_a_steward_sees_every_change_before_anything_is_stored_then_confirms():
    browser = AdminBrowser(national_steward())
    newport_before = LiveBirths.objects.filter(area_code="W06000022").order_by("-year").first()
    changed = f"W06000022,{newport_before.year},{newport_before.births + 5},StatsWales births\n"
    before = births_rows()
    preview = upload(browser, HEADER + BRIDGEND + changed)
    html = preview.content.decode()
    assert "1 to add, 1 to change, 0 unchanged" in html
    assert "Bridgend (W06000013) 2023: 1234" in html and f"was {newport_before.births}" in html
    assert births_rows() == before, "the preview stored something"
    done = confirm(browser, preview)
    assert done.status_code == 302 and done["Location"].endswith("/admin/regions/livebirths/")
    assert LiveBirths.objects.get(area_code="W06000013", year=2023).births == 1234
    assert LiveBirths.objects.get(pk=newport_before.pk).births == int(changed.split(",")[2])
    # The audit history names who made the change.
    assert LiveBirths.history.filter(area_code="W06000013").latest("history_date").history_user == browser.user
    # The list of what we don't know yet no longer asks for Bridgend's births.
    unknowns = browser.client.get("/gap/unknowns/").content.decode()
    assert ">Bridgend</a>" not in unknowns.split('id="births"', 1)[1].split("</section>", 1)[0]


def test_a_file_with_a_problem_changes_nothing_and_says_what_to_fix():
    browser = AdminBrowser(national_steward())
    before = births_rows()
    html = upload(browser, HEADER + BRIDGEND + "W06000014,20x3,12,Test\n").content.decode()
    assert "Nothing was imported" in html and "Line 3" in html and "year &#x27;20x3&#x27;" in html
    assert 'name="payload"' not in html
    assert births_rows() == before


def test_a_file_that_is_not_text_is_refused_with_a_clear_message():
    browser = AdminBrowser(national_steward())
    html = upload(browser, b"\xff\xfeW\x00").content.decode()
    assert "Nothing was imported" in html and "UTF-8" in html


def test_a_change_made_after_the_preview_sends_the_steward_back_to_a_new_preview():
    browser = AdminBrowser(national_steward())
    preview = upload(browser, HEADER + BRIDGEND)
    LiveBirths.objects.create(area_code="W06000013", area_name="Bridgend", year=2023, births=999, source="Other")
    html = confirm(browser, preview).content.decode()
    assert "Someone changed the births figures after your preview" in html
    assert "0 to add, 1 to change" in html and "was 999" in html
    assert LiveBirths.objects.get(area_code="W06000013", year=2023).births == 999


def test_an_altered_preview_is_refused_and_changes_nothing():
    browser = AdminBrowser(national_steward())
    preview = upload(browser, HEADER + BRIDGEND)
    before = births_rows()
    response = browser.post(URL, {"payload": "forged:payload"}, page=preview)
    assert response.status_code == 302
    assert "cannot be read" in browser.get(URL).content.decode()
    assert births_rows() == before


def test_a_regional_steward_may_import_only_their_own_authorities():
    browser = AdminBrowser(regional_steward("gwen", "gwent"))
    before = births_rows()
    html = upload(browser, HEADER + NEWPORT + BRIDGEND).content.decode()
    assert "not yours to change: Bridgend (W06000013)" in html and "Nothing was imported" in html
    assert births_rows() == before
    preview = upload(browser, HEADER + NEWPORT)
    assert confirm(browser, preview).status_code == 302
    assert LiveBirths.objects.get(area_code="W06000022", year=2023).births == 1700


def test_a_preview_made_by_one_steward_cannot_be_confirmed_by_another():
    preview = upload(AdminBrowser(national_steward()), HEADER + BRIDGEND)
    other = AdminBrowser(national_steward("other"))
    before = births_rows()
    confirm(other, preview)
    assert births_rows() == before


def test_staff_who_may_only_view_births_cannot_import():
    viewer = staff_user("viewer")
    viewer.user_permissions.set(Permission.objects.filter(codename="view_livebirths"))
    browser = AdminBrowser(viewer)
    assert browser.get(URL).status_code == 403
    assert reverse("admin:regions_livebirths_import") not in browser.get("/admin/regions/livebirths/").content.decode()


def test_the_births_list_offers_the_import():
    browser = AdminBrowser(national_steward())
    assert f'href="{URL}"' in browser.get("/admin/regions/livebirths/").content.decode()


@pytest.mark.parametrize(("change", "message"), [
    ({"births": "9999999"}, "more births than any area records in a year"),
    ({"year": str(datetime.date.today().year + 1)}, "is still to come"),
])
def test_the_births_form_refuses_what_the_importer_refuses(change, message):
    browser = AdminBrowser(national_steward())
    url = reverse("admin:regions_livebirths_add")
    page = browser.get(url)
    data = page_values(page) | {"area_code": "W06000013", "area_name": "Bridgend", "year": "2024",
                                "births": "1234", "source": "StatsWales"} | change
    response = browser.post(url, data, page=page)
    assert response.status_code == 200 and message in response.content.decode()
    assert not LiveBirths.objects.filter(area_code="W06000013").exists()


def test_the_service_form_refuses_a_capacity_no_team_could_have():
    from services.models import Service

    browser = AdminBrowser(national_steward())
    service = Service.objects.get(slug="wrexham-flintshire-early-years-camhs")
    url = reverse("admin:services_service_change", args=[service.pk])
    page = browser.get(url)
    response = browser.post(url, page_values(page) | {"capacity_families_per_year": "100000"}, page=page)
    assert response.status_code == 200 and "more families than any team could see" in response.content.decode()
    service.refresh_from_db()
    assert service.capacity_families_per_year is None


def test_confirming_the_same_preview_twice_imports_once_and_says_it_is_done():
    browser = AdminBrowser(national_steward())
    preview = upload(browser, HEADER + BRIDGEND)
    assert confirm(browser, preview).status_code == 302
    html = confirm(browser, preview).content.decode()
    assert "Every figure in this file is already stored" in html and "Someone changed" not in html
    assert LiveBirths.objects.filter(area_code="W06000013", year=2023).count() == 1
