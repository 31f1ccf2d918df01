"""Stewards record provision from before the portal's record began, only with a source and its date; it then
counts on the days it covers, and on no others."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from coverage.dated import gap_on
from pirs_portal.sources import SEED_DATE
from regions.models import LocalAuthority
from services.models import PastProvision, Service
from services.provision import Level
from tests.factories import AdminBrowser, make_service, national_steward, page_values, regional_steward

pytestmark = pytest.mark.django_db
ADD = "/admin/services/pastprovision/add/"
GWENT = ["W06000018", "W06000019", "W06000020", "W06000021", "W06000022"]


def form(service: str, **changes) -> dict:
    values = {
        "service": Service.objects.get(slug=service).pk, "event": "changed", "happened_on": "2023-04-01",
        "status": "developing", "kind": "specialist_team",
        "areas": list(LocalAuthority.objects.filter(code__in=GWENT).values_list("pk", flat=True)),
        "source_citation": "Annual report 2023, page 4", "source_url": "https://example.org/report",
        "source_date": "2023-06-30",
    }
    return {key: value for key, value in (values | changes).items() if value is not None}


def post(browser: AdminBrowser, data: dict):
    page = browser.get(ADD)
    return browser.post(ADD, data, page=page)


def test_a_status_recorded_from_a_dated_source_shows_on_the_changes_page_and_in_the_service_history(client):
    browser = AdminBrowser(regional_steward("steward-gwenllian", "gwent"))
    assert post(browser, form("g-pimhs")).status_code == 302
    record = PastProvision.objects.get()
    assert timezone.localdate(record.version.history_date) == datetime.date(2023, 4, 1)
    assert record.version.status == "developing"
    text = client.get(reverse("coverage:changes")).content.decode()
    assert ("changed, as a dated source records: developing; specialist parent-infant relationship team; "
            "covering Blaenau Gwent, Caerphilly, Monmouthshire, Newport, Torfaen.") in text
    # Nothing is said to have changed on the day the record began: when it changed in between is not known.
    assert "changed its status" not in text
    assert "steward-gwenllian" not in text
    # The days after the record began are the portal's own: the recorded past does not alter them.
    assert gap_on(SEED_DATE).authority("W06000022").level == Level.TEAM


def test_a_day_before_the_record_began_lists_what_the_sources_record_and_gives_no_gap(client):
    browser = AdminBrowser(national_steward())
    data = form("g-pimhs", event="started", status="established", happened_on="2019-01-01",
                source_date="2019-03-01")
    assert post(browser, data).status_code == 302
    assert gap_on(datetime.date(2020, 1, 1)) is None
    text = client.get(reverse("coverage:home"), {"on": "2020-01-01"}).content.decode()
    assert "No record of coverage on 1 January 2020" in text
    assert "What dated sources record for that day" in text and "Annual report 2023, page 4" in text
    before = client.get(reverse("coverage:home"), {"on": "2018-12-31"}).content.decode()
    assert "What dated sources record for that day" not in before
    changes = client.get(reverse("coverage:changes")).content.decode()
    assert "started, as a dated source records" in changes and "1 January 2019" in changes


@pytest.mark.parametrize("changes, field, message", [
    ({"source_citation": ""}, "source_citation", "This field is required."),
    ({"source_date": ""}, "source_date", "This field is required."),
    ({"source_date": "2099-01-01"}, "source_date", "A source cannot be dated after today."),
    ({"source_date": "2023-01-01"}, "source_date", "A source dated before the day it reports"),
    ({"happened_on": SEED_DATE.isoformat()}, "happened_on", "The portal's record begins on 2024-10-04"),
    ({"happened_on": "0001-01-01", "source_date": "0001-01-02"}, "happened_on", "Give a day from 1990-01-01 on."),
    ({"status": ""}, "status", "Say what it was from that day."),
])
def test_a_record_without_its_source_or_date_or_after_the_record_began_is_refused(changes, field, message):
    browser = AdminBrowser(national_steward())
    page = post(browser, form("g-pimhs", **changes))
    assert page.status_code == 200
    assert message in " ".join(page.context["adminform"].form.errors.get(field, []))
    assert not PastProvision.objects.exists()
    assert Service.history.filter(history_date__date__lt=datetime.date(2024, 1, 1)).count() == 0


def test_a_regional_steward_cannot_record_the_past_of_another_regions_service():
    browser = AdminBrowser(regional_steward("steward-gwenllian", "gwent"))
    page = post(browser, form("cardiff-parents-plus",
                              areas=list(LocalAuthority.objects.filter(code="W06000015").values_list("pk", flat=True))))
    assert page.status_code == 200
    errors = page.context["adminform"].form.errors
    assert "service" in errors and "areas" in errors
    assert not PastProvision.objects.exists()


def test_a_record_reaching_another_region_is_out_of_a_regional_stewards_reach():
    """Their form offers only their own authorities: saving it would silently drop Cardiff from Cardiff's past."""
    assert post(AdminBrowser(national_steward()), form(
        "g-pimhs", areas=list(LocalAuthority.objects.filter(code__in=["W06000022", "W06000015"])
                              .values_list("pk", flat=True)))).status_code == 302
    record = PastProvision.objects.get()
    gwent = AdminBrowser(regional_steward("steward-gwenllian", "gwent"))
    change = reverse("admin:services_pastprovision_change", args=[record.pk])

    assert gwent.get(reverse("admin:services_pastprovision_changelist")).context["cl"].result_count == 0
    assert gwent.post(change, form("g-pimhs", source_citation="Tidied")).status_code in (302, 403)
    assert gwent.post(reverse("admin:services_pastprovision_delete", args=[record.pk]), {"post": "yes"}).status_code in (
        302, 403)

    record.refresh_from_db()
    assert sorted(record.areas.values_list("code", flat=True)) == ["W06000015", "W06000022"]
    assert record.source_citation == "Annual report 2023, page 4"


def test_deleting_a_record_removes_its_version():
    browser = AdminBrowser(national_steward())
    assert post(browser, form("g-pimhs")).status_code == 302
    record = PastProvision.objects.get()
    url = reverse("admin:services_pastprovision_delete", args=[record.pk])
    page = browser.get(url)
    assert browser.post(url, {"post": "yes"}, page=page).status_code == 302
    assert not Service.history.filter(history_date__date__lt=datetime.date(2024, 1, 1)).exists()


def test_a_service_added_after_the_record_began_cannot_be_given_a_past_that_rewrites_published_days(client):
    """Found by a hostile try: the check was the service's own first day, so a new service could be backdated."""
    team = make_service("powys-new", areas=["W06000023"], capacity=50)
    before = client.get(reverse("coverage:gap_download", args=["csv"]), {"on": "2025-06-01"}).content
    browser = AdminBrowser(national_steward())
    page = post(browser, form("powys-new", event="started", status="established", happened_on="2025-03-01",
                              source_date="2025-04-01",
                              areas=[LocalAuthority.objects.get(code="W06000023").pk]))
    assert page.status_code == 200
    assert "The portal's record begins on 2024-10-04" in " ".join(page.context["adminform"].form.errors["happened_on"])
    assert not PastProvision.objects.exists() and team.history.count() >= 1
    assert client.get(reverse("coverage:gap_download", args=["csv"]), {"on": "2025-06-01"}).content == before


def test_two_records_for_one_service_on_one_day_are_refused():
    browser = AdminBrowser(national_steward())
    assert post(browser, form("g-pimhs")).status_code == 302
    page = post(browser, form("g-pimhs", event="started", status="established"))
    assert page.status_code == 200
    assert "already has a record for that day" in " ".join(page.context["adminform"].form.errors["happened_on"])


def test_a_day_typed_with_slashes_in_the_english_admin_is_read_day_first():
    """Found by a hostile try: Django's English formats read 01/04/2023 as 4 January."""
    browser = AdminBrowser(national_steward())
    assert post(browser, form("g-pimhs", happened_on="01/04/2023", source_date="30/06/2023")).status_code == 302
    record = PastProvision.objects.get()
    assert (record.happened_on, record.source_date) == (datetime.date(2023, 4, 1), datetime.date(2023, 6, 30))


def test_a_restored_service_brings_back_its_provision_before_the_record_began_with_its_areas():
    national = AdminBrowser(national_steward())
    assert post(national, form("g-pimhs")).status_code == 302
    service = Service.objects.get(slug="g-pimhs")
    delete = reverse("admin:services_service_delete", args=[service.pk])
    assert national.post(delete, {"post": "yes"}, page=national.get(delete)).status_code == 302
    assert not PastProvision.objects.exists()
    gone = Service.history.filter(id=service.pk, history_type="-").get()
    revert = reverse("admin:services_service_simple_history", args=[service.pk, gone.history_id])

    page = national.get(revert)
    assert national.post(revert, page_values(page), page=page).status_code == 302

    record = PastProvision.objects.get(service=service)
    assert record.source_citation == "Annual report 2023, page 4"
    assert sorted(record.areas.values_list("code", flat=True)) == GWENT
    assert record.version is not None and record.version.status == "developing"
    # It can be changed again in the admin, as before the service was deleted.
    change = reverse("admin:services_pastprovision_change", args=[record.pk])
    assert national.get(change).status_code == 200
