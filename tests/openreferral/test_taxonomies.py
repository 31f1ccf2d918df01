"""/taxonomies and /taxonomy_terms: the settings and interventions that services are classified by."""

import pytest

from openreferral.taxonomies import INTERVENTION, SETTING
from services.models import Intervention, Service

from .shapes import TAXONOMY, TAXONOMY_TERM, page_problems, shape_problems

pytestmark = pytest.mark.django_db


def test_taxonomies_fit_the_standard_and_are_setting_and_intervention(api):
    page = api("taxonomies").json()
    assert page_problems(page, lambda t: shape_problems(t, TAXONOMY)) == []
    assert [t["name"] for t in page["contents"]] == ["PIRS organisational setting", "PIRS intervention"]


def test_each_taxonomy_can_be_fetched_by_the_uri_it_gives(api, client):
    for taxonomy in api("taxonomies").json()["contents"]:
        response = client.get(taxonomy["uri"])
        assert response.status_code == 200 and response.json() == taxonomy


def test_terms_fit_the_standard_and_cover_every_setting_and_intervention(api):
    page = api("taxonomy_terms").json()
    assert page_problems(page, lambda t: shape_problems(t, TAXONOMY_TERM)) == []
    assert page["total_items"] == len(Service.Setting) + Intervention.objects.count()


def test_terms_can_be_limited_to_one_taxonomy(api):
    terms = api("taxonomy_terms", taxonomy_id=INTERVENTION.id).json()["contents"]
    assert {t["code"] for t in terms} == set(Intervention.objects.values_list("slug", flat=True))
    settings = api("taxonomy_terms", taxonomy_id=SETTING.id).json()["contents"]
    assert {t["taxonomy_id"] for t in settings} == {SETTING.id}


def test_an_unknown_taxonomy_has_no_terms(api):
    assert api("taxonomy_terms", taxonomy_id="00000000-0000-4000-8000-000000000000").json()["empty"] is True


def test_a_term_can_be_fetched_by_the_uri_it_gives(api, client):
    term = api("taxonomy_terms", per_page=1).json()["contents"][0]
    response = client.get(term["term_uri"])
    assert response.status_code == 200 and response.json() == term


def test_an_intervention_term_carries_its_description_and_welsh_name(api):
    Intervention.objects.filter(slug="circle-of-security").update(name_cy="Cylch Diogelwch")
    terms = api("taxonomy_terms", taxonomy_id=INTERVENTION.id).json()["contents"]
    term = next(t for t in terms if t["code"] == "circle-of-security")
    assert term["x_pirs_name_cy"] == "Cylch Diogelwch"
    assert term["description"].startswith("An attachment-based approach")


def test_unknown_taxonomy_and_term_ids_are_404(api):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert api(f"taxonomies/{unknown}").status_code == 404
    assert api(f"taxonomy_terms/{unknown}").status_code == 404
