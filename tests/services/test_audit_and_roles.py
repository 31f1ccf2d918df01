"""Every edit is recorded and revertable; regional stewards change only their own region's services."""

import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from regions.models import LocalAuthority, Region
from services.models import Service, Steward
from tests.factories import page_values

pytestmark = pytest.mark.django_db


def staff(username: str, *, regions: list[str]) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="services"))
    Steward.objects.create(user=user).regions.set(Region.objects.filter(slug__in=regions))
    return user


@pytest.fixture
def gwent_steward(client):
    client.force_login(staff("gwent", regions=["gwent"]))
    return client


def change_url(slug: str) -> str:
    return reverse("admin:services_service_change", args=[Service.objects.get(slug=slug).pk])


def form_data(client, slug: str, **changes) -> dict:
    """Read the admin page as the browser would and change some fields."""
    return page_values(client.get(change_url(slug))) | changes


def test_an_admin_edit_is_recorded_with_who_when_and_what_changed(gwent_steward):
    response = gwent_steward.post(change_url("g-pimhs"), form_data(gwent_steward, "g-pimhs", summary_cy="Crynodeb newydd."))
    assert response.status_code == 302
    service = Service.objects.get(slug="g-pimhs")
    latest, previous = service.history.all()[:2]
    assert latest.history_user.username == "gwent"
    delta = latest.diff_against(previous)
    assert "summary_cy" in delta.changed_fields
    assert latest.history_date.date() == datetime.date.today()


def test_a_change_can_be_reverted_from_the_history(gwent_steward, admin_client):
    gwent_steward.post(change_url("g-pimhs"), form_data(gwent_steward, "g-pimhs", summary_cy="Testun anghywir"))
    service = Service.objects.get(slug="g-pimhs")
    original = service.history.earliest()
    revert = reverse("admin:services_service_simple_history", args=[service.pk, original.history_id])
    assert admin_client.get(revert).status_code == 200
    form = form_data(admin_client, "g-pimhs")
    form["summary_cy"] = original.summary_cy
    assert admin_client.post(revert, form).status_code == 302
    assert Service.objects.get(slug="g-pimhs").summary_cy == original.summary_cy


def test_seed_records_have_a_starting_history():
    assert Service.objects.get(slug="g-pimhs").history.exists()
    assert LocalAuthority.objects.get(code="W06000022").history.exists()


def test_a_gwent_steward_sees_only_gwent_services(gwent_steward):
    page = gwent_steward.get(reverse("admin:services_service_changelist")).content.decode()
    assert "Gwent Parent Infant Mental Health Service" in page
    assert "Cardiff Parents Plus" not in page


def test_a_gwent_steward_cannot_change_a_cardiff_service_through_its_url(gwent_steward):
    url = change_url("cardiff-parents-plus")
    assert gwent_steward.get(url).status_code in (302, 403, 404)
    before = Service.objects.get(slug="cardiff-parents-plus").summary_en
    response = gwent_steward.post(url, {"summary_en": "Taken over"})
    assert response.status_code in (302, 403, 404)
    assert Service.objects.get(slug="cardiff-parents-plus").summary_en == before


def test_a_gwent_steward_cannot_move_a_service_into_cardiff(gwent_steward):
    cardiff = LocalAuthority.objects.get(code="W06000015")
    response = gwent_steward.post(change_url("g-pimhs"), form_data(gwent_steward, "g-pimhs", areas=[cardiff.pk]))
    assert response.status_code == 200  # the form is shown again with an error
    assert not Service.objects.get(slug="g-pimhs").areas.filter(pk=cardiff.pk).exists()


def test_a_gwent_steward_cannot_delete_a_cardiff_service(gwent_steward):
    pk = Service.objects.get(slug="cardiff-parents-plus").pk
    gwent_steward.post(reverse("admin:services_service_delete", args=[pk]), {"post": "yes"})
    assert Service.objects.filter(pk=pk).exists()


def test_a_staff_user_who_is_not_a_steward_can_change_no_service(client):
    user = User.objects.create_user("visitor", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="services"))
    client.force_login(user)
    assert "Gwent Parent" not in client.get(reverse("admin:services_service_changelist")).content.decode()


def test_a_superuser_can_change_any_service(admin_client):
    assert admin_client.get(change_url("cardiff-parents-plus")).status_code == 200


def test_services_not_reviewed_for_six_months_are_flagged(admin_client):
    Service.objects.filter(slug="g-pimhs").update(last_reviewed=datetime.date.today() - datetime.timedelta(days=200))
    page = admin_client.get(reverse("admin:services_service_changelist"), {"review": "due"}).content.decode()
    assert "Gwent Parent Infant Mental Health Service" in page
    assert "Cardiff Parents Plus" not in page


def test_a_gwent_steward_cannot_read_or_revert_a_cardiff_service_through_its_history(gwent_steward):
    service = Service.objects.get(slug="cardiff-parents-plus")
    version = service.history.earliest()
    history = reverse("admin:services_service_history", args=[service.pk])
    revert = reverse("admin:services_service_simple_history", args=[service.pk, version.history_id])
    assert gwent_steward.get(history).status_code in (302, 403)
    assert gwent_steward.get(revert).status_code == 403
    newport = LocalAuthority.objects.get(code="W06000022")
    response = gwent_steward.post(revert, {"name_en": "Taken over", "areas": [newport.pk]})
    assert response.status_code == 403
    assert Service.objects.get(slug="cardiff-parents-plus").name_en == service.name_en


def test_a_steward_cannot_widen_their_own_regions(gwent_steward):
    steward = Steward.objects.get(user__username="gwent")
    assert gwent_steward.get(reverse("admin:services_steward_change", args=[steward.pk])).status_code == 403
    gwent_steward.post(reverse("admin:services_steward_change", args=[steward.pk]),
                       {"user": steward.user_id, "regions": list(Region.objects.values_list("pk", flat=True))})
    assert list(steward.regions.values_list("slug", flat=True)) == ["gwent"]


def test_a_steward_edits_only_their_own_regions_status_notes(gwent_steward):
    from services.models import RegionStatusNote

    powys = RegionStatusNote.objects.get(region__slug="powys")
    url = reverse("admin:services_regionstatusnote_change", args=[powys.pk])
    assert gwent_steward.get(url).status_code in (302, 403)
    assert "Powys" not in gwent_steward.get(reverse("admin:services_regionstatusnote_changelist")).content.decode()
