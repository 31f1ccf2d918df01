"""Edits in the admin are safe: nothing changed writes nothing, a drawn boundary is repaired, a deleted service comes
back whole, and impossible values are refused. Edits that meet another steward's: test_edit_conflicts.py."""

import pytest
from django.urls import reverse

from regions.models import LocalAuthority, Region
from services.models import ReferralSource, Service, ServiceFact
from tests.factories import AdminBrowser, national_steward, page_values, regional_steward, staff_user

pytestmark = pytest.mark.django_db
# A bow tie: its two triangles cross at (-3.0, 51.6), so the ring intersects itself.
BOW_TIE = "SRID=4326;MULTIPOLYGON(((-3.1 51.5, -2.9 51.7, -2.9 51.5, -3.1 51.7, -3.1 51.5)))"


def service_url(slug: str) -> str:
    return reverse("admin:services_service_change", args=[Service.objects.get(slug=slug).pk])


def test_saving_a_service_with_nothing_changed_adds_no_change_to_its_history_or_the_list_of_changes(client):
    steward = AdminBrowser(regional_steward("alice", "gwent"))
    service = Service.objects.get(slug="g-pimhs")
    versions = service.history.count()
    rows = [model.history.count() for model in (ServiceFact, ReferralSource)]
    changes_before = client.get("/changes/").content
    url = service_url("g-pimhs")
    page = steward.get(url)

    saved = steward.post(url, page_values(page), page=page)

    assert saved.status_code == 302
    service.refresh_from_db()
    assert service.history.count() == versions, "an empty entry was added to the service's history"
    assert [model.history.count() for model in (ServiceFact, ReferralSource)] == rows
    assert client.get("/changes/").content == changes_before
    # A real change still counts.
    page = steward.get(url)
    assert steward.post(url, page_values(page) | {"summary_en": "Changed."}, page=page).status_code == 302
    assert service.history.count() == versions + 1


def test_a_self_intersecting_boundary_drawn_in_the_admin_is_stored_repaired_and_its_region_follows():
    steward = AdminBrowser(national_steward())
    newport = LocalAuthority.objects.get(code="W06000022")
    url = reverse("admin:regions_localauthority_change", args=[newport.pk])
    page = steward.get(url)
    gwent_before = Region.objects.get(slug="gwent").boundary

    response = steward.post(url, page_values(page) | {"boundary": BOW_TIE}, page=page)

    assert response.status_code == 302
    stored = LocalAuthority.objects.get(pk=newport.pk).boundary
    assert stored.valid and stored.geom_type == "MultiPolygon"
    assert len(stored) == 2, "repaired as the importer repairs: the bow tie's two triangles"
    gwent = Region.objects.get(slug="gwent").boundary
    assert not gwent.equals_exact(gwent_before, tolerance=1e-9), "the region is the union of its authorities again"
    assert gwent.contains(stored.point_on_surface)


@pytest.mark.parametrize(
    "code, drawn, reason",
    [
        ("W06000022", "SRID=4326;MULTIPOLYGON(((-3.1 51.5, -3.0 51.5, -2.9 51.5, -3.1 51.5)))", "cannot be stored"),
        ("W06000015", "SRID=4326;MULTIPOLYGON(((500 51.5, 600 51.5, 600 52, 500 52, 500 51.5)))",
         "not longitude and latitude"),
    ],
    ids=["a boundary with no area", "a boundary drawn past the edges of the globe"],
)
def test_a_boundary_that_cannot_be_stored_is_refused_with_a_reason(code, drawn, reason):
    steward = AdminBrowser(national_steward())
    authority = LocalAuthority.objects.get(code=code)
    url = reverse("admin:regions_localauthority_change", args=[authority.pk])
    page = steward.get(url)

    response = steward.post(url, page_values(page) | {"boundary": drawn}, page=page)

    assert response.status_code == 200
    assert reason in " ".join(response.context["adminform"].form.errors["boundary"])
    assert LocalAuthority.objects.get(pk=authority.pk).boundary.equals_exact(authority.boundary, tolerance=1e-9)


def test_a_national_steward_can_see_and_restore_a_service_a_regional_steward_deleted():
    regional = AdminBrowser(regional_steward("gw", "gwent"))
    service = Service.objects.get(slug="g-pimhs")
    facts = sorted(service.facts.values_list("key", "holds"))
    sources = sorted(service.referral_sources.values_list("detail", "source"))
    assert facts and sources
    delete = reverse("admin:services_service_delete", args=[service.pk])
    assert regional.post(delete, {"post": "yes"}, page=regional.get(delete)).status_code == 302
    assert not Service.objects.filter(pk=service.pk).exists()
    version = Service.history.filter(id=service.pk).exclude(history_type="-").order_by("-history_date").first()
    revert = reverse("admin:services_service_simple_history", args=[service.pk, version.history_id])
    history = reverse("admin:services_service_history", args=[service.pk])
    assert regional.get(history).status_code == 403, "a deleted record's history is for national roles"

    national = AdminBrowser(national_steward())
    assert national.get(history).status_code == 200
    page = national.get(revert)
    assert page.status_code == 200
    restored = national.post(revert, page_values(page), page=page)
    assert restored.status_code == 302, restored.context["adminform"].form.errors
    assert Service.objects.get(pk=service.pk).slug == "g-pimhs"
    # The version's areas come back with it: the seed's first version holds them.
    assert Service.objects.get(pk=service.pk).areas.count() == 5
    # So do the facts and referral sources deleted with it, and it can be saved again as it was.
    assert sorted(Service.objects.get(pk=service.pk).facts.values_list("key", "holds")) == facts
    assert sorted(Service.objects.get(pk=service.pk).referral_sources.values_list("detail", "source")) == sources
    change = reverse("admin:services_service_change", args=[service.pk])
    page = national.get(change)
    assert national.post(change, page_values(page), page=page).status_code == 302


def test_the_route_list_offers_no_inline_edits_that_could_undo_a_newer_change():
    national = AdminBrowser(national_steward())
    page = national.get(reverse("admin:services_universalroute_changelist")).content.decode()
    assert 'name="form-0-order"' not in page


def test_removing_a_steward_record_takes_the_account_out_of_the_role_and_the_admin():
    from django.contrib.auth.models import User

    from services.models import Steward

    chief = AdminBrowser(staff_user("chief", superuser=True))
    steward = regional_steward("gw", "gwent")
    record = Steward.objects.get(user=steward)
    delete = reverse("admin:services_steward_delete", args=[record.pk])
    assert chief.post(delete, {"post": "yes"}, page=chief.get(delete)).status_code == 302
    steward = User.objects.get(pk=steward.pk)
    assert not steward.groups.exists() and not steward.is_staff


def test_reverting_to_an_earlier_version_brings_back_its_areas_too():
    service = Service.objects.get(slug="g-pimhs")
    newport = LocalAuthority.objects.get(code="W06000022")
    service.summary_en = "A version with every area recorded."
    service.save()
    first = service.history.order_by("-history_date", "-history_id").first()
    service.areas.remove(newport)
    steward = AdminBrowser(regional_steward("gw", "gwent"))
    revert = reverse("admin:services_service_simple_history", args=[service.pk, first.history_id])
    page = steward.get(revert)
    response = steward.post(revert, page_values(page), page=page)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Service.objects.get(pk=service.pk).areas.filter(pk=newport.pk).exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"last_reviewed": "2099-01-01"}, "last_reviewed", "has not come yet"),
    ({"last_reviewed": "0001-01-01"}, "last_reviewed", "Give a day from 1 January 1990 on"),
    ({"staff_wte": "-1"}, "staff_wte", "greater than or equal to 0"),
])
def test_a_review_date_to_come_or_a_negative_staff_count_is_refused(changes, field, message):
    steward = AdminBrowser(regional_steward("alice", "gwent"))
    url = service_url("g-pimhs")
    page = steward.get(url)

    response = steward.post(url, page_values(page) | changes, page=page)

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field][0]
    assert Service.objects.get(slug="g-pimhs").last_reviewed.year < 2099


def test_a_change_to_a_referral_source_shows_on_the_services_history_with_who_and_what():
    steward = AdminBrowser(regional_steward("alice", "gwent"))
    url = service_url("g-pimhs")
    page = steward.get(url)
    data = page_values(page)
    before = data["referral_sources-0-source"]
    assert steward.post(url, data | {"referral_sources-0-source": "The team's leaflet, 2026"}, page=page).status_code == 302

    history = steward.get(reverse("admin:services_service_history", args=[Service.objects.get(slug="g-pimhs").pk]))

    changes = history.context["detail_changes"]
    assert changes[0]["who"].username == "alice" and changes[0]["action"] == "Changed"
    assert [(c.field, c.old, c.new) for c in changes[0]["fields"]] == [("source", before, "The team's leaflet, 2026")]
    assert "The team&#x27;s leaflet, 2026" in history.content.decode()


def test_the_service_history_reads_its_rows_changes_without_a_query_per_change():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from services.admin.rows_kept import row_changes

    steward = AdminBrowser(regional_steward("alice", "gwent"))
    url = service_url("g-pimhs")
    for n in range(5):
        page = steward.get(url)
        assert steward.post(url, page_values(page) | {"referral_sources-0-source": f"Edit {n}"},
                            page=page).status_code == 302

    service_pk = Service.objects.get(slug="g-pimhs").pk
    with CaptureQueriesContext(connection) as queries:
        changes = row_changes((ServiceFact, ReferralSource), service_id=service_pk)

    assert [c["fields"][0].new for c in changes[:5]] == [f"Edit {n}" for n in (4, 3, 2, 1, 0)]
    assert len(queries) == 2, "one query for the facts' versions, one for the referral sources'"


def test_restoring_a_deleted_service_from_its_deletion_version_brings_back_its_areas():
    service = Service.objects.get(slug="g-pimhs")
    national = AdminBrowser(national_steward())
    delete = reverse("admin:services_service_delete", args=[service.pk])
    assert national.post(delete, {"post": "yes"}, page=national.get(delete)).status_code == 302
    gone = Service.history.filter(id=service.pk, history_type="-").get()
    revert = reverse("admin:services_service_simple_history", args=[service.pk, gone.history_id])

    page = national.get(revert)
    restored = national.post(revert, page_values(page), page=page)

    assert restored.status_code == 302, restored.context["adminform"].form.errors
    assert Service.objects.get(pk=service.pk).areas.count() == 5
