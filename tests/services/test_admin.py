"""Stewards can open every admin page, and the service form refuses impossible records."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.gis.geos import Point
from django.urls import reverse

from regions.models import LiveBirths, LocalAuthority, Postcode, Region
from services.models import Organisation, PastProvision, Service, Steward
from tests.factories import national_steward

pytestmark = pytest.mark.django_db


@pytest.fixture
def steward_client(client):
    """A national data steward: every record in Wales, geography included."""
    client.force_login(national_steward())
    return client


def test_every_model_changelist_and_change_page_loads_for_a_superuser(admin_client):
    # The seed has neither postcodes nor stewards: add one of each, so that every change page is opened.
    Postcode.objects.create(postcode="NP20 4UR", area_code="W06000022", point=Point(-2.99, 51.59, srid=4326))
    steward = User.objects.create_user("gwent-steward", is_staff=True)
    Steward.objects.create(user=steward).regions.set(Region.objects.filter(slug="gwent"))
    PastProvision.objects.create(service=Service.objects.get(slug="g-pimhs"), event="started",
                                 happened_on=datetime.date(2019, 1, 1), status="established", kind="specialist_team",
                                 source_citation="Test", source_date=datetime.date(2019, 2, 1))
    check_every_admin_page(admin_client)


def test_a_stewards_service_pages_load(steward_client):
    page = steward_client.get(reverse("admin:services_service_changelist"))
    assert page.status_code == 200 and "Gwent Parent Infant" in page.content.decode()
    service = Service.objects.get(slug="g-pimhs")
    assert steward_client.get(reverse("admin:services_service_change", args=[service.pk])).status_code == 200


def check_every_admin_page(steward_client):
    for model in admin.site._registry:
        if model._meta.app_label not in ("regions", "services"):
            continue
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert steward_client.get(changelist).status_code == 200, changelist
        assert steward_client.get(changelist, {"q": "Gwent"}).status_code == 200, changelist
        first = model.objects.first()
        assert first is not None, f"no {opts.verbose_name} to open: add one in the test"
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        assert steward_client.get(change).status_code == 200, change


def test_the_local_authority_page_uses_a_leaflet_map_widget(steward_client):
    newport = LocalAuthority.objects.get(code="W06000022")
    page = steward_client.get(reverse("admin:regions_localauthority_change", args=[newport.pk]))
    text = page.content.decode()
    # django-leaflet's map for the boundary field, fed by the field's GeoJSON in its raw textarea
    assert '<div id="id_boundary-map" class="leaflet-container-default">' in text
    assert 'class="required django-leaflet-raw-textarea' in text and "MultiPolygon" in text
    assert "leaflet/draw/leaflet.draw.js" in text


def test_the_service_list_shows_published_and_last_reviewed(steward_client):
    page = steward_client.get(reverse("admin:services_service_changelist"))
    text = page.content.decode()
    assert "column-is_published" in text and "column-last_reviewed" in text


def service_form_data(**overrides) -> dict:
    data = {
        "name_en": "Test team",
        "slug": "test-team",
        "summary_en": "A team used in tests.",
        "organisation": Organisation.objects.get(slug="aneurin-bevan-uhb").pk,
        "setting": Service.Setting.PUBLIC_HEALTH_NURSING,
        "kind": Service.Kind.SPECIALIST_TEAM,
        "status": Service.Status.ESTABLISHED,
        "areas": [LocalAuthority.objects.get(code="W06000022").pk],
        "age_start": "birth",
        "age_end_months": "24",
        "source_citation": "A test",
        "last_reviewed": "2026-11-01",
        "is_published": "on",
    }
    # The facts' and referral sources' inline rows: none yet.
    data |= {"facts-TOTAL_FORMS": "0", "facts-INITIAL_FORMS": "0",
             "referral_sources-TOTAL_FORMS": "0", "referral_sources-INITIAL_FORMS": "0"}
    data.update(overrides)
    return data


def add_service(client, data):
    return client.post(reverse("admin:services_service_add"), data)


def test_a_valid_service_can_be_added(steward_client):
    response = add_service(steward_client, service_form_data())
    assert response.status_code == 302
    assert Service.objects.filter(slug="test-team").exists()


def test_an_inverted_age_range_is_refused_with_a_clear_message(steward_client):
    response = add_service(steward_client, service_form_data(age_start="birth", age_end_months="0"))
    assert response.status_code == 200
    assert "age range is inverted" in response.content.decode()
    assert not Service.objects.filter(slug="test-team").exists()


def test_a_service_with_no_area_is_refused_with_a_clear_message(steward_client):
    response = add_service(steward_client, service_form_data(areas=[]))
    assert response.status_code == 200
    assert "Choose at least one local authority" in response.content.decode()
    assert not Service.objects.filter(slug="test-team").exists()


def test_a_births_figure_of_zero_is_refused_as_it_would_publish_no_need(steward_client):
    response = steward_client.post("/admin/regions/livebirths/add/", {
        "area_code": "W06000013", "area_name": "Bridgend", "year": "2023", "births": "0", "source": "A guess"})
    assert response.status_code == 200
    assert "No area of Wales has a year without births" in response.content.decode()
    assert not LiveBirths.objects.filter(area_code="W06000013").exists()
