"""Requests generated from the API's own OpenAPI document, every endpoint, parameter and format: never a
server error, always as documented."""

import gzip
import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, Response
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from openreferral.pagination import NDJSON
from pirs_portal.wsgi import application

from .tally import FUZZ, examples, tallied

pytestmark = pytest.mark.django_db

# Whether the API keeps its word. Not whether it accepts every value the document allows: a postcode,
# say, is any string there, and a malformed one is refused with a 400 that names it.
CHECKS = [
    not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
    response_schema_conformance,
]


def offline(document: dict) -> dict:
    """Stand an open object in for each $ref to the Open Referral UK profile's published schemas.

    Those live on another site, and tests reach no network; tests/openreferral/shapes.py checks the
    standard's fields. What this document says itself (pages, errors, x_pirs_ fields) is still checked.
    """
    if isinstance(document, dict):
        ref = document.get("$ref", "")
        if ref.startswith(("http://", "https://")):
            return {"type": "object"}
        return {key: offline(value) for key, value in document.items()}
    if isinstance(document, list):
        return [offline(item) for item in document]
    return document


@schemathesis.deserializer(NDJSON)
def ndjson_records(ctx, response: Response) -> list:
    """Read a format=ndjson answer as the list of its records, each then checked against the document."""
    return [json.loads(line) for line in response.content.decode("utf-8").splitlines()]


@pytest.fixture
def api_schema(client):
    """The API's OpenAPI document as schemathesis reads it, calling the portal's own WSGI application."""
    schema = schemathesis.openapi.from_dict(offline(client.get("/api/oruk/openapi.json").json()))
    schema.app = application
    # As Django's test client does: a request must not close the test's connection, which holds its
    # transaction (and so the seed data and the fixtures' rows).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schema
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def decoded(response: Response) -> Response:
    """The response as an HTTP client reads it: schemathesis's WSGI transport leaves gzip undone."""
    if response.headers.get("content-encoding") != ["gzip"]:
        return response
    headers = {name: values for name, values in response.headers.items() if name != "content-encoding"}
    return Response(
        response.status_code, headers, gzip.decompress(response.content), response.request,
        response.elapsed, response.verify, message=response.message, http_version=response.http_version,
        encoding=response.encoding,
    )


@override_settings(OPENREFERRAL_THROTTLE_RATE="100000/minute")
def test_every_generated_api_request_is_answered_as_the_openapi_document_says(api_schema, postcodes):
    cases = st.one_of(
        api_schema.as_strategy(generation_mode=GenerationMode.POSITIVE),
        api_schema.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )
    tried = set()
    with tallied("openapi") as tally:

        @settings(max_examples=examples(600), **FUZZ)
        @given(case=cases, encoding=st.sampled_from(["identity", "gzip"]))
        def answers_as_documented(case, encoding):
            tried.update((case.operation.path, name) for name in [None, *(case.query or {})])
            response = case.call(headers={"Accept-Encoding": encoding})
            tally.count(response.status_code, server_error=response.status_code >= 500)
            case.validate_response(decoded(response), checks=CHECKS)

        answers_as_documented()
    # Every endpoint was called, and with each of its parameters at least once.
    for path, operations in api_schema.raw_schema["paths"].items():
        listed = operations["get"]["parameters"]
        names = {p["$ref"].rsplit("/", 1)[-1] for p in listed if "$ref" in p}  # the path's id is inline
        expected = {(path, None)} | {(path, name) for name in names}
        assert expected <= tried, sorted(expected - tried)
