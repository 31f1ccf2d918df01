"""How to refer: each referral detail with its source, or "not published yet"; never an invented contact."""

import datetime
import re

import pytest
from django.urls import reverse

from services.models import Organisation, ReferralSource, Service
from tests.factories import AdminBrowser, national_steward, page_values

pytestmark = pytest.mark.django_db

DETAILS = ["Who may refer", "How to make a referral (form, phone, email or letter)", "Phone", "Email", "Web page",
           "Referral criteria"]


def block(html: str) -> str:
    return html.split('class="checklist stack-on-phones how-to-refer"', 1)[1].split("</table>", 1)[0]


def row(html: str, label: str) -> str:
    return next(r for r in re.findall(r"<tr>.*?</tr>", block(html), flags=re.S) if f">{label}</th>" in r)


def blank_service() -> Service:
    service = Service.objects.get(slug="cwm-taf-morgannwg-nurturing-families")
    service.referral_sources.all().delete()
    Service.objects.filter(pk=service.pk).update(referrers_en="", how_to_refer_en="", phone="", email="", website="",
                                                 eligibility_en="")
    return service


def test_with_every_detail_missing_each_says_not_published_yet_and_no_contact_is_invented(client):
    service = blank_service()
    html = client.get(reverse("services:service", args=[service.slug])).content.decode()
    for label in DETAILS:
        assert "Not published yet" in row(html, label), label
    assert "Not stated" in row(html, "Families may refer themselves")
    assert "tel:" not in html and "mailto:" not in html
    assert "No contact details for this service are published" in html
    assert "Cwm Taf Morgannwg regional partnership" in html.split("No contact details for this service", 1)[1][:300]


def test_with_every_detail_present_each_shows_with_its_source_and_date(client):
    service = blank_service()
    Service.objects.filter(pk=service.pk).update(
        referrers_en="Health visitors and midwives", how_to_refer_en="Send the referral form by email",
        phone="01443 123456", email="nurturing@example.org", website="https://example.org/nurturing",
        eligibility_en="Families with a baby under two in the region")
    checked = datetime.date(2026, 11, 20)
    for detail in ReferralSource.Detail.values:
        ReferralSource.objects.create(service=service, detail=detail, source="The service's referral page",
                                      source_url="https://example.org/nurturing/refer", checked_on=checked)
    Organisation.objects.filter(pk=service.organisation_id).update(website="https://example.org/partnership")
    html = client.get(reverse("services:service", args=[service.slug])).content.decode()
    for label in DETAILS:
        cells = row(html, label)
        assert "Not published yet" not in cells, label
        assert 'href="https://example.org/nurturing/refer"' in cells and "checked 20 November 2026" in cells, label
    assert 'href="tel:01443123456"' in row(html, "Phone")
    assert 'href="mailto:nurturing@example.org"' in row(html, "Email")
    assert "Send the referral form by email" in row(html, "How to make a referral (form, phone, email or letter)")
    assert 'href="https://example.org/partnership"' in html


def test_the_seed_shows_what_the_paper_says_with_its_section(client):
    html = client.get(reverse("services:service", args=["g-pimhs"])).content.decode()
    who = row(html, "Who may refer")
    assert "A wide range of professionals." in who and "The golden thread, Section Three (Gwent)" in who
    assert "Not published yet" in row(html, "Phone")


def test_a_finder_result_card_carries_the_how_to_refer_block(client):
    html = client.get(reverse("services:finder_results", args=["W06000022", 5])).content.decode()
    card = html.split("Gwent Parent Infant Mental Health Service", 1)[1]
    assert "How to refer" in card and "A wide range of professionals." in block(card)
    assert "contact the host organisation." not in html


def test_the_welsh_page_gives_the_welsh_detail_where_there_is_one(client):
    Service.objects.filter(slug="g-pimhs").update(referrers_cy="Ystod eang o weithwyr proffesiynol.")
    html = client.get("/cy" + reverse("services:service", args=["g-pimhs"])).content.decode()
    assert "Ystod eang o weithwyr proffesiynol." in block(html)


def test_a_steward_cannot_save_a_contact_without_its_source():
    browser = AdminBrowser(national_steward())
    service = Service.objects.get(slug="g-pimhs")
    url = reverse("admin:services_service_change", args=[service.pk])
    page = browser.get(url)
    data = page_values(page) | {"phone": "01633 000000"}
    response = browser.post(url, data, page=page)
    assert response.status_code == 200 and "Give a source for each referral detail" in response.content.decode()
    service.refresh_from_db()
    assert service.phone == ""
    prefix = "referral_sources"
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data |= {f"{prefix}-TOTAL_FORMS": str(total + 1), f"{prefix}-{total}-detail": "phone",
             f"{prefix}-{total}-source": "Aneurin Bevan UHB contact page", f"{prefix}-{total}-checked_on": "2026-12-01"}
    assert browser.post(url, data, page=browser.get(url)).status_code == 302
    service.refresh_from_db()
    assert service.phone == "01633 000000" and service.referral_sources.filter(detail="phone").exists()
