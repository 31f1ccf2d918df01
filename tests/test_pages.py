"""The public pages show the regions, their authorities and every fact of a service."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_lists_the_seven_regions(client):
    page = client.get(reverse("coverage:home"))
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("Cardiff and Vale", "Cwm Taf Morgannwg", "Gwent", "North Wales", "Powys", "West Glamorgan", "West Wales"):
        assert name in text
    assert "Contains OS data © Crown copyright" in text


def test_home_page_in_welsh_uses_welsh_region_names(client):
    text = client.get("/cy/").content.decode()
    assert 'lang="cy"' in text
    assert "Gogledd Cymru" in text and "Caerdydd a&#x27;r Fro" in text


def test_region_page_lists_its_authorities_and_services(client):
    text = client.get(reverse("coverage:region", args=["gwent"])).content.decode()
    for name in ("Newport", "Monmouthshire", "Caerphilly", "Blaenau Gwent", "Torfaen"):
        assert name in text
    assert "Gwent Parent Infant Mental Health Service" in text


def test_region_with_no_service_shows_its_status_note(client):
    text = client.get(reverse("coverage:region", args=["powys"])).content.decode()
    assert "early stage" in text
    assert "No parent-infant relationship service is recorded for this region." in text


def test_unknown_region_is_a_404(client):
    assert client.get(reverse("coverage:region", args=["atlantis"])).status_code == 404


def test_service_page_shows_every_fact_and_says_what_is_not_stated(client):
    text = client.get(reverse("services:service", args=["g-pimhs"])).content.decode()
    for fact in (
        "Aneurin Bevan University Health Board",
        "NHS public health nursing",
        "From pregnancy",
        "until the child is 2 years old",
        "A wide range of professionals.",
        "Video Interaction Guidance",
        "Music therapist",
        "Reflective practice",
        "The five key elements",
        "Last reviewed",
        "The golden thread",
    ):
        assert fact in text, fact
    assert "No contact details for this service are published in the sources we hold" in text
    # The paper is silent on self-referral to G-PIMHS: the page says so, and does not say "no".
    self_referral = text.split("Families may refer themselves", 1)[1].split("</tr>", 1)[0]
    assert "Not stated" in self_referral and ">No<" not in self_referral


def test_unpublished_service_is_not_shown(client):
    from services.models import Service

    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    assert client.get(reverse("services:service", args=["g-pimhs"])).status_code == 404
    assert "Gwent Parent Infant" not in client.get(reverse("coverage:region", args=["gwent"])).content.decode()


def test_a_missing_page_is_a_friendly_404_that_leaks_nothing(client):
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in text and "Find a referral route for a family" in text
    assert "Traceback" not in text and "urlpatterns" not in text


def test_service_pages_say_when_the_service_was_last_changed_and_last_reviewed(client):
    from services.models import Service

    service = Service.objects.get(slug="g-pimhs")
    service.how_to_refer_en = "Through the family's health visitor."
    service.save()
    text = client.get(reverse("services:service", args=["g-pimhs"])).content.decode()
    assert "Last reviewed 26 November 2026" in text
    assert f"Last changed: {service.updated_at:%-d %B %Y}" in text


def test_the_server_error_page_is_friendly_in_both_languages_and_shows_no_trace():
    from django.template.loader import render_to_string

    text = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in text and 'lang="cy"' in text
    assert "Traceback" not in text and "{%" not in text


def test_a_service_pages_breadcrumb_leads_back_to_the_directory_that_lists_it(client):
    text = client.get(reverse("services:service", args=["g-pimhs"])).content.decode()
    crumb = text[text.index('class="breadcrumb"'):]
    crumb = crumb[:crumb.index("</nav>")]
    assert f'href="{reverse("services:directory")}">Service directory</a>' in crumb
    assert client.get(reverse("services:directory")).status_code == 200
