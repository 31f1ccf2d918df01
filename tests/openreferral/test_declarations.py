"""Each endpoint is declared once (openreferral/endpoints.py): its route, the parameters its view reads and
its entry in the OpenAPI document all come from that one declaration."""

import pytest
from django.urls import resolve

from openreferral.endpoints import ENDPOINTS

pytestmark = pytest.mark.django_db

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.path)
def test_each_declared_endpoint_is_routed_to_a_view_that_reads_that_declaration(endpoint):
    address = "/api/oruk/" + endpoint.address(record_id=UNKNOWN_ID)
    # The standard's paths have no trailing slash, but one is accepted.
    for path in {address, address.rstrip("/") + "/"}:
        match = resolve(path)
        assert match.url_name == endpoint.name and match.func.endpoint is endpoint


def test_the_openapi_document_gives_each_endpoint_its_declared_operation_and_parameters(api):
    paths = api("openapi.json").json()["paths"]
    assert list(paths) == [endpoint.path for endpoint in ENDPOINTS]
    for endpoint in ENDPOINTS:
        operation = paths[endpoint.path]["get"]
        assert operation["operationId"] == endpoint.operation_id
        listed = [p["$ref"].rsplit("/", 1)[-1] for p in operation["parameters"] if "$ref" in p]
        assert listed == list(endpoint.parameters) and len(set(listed)) == len(listed)
        assert operation["tags"] == ["required" if endpoint.required else "optional"]
    assert len({endpoint.operation_id for endpoint in ENDPOINTS}) == len(ENDPOINTS)


def test_the_profiles_required_endpoints_are_the_base_url_and_services():
    required = {endpoint.path for endpoint in ENDPOINTS if endpoint.required}
    assert required == {"/", "/services", "/services/{id}"}
