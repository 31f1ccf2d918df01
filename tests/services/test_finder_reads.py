"""The finder reads each area's services and routes once per data version, and never shows them out of date."""

import pytest
from django.urls import reverse

from regions.models import LocalAuthority
from services.finder import route_find
from services.models import RoutePointer, UniversalRoute
from tests.factories import make_service

pytestmark = pytest.mark.django_db

NEWPORT, SWANSEA = "W06000022", "W06000011"


def results(client, code: str, age: int, prefix: str = "") -> str:
    return client.get(prefix + reverse("services:finder_results", args=[code, age])).content.decode()


def test_a_service_added_to_an_area_shows_at_once_on_results_already_read(client):
    assert "new-team-for-swansea" not in results(client, SWANSEA, 5)
    make_service("new-team-for-swansea", areas=[SWANSEA])
    assert "new-team-for-swansea" in results(client, SWANSEA, 5)
    assert "new-team-for-swansea" in results(client, SWANSEA, 6)  # another age in the same area


def test_each_area_keeps_its_own_contacts_on_the_routes_every_family_has():
    newport = LocalAuthority.objects.get(code=NEWPORT)
    swansea = LocalAuthority.objects.get(code=SWANSEA)
    route = UniversalRoute.objects.get(name_en="Health visitor")
    gwent_lines = {p.pk for p in route.pointers.all() if p.applies_to(newport)}
    assert gwent_lines and not any(p.applies_to(swansea) for p in RoutePointer.objects.filter(pk__in=gwent_lines))

    for_newport = route_find(local_authority=newport, pregnant=False, age_months=30)
    for_swansea = route_find(local_authority=swansea, pregnant=False, age_months=30)

    def contacts(result) -> set[int]:
        return {p.pk for r in result.universal if r.name_en == "Health visitor" for p in r.local_pointers}

    # The routes are read once and shared; a later family's area must not overwrite an earlier answer's contacts.
    assert gwent_lines <= contacts(for_newport)
    assert not gwent_lines & contacts(for_swansea)


def test_the_local_authority_list_follows_a_renamed_authority_in_both_languages(client):
    assert ">Swansea</option>" in client.get(reverse("services:finder")).content.decode()
    LocalAuthority.objects.filter(code=SWANSEA).update(name_en="Swansea (renamed)", name_cy="Abertawe (newydd)")
    # A bulk update moves no data version by itself; the steward's save does. Say it, as the admin would.
    LocalAuthority.objects.get(code=SWANSEA).save()
    page = client.get(reverse("services:finder")).content.decode()
    assert f'<option value="{SWANSEA}">Swansea (renamed)</option>' in page
    welsh = client.get("/cy" + reverse("services:finder")).content.decode()
    assert f'<option value="{SWANSEA}">Abertawe (newydd)</option>' in welsh


def test_the_chosen_authority_stays_chosen_under_the_results(client):
    page = results(client, NEWPORT, 5)
    assert f'<option value="{NEWPORT}" selected>Newport</option>' in page
    assert page.count(" selected>") == 1


def test_a_name_in_the_list_is_written_as_text_never_as_markup(client):
    LocalAuthority.objects.filter(code=SWANSEA).update(name_en='Swansea <b>"&"</b>')
    LocalAuthority.objects.get(code=SWANSEA).save()
    page = client.get(reverse("services:directory")).content.decode()
    assert f'<option value="{SWANSEA}">Swansea &lt;b&gt;&quot;&amp;&quot;&lt;/b&gt;</option>' in page
    assert "<b>" not in page
