"""Edits in the admin are safe: a stale form is refused with what changed, and a drawn boundary is repaired."""

import pytest
from django.urls import reverse

from regions.models import LocalAuthority, Region
from services.models import Service
from tests.factories import AdminBrowser, form_values, national_steward, regional_steward

pytestmark = pytest.mark.django_db
# A bow tie: its two triangles cross at (-3.0, 51.6), so the ring intersects itself.
BOW_TIE = "SRID=4326;MULTIPOLYGON(((-3.1 51.5, -2.9 51.7, -2.9 51.5, -3.1 51.7, -3.1 51.5)))"


def service_url(slug: str) -> str:
    return reverse("admin:services_service_change", args=[Service.objects.get(slug=slug).pk])


def test_a_save_from_a_form_opened_before_another_stewards_save_is_refused_with_what_changed():
    alice = AdminBrowser(regional_steward("alice", "gwent"))
    bob = AdminBrowser(regional_steward("bob", "gwent"))
    url = service_url("g-pimhs")
    alice_page = alice.get(url)
    bob_page = bob.get(url)
    alice_form = form_values(alice_page.context["adminform"].form)
    bob_form = form_values(bob_page.context["adminform"].form)

    assert alice.post(url, alice_form | {"summary_en": "Alice's summary."}, page=alice_page).status_code == 302
    refused = bob.post(url, bob_form | {"how_to_refer_en": "Bob's referral note."}, page=bob_page)

    assert refused.status_code == 200
    message = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "alice" in message and "summary (English)" in message and "Alice's summary." in message
    assert Service.objects.get(slug="g-pimhs").summary_en == "Alice's summary."
    assert Service.objects.get(slug="g-pimhs").how_to_refer_en != "Bob's referral note."
    # Nothing Bob typed is lost: the form comes back with his text, and saving again is his choice.
    again = form_values(refused.context["adminform"].form)
    assert again["how_to_refer_en"] == "Bob's referral note."
    assert bob.post(url, again, page=refused).status_code == 302
    assert Service.objects.get(slug="g-pimhs").how_to_refer_en == "Bob's referral note."


def test_a_revert_from_a_stale_page_is_refused_too():
    steward = AdminBrowser(regional_steward("alice", "gwent"))
    service = Service.objects.get(slug="g-pimhs")
    first = service.history.order_by("history_date").first()
    url = reverse("admin:services_service_simple_history", args=[service.pk, first.history_id])
    page = steward.get(url)
    data = form_values(page.context["adminform"].form)
    service.summary_en = "Changed meanwhile."
    service.save()
    assert steward.post(url, data, page=page).status_code == 200
    assert Service.objects.get(pk=service.pk).summary_en == "Changed meanwhile."


def test_a_self_intersecting_boundary_drawn_in_the_admin_is_stored_repaired_and_its_region_follows():
    steward = AdminBrowser(national_steward())
    newport = LocalAuthority.objects.get(code="W06000022")
    url = reverse("admin:regions_localauthority_change", args=[newport.pk])
    page = steward.get(url)
    gwent_before = Region.objects.get(slug="gwent").boundary

    response = steward.post(url, form_values(page.context["adminform"].form) | {"boundary": BOW_TIE}, page=page)

    assert response.status_code == 302
    stored = LocalAuthority.objects.get(pk=newport.pk).boundary
    assert stored.valid and stored.geom_type == "MultiPolygon"
    assert len(stored) == 2, "repaired as the importer repairs: the bow tie's two triangles"
    gwent = Region.objects.get(slug="gwent").boundary
    assert not gwent.equals_exact(gwent_before, tolerance=1e-9), "the region is the union of its authorities again"
    assert gwent.contains(stored.point_on_surface)


def test_a_boundary_with_no_area_is_refused_with_a_reason():
    steward = AdminBrowser(national_steward())
    newport = LocalAuthority.objects.get(code="W06000022")
    url = reverse("admin:regions_localauthority_change", args=[newport.pk])
    page = steward.get(url)
    flat = "SRID=4326;MULTIPOLYGON(((-3.1 51.5, -3.0 51.5, -2.9 51.5, -3.1 51.5)))"

    response = steward.post(url, form_values(page.context["adminform"].form) | {"boundary": flat}, page=page)

    assert response.status_code == 200
    assert "cannot be stored" in " ".join(response.context["adminform"].form.errors["boundary"])
    assert LocalAuthority.objects.get(pk=newport.pk).boundary.equals_exact(newport.boundary, tolerance=1e-9)
