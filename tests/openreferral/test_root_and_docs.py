"""The base URL says which standard it follows, and the API describes itself for machines and for people."""

import re

import pytest

pytestmark = pytest.mark.django_db

GPIMHS_ID = "facd49bb-37fb-5c03-b4b6-183dec588aea"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
# A usable request for each documented parameter.
SAMPLES = {
    "search": {"search": "baby"}, "page": {"page": 1}, "per_page": {"per_page": 10},
    "taxonomy_term_id": {"taxonomy_term_id": UNKNOWN_ID}, "taxonomy_id": {"taxonomy_id": UNKNOWN_ID},
    "minimum_age": {"minimum_age": 0}, "maximum_age": {"maximum_age": 2},
    "modified_after": {"modified_after": "2020-01-01"}, "postcode": {"postcode": "NP20 4UR"},
    "proximity": {"postcode": "NP20 4UR", "proximity": 1000},
}


def test_the_base_url_gives_the_version_and_profile(api):
    root = api("").json()
    assert root["version"] == "3.0"
    assert root["profile"].startswith("https://")
    assert root["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_the_base_url_works_without_its_trailing_slash_on_endpoints(api):
    assert api("services/").status_code == 200
    assert api(f"services/{GPIMHS_ID}/").status_code == 200


def test_the_openapi_document_describes_each_endpoint_with_the_parameters_it_accepts(api, client, postcodes):
    document = client.get(api("").json()["openapi_url"]).json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://testserver/api/oruk"}]
    assert set(document["paths"]) == {
        "/", "/services", "/services/{id}", "/service_at_locations", "/service_at_locations/{id}",
        "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms", "/taxonomy_terms/{id}",
    }
    for path, operations in document["paths"].items():
        if "{id}" in path:
            continue
        refs = [p["$ref"].rsplit("/", 1)[-1] for p in operations["get"]["parameters"]]
        for name in refs:
            assert name in document["components"]["parameters"]
            response = api(path.lstrip("/"), **SAMPLES[name])
            assert response.status_code == 200, (path, name, response.json())
        # The parameters an endpoint names when refusing an unknown one are exactly those documented.
        message = api(path.lstrip("/"), unknown="1").json()["message"]
        supported = re.search(r"supports: (.*)\.$", message)[1]
        assert set(refs) == (set() if supported == "none" else set(supported.split(", "))), path


def test_the_api_page_explains_ages_dates_and_the_throttle(client, api):
    response = client.get(api("").json()["x_pirs_docs_url"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Open Referral UK API</h1>" in page
    assert "last reviewed" in page and "maximum_age 2" in page
    assert "API_RATE_LIMIT" in page and "Retry-After" in page
    assert "http://testserver/api/oruk/openapi.json" in page


@pytest.mark.parametrize(
    ("name", "limits", "beyond"),
    [
        # Found by schemathesis: the document allowed any page, the API refused one past 999,999,999.
        ("page", {"maximum": 999_999_999}, {"page": 1_000_000_000}),
        ("search", {"maxLength": 200}, {"search": "a" * 201}),
        ("search", {"pattern": r"^[^\x00-\x1f\x7f]*$"}, {"search": "baby\tclinic"}),
    ],
)
def test_the_openapi_document_states_the_limits_the_api_enforces(api, name, limits, beyond):
    schema = api("openapi.json").json()["components"]["parameters"][name]["schema"]
    assert schema.items() >= limits.items()
    assert api("taxonomies" if name == "page" else "services", **beyond).status_code == 400


def test_the_api_page_is_there_in_welsh_too(client):
    english = client.get("/api/docs/")
    welsh = client.get("/cy/api/docs/")
    assert english.status_code == welsh.status_code == 200
    assert 'lang="cy"' in welsh.content.decode() and 'lang="en"' in english.content.decode()
    assert english.content != welsh.content
