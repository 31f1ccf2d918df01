"""Holes a hostile steward found in the admin, each closed.

These stewards hold every model permission of the geography and directory apps
(as a careless grant would give them), but no role: the record's scope must
still stop them. They sign in and post as a browser does, CSRF token and all.
"""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region
from services.models import Organisation, Service, Steward, UniversalRoute

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password 1"


def signed_in(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert client.post("/admin/login/", {"username": user.username, "password": PASSWORD,
                                         "csrfmiddlewaretoken": token}).status_code == 302
    return client


def post(client: Client, url: str, data: dict):
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def gwent_steward_with_every_permission() -> Client:
    user = User.objects.create_user("gwent", password=PASSWORD, is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["regions", "services"]))
    Steward.objects.create(user=user).regions.set(Region.objects.filter(slug="gwent"))
    return signed_in(user)


def as_superuser_sees(url: str) -> dict:
    """The change form's values, as a superuser's browser would send them back."""
    chief = User.objects.filter(username="form-reader").first() or User.objects.create_superuser(
        "form-reader", password=PASSWORD)
    client = Client()
    client.force_login(chief)
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "ewkt"):
            value = value.ewkt
        elif hasattr(value, "all"):
            value = [o.pk for o in value.all()]
        elif isinstance(value, list):
            value = [getattr(v, "pk", v) for v in value]
        elif hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, bool):
            value = "on" if value else ""
        if value not in (None, ""):
            data[name] = value
    return data


def test_view_only_staff_cannot_revert_a_service_through_its_history():
    viewer = User.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    Steward.objects.create(user=viewer).regions.set(Region.objects.filter(slug="gwent"))
    service = Service.objects.get(slug="g-pimhs")
    service.summary_en = "A later summary."
    service.save()
    first = service.history.order_by("history_date").first()
    url = reverse("admin:services_service_simple_history", args=[service.pk, first.history_id])
    data = as_superuser_sees(reverse("admin:services_service_change", args=[service.pk]))

    response = post(signed_in(viewer), url, data | {"summary_en": "Changed by someone who may only look."})

    assert response.status_code == 403
    assert Service.objects.get(slug="g-pimhs").summary_en == "A later summary."


def test_view_only_staff_cannot_revert_an_organisation_through_its_history():
    viewer = User.objects.create_user("viewer", password=PASSWORD, is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    organisation = Organisation.objects.get(slug="cardiff-council")
    first = organisation.history.order_by("history_date").first()
    url = reverse("admin:services_organisation_simple_history", args=[organisation.pk, first.history_id])
    data = as_superuser_sees(reverse("admin:services_organisation_change", args=[organisation.pk]))

    response = post(signed_in(viewer), url, data | {"name_en": "Renamed by a viewer"})

    assert response.status_code == 403
    assert Organisation.objects.get(slug="cardiff-council").name_en != "Renamed by a viewer"


@pytest.mark.parametrize(
    "admin_name, record, field, value",
    [
        ("services_organisation", lambda: Organisation.objects.get(slug="cardiff-council"), "name_en", "Taken over"),
        ("services_universalroute", lambda: UniversalRoute.objects.get(name_en="Health visitor"), "description_en",
         "Do not call."),
    ],
    ids=["cardiff's host organisation", "a route shown to every family in Wales"],
)
def test_a_gwent_steward_cannot_edit_a_record_kept_for_all_of_wales(admin_name, record, field, value):
    steward = gwent_steward_with_every_permission()
    url = reverse(f"admin:{admin_name}_change", args=[record().pk])
    post(steward, url, as_superuser_sees(url) | {field: value})
    assert getattr(record(), field) != value


def test_a_gwent_steward_cannot_set_cardiffs_births_or_add_a_figure_for_cardiff():
    steward = gwent_steward_with_every_permission()
    births = LiveBirths.objects.filter(area_code="W06000015").first()
    url = reverse("admin:regions_livebirths_change", args=[births.pk])
    post(steward, url, as_superuser_sees(url) | {"births": 1})
    add = reverse("admin:regions_livebirths_add")
    post(steward, add, {"area_code": "W06000015", "area_name": "Cardiff", "year": 2031, "births": 1,
                        "source": "made up"})
    assert LiveBirths.objects.get(pk=births.pk).births == births.births
    assert not LiveBirths.objects.filter(area_code="W06000015", year=2031).exists()


def test_a_gwent_steward_cannot_change_the_default_prevalence_for_wales():
    steward = gwent_steward_with_every_permission()
    default = NeedParameters.objects.get(region__isnull=True)
    url = reverse("admin:regions_needparameters_change", args=[default.pk])
    post(steward, url, as_superuser_sees(url) | {"prevalence": "0.0100"})
    assert NeedParameters.objects.get(pk=default.pk).prevalence == default.prevalence


def test_a_gwent_steward_cannot_move_cardiff_into_gwent_and_then_edit_its_service():
    steward = gwent_steward_with_every_permission()
    cardiff = LocalAuthority.objects.get(code="W06000015")
    gwent = Region.objects.get(slug="gwent")
    url = reverse("admin:regions_localauthority_change", args=[cardiff.pk])
    post(steward, url, as_superuser_sees(url) | {"region": gwent.pk})
    assert LocalAuthority.objects.get(pk=cardiff.pk).region.slug == "cardiff-and-vale"
    service = Service.objects.get(slug="cardiff-parents-plus")
    service_url = reverse("admin:services_service_change", args=[service.pk])
    post(steward, service_url, as_superuser_sees(service_url) | {"summary_en": "Taken over"})
    assert Service.objects.get(pk=service.pk).summary_en != "Taken over"


@pytest.mark.parametrize("path", [
    "/admin/services/service/{pk}/history/abc/",
    "/admin/services/service/{pk}/history/99999999999999999999999/",
    "/admin/services/service/abc/history/1/",
    "/admin/services/service/abc/history/",
    "/admin/services/service/99999999999999999999999/history/",
    "/admin/regions/livebirths/1/history/abc/",
    "/admin/services/steward/abc/history/",
])
def test_a_history_address_that_is_not_a_number_is_not_found_rather_than_an_error(path):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("chief", password=PASSWORD))

    response = client.get(path.format(pk=Service.objects.get(slug="g-pimhs").pk))

    assert response.status_code == 404


@pytest.mark.parametrize("field", ["areas", "interventions"])
def test_a_chosen_record_whose_id_no_table_can_hold_is_a_form_error(field):
    url = reverse("admin:services_service_change", args=[Service.objects.get(slug="g-pimhs").pk])
    data = as_superuser_sees(url) | {field: ["99999999999999999999999999"]}
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="form-reader"))

    response = client.post(url, data)

    assert response.status_code == 200
    assert "99999999999999999999999999” is not a valid value" in response.context["adminform"].form.errors[field][0]


def test_a_staff_accounts_groups_are_checked_the_same_way():
    chief = User.objects.create_superuser("chief", password=PASSWORD)
    client = Client(raise_request_exception=False)
    client.force_login(chief)
    url = reverse("admin:auth_user_change", args=[chief.pk])
    data = {"username": "chief", "is_active": "on", "is_staff": "on", "is_superuser": "on",
            "last_login_0": "", "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00",
            "groups": ["99999999999999999999999999"]}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors


@pytest.mark.parametrize("pk", ["NP20%204UR", "abc", "99999999999999999999999"])
def test_a_postcodes_history_page_answers_without_an_error(pk):
    from regions.models import Postcode

    Postcode.objects.get_or_create(postcode="NP20 4UR", defaults={"area_code": "W06000022"})
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("chief", password=PASSWORD))

    response = client.get(f"/admin/regions/postcode/{pk}/history/")

    if pk.startswith("NP20"):
        assert response.status_code == 200
        assert "This object doesn’t have a change history" in response.content.decode(), "Django's log of admin edits"
    else:
        assert response.status_code in (302, 404), "no such postcode: back to the admin, never a server error"


@pytest.mark.parametrize("query", ["pk__in=99999999999999999999", "id__in=9223372036854775808",
                                   "last_reviewed__year=99999999999999999999", "updated_at__year=10000",
                                   "updated_at__year__gte=99999"])
@pytest.mark.parametrize("model", ["services/service", "regions/livebirths", "suggestions/suggestion"])
def test_a_list_filter_no_column_can_hold_is_answered_as_a_bad_filter_not_a_server_error(model, query):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("chief", password=PASSWORD))

    response = client.get(f"/admin/{model}/?{query}")

    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
        assert client.get(response["Location"]).status_code == 200


def test_a_postcodes_old_version_address_is_not_found_as_postcodes_have_no_versions():
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("chief", password=PASSWORD))
    assert client.get("/admin/regions/postcode/AB1_200AA/history/1/").status_code == 404
