"""The base URL says which standard it follows, and the API describes itself for machines and for people."""

import html
import re

import pytest

from openreferral.endpoints import ENDPOINTS
from openreferral.ids import organisation_id
from openreferral.params import PARAMETERS

from . import published

pytestmark = pytest.mark.django_db

GPIMHS_ID = "facd49bb-37fb-5c03-b4b6-183dec588aea"
# What the HSDS 3.0 OpenAPI document (openreferral/specification, schema/openapi.json), which the UK profile
# builds on, lists for each path beyond the UK document in schemas/openapi.json: /organizations among them.
HSDS_CORE = {
    "/services": {"search", "page", "per_page", "format", "taxonomy_term_id", "taxonomy_id",
                  "organization_id", "modified_after", "minimal", "full"},
    "/service_at_locations": {"search", "taxonomy_term_id", "taxonomy_id", "organization_id",
                              "modified_after", "full", "page", "per_page", "format", "postcode",
                              "proximity"},
    "/organizations": {"search", "full_service", "full", "taxonomy_term_id", "taxonomy_id", "page",
                       "per_page", "format"},
    "/organizations/{id}": {"full_service"},
    "/taxonomies": {"search", "page", "per_page", "format"},
    "/taxonomy_terms": {"search", "page", "per_page", "format", "taxonomy_id", "top_only", "parent_id"},
}
EXAMPLE = re.compile(r'<td><a href="(http://testserver/api/oruk/[^"]*)"')


def query_parameters(operation: dict) -> set[str]:
    """Return the names of an operation's query parameters, following references to components."""
    return {p["$ref"].rsplit("/", 1)[-1] if "$ref" in p else p["name"]
            for p in operation.get("parameters", []) if p.get("in") != "path"}


def test_the_base_url_gives_the_version_and_profile(api):
    root = api("").json()
    assert root["version"] == "3.0"
    assert root["profile"].startswith("https://")
    assert root["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_the_base_url_works_without_its_trailing_slash_on_endpoints(api):
    assert api("services/").status_code == 200
    assert api(f"services/{GPIMHS_ID}/").status_code == 200


def test_the_openapi_document_lists_every_endpoint_the_api_serves(api, client):
    document = client.get(api("").json()["openapi_url"]).json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "http://testserver/api/oruk"}]
    assert set(document["paths"]) == {
        "/", "/services", "/services/{id}", "/service_at_locations", "/service_at_locations/{id}",
        "/organizations", "/organizations/{id}", "/taxonomies", "/taxonomies/{id}", "/taxonomy_terms",
        "/taxonomy_terms/{id}",
    }
    for path in document["paths"]:
        address = path.lstrip("/").replace("{id}", GPIMHS_ID)
        assert api(address).status_code in (200, 404), path  # routed: never the JSON 404 for no endpoint
        assert "There is no endpoint" not in api(address).content.decode()


def test_the_openapi_document_lists_every_parameter_the_standard_documents_for_each_path(api):
    ours = api("openapi.json").json()["paths"]
    standard = published.standard_openapi()["paths"]
    for path in set(standard) | set(HSDS_CORE):
        documented = HSDS_CORE.get(path, set()) | query_parameters(standard.get(path, {}).get("get", {}))
        assert documented <= query_parameters(ours[path]["get"]), path


def test_each_endpoint_accepts_exactly_the_parameters_its_openapi_entry_lists(api, postcodes):
    document = api("openapi.json").json()
    for path, operations in document["paths"].items():
        names = query_parameters(operations["get"])
        address = path.lstrip("/").replace("{id}", GPIMHS_ID)
        message = api(address, unknown="1").json()["message"]
        supported = re.search(r"supports: (.*)\.$", message)[1]
        assert names == (set() if supported == "none" else set(supported.split(", "))), path
        for name in names:
            assert name in document["components"]["parameters"]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.path)
def test_each_parameters_example_works_at_every_endpoint_that_takes_it(api, postcodes, endpoint):
    for name in endpoint.parameters:
        address = endpoint.address(record_id=organisation_id(slug="cardiff-council"))
        response = api(address, **PARAMETERS[name].example_query())
        assert response.status_code == 200, (endpoint.path, name, response.content)


def test_the_api_page_explains_ages_dates_schedules_and_the_throttle(client, api):
    response = client.get(api("").json()["x_pirs_docs_url"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Open Referral UK API</h1>" in page
    assert "last reviewed" in page and "maximum_age is 1.9167" in page
    assert "minimum age is at least the value" in page and "maximum age is at or below it" in page
    assert "This directory records no schedules" in page
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


@pytest.mark.parametrize("address", ["/api/docs/", "/cy/api/docs/"])
def test_the_api_page_lists_every_endpoint_and_parameter_with_an_example_request_that_works(
    client, postcodes, address
):
    page = client.get(address).content.decode()
    for endpoint in ENDPOINTS:
        assert f"<td><code>{endpoint.path}</code></td>" in page, endpoint.path
    for name in PARAMETERS:
        assert f'<tr id="parameter-{name}">' in page, name
    examples = [html.unescape(url) for url in EXAMPLE.findall(page)]
    assert len(examples) == len(ENDPOINTS) + len(PARAMETERS)
    for url in examples:
        assert client.get(url).status_code == 200, url


def test_the_api_page_is_there_in_welsh_too(client):
    english = client.get("/api/docs/")
    welsh = client.get("/cy/api/docs/")
    assert english.status_code == welsh.status_code == 200
    assert 'lang="cy"' in welsh.content.decode() and 'lang="en"' in english.content.decode()
    assert english.content != welsh.content
