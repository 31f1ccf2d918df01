"""Every endpoint, every page and every form of the API fits the Open Referral UK schemas as published."""

import json

import pytest

from openreferral.endpoints import ENDPOINTS

from .published import page_problems, problems

pytestmark = pytest.mark.django_db

# The published schema each endpoint's records must fit. The UK OpenAPI document names compiled/service.json
# for /service_at_locations/{id}, which cannot be meant: that operation gives "a fully nested
# service_at_location", which is what compiled/service_at_location.json describes.
RECORDS = {
    "root": "api_meta",
    "services": "service_list", "service": "service",
    "service_at_locations": "service_at_location_list", "service_at_location": "service_at_location",
    "organizations": "organization", "organization": "organization",
    "taxonomies": "taxonomy", "taxonomy": "taxonomy",
    "taxonomy_terms": "taxonomy_term", "taxonomy_term": "taxonomy_term",
}
# Each form a list can take, with the schema its records must then fit.
FORMS = {
    "services": [({}, "service_list"), ({"full": "true"}, "service"), ({"minimal": "true"}, "service_list")],
    "service_at_locations": [
        ({}, "service_at_location_list"), ({"full": "true"}, "service_at_location"),
        ({"postcode": "NP20 4UR", "proximity": "20000"}, "service_at_location_list"),
    ],
    "organizations": [
        ({}, "organization"), ({"full": "true"}, "organization"), ({"full_service": "true"}, "organization"),
    ],
    "taxonomies": [({}, "taxonomy")],
    "taxonomy_terms": [({}, "taxonomy_term")],
}
# Where each list's records can be fetched one by one.
ONE = {"services": "service", "service_at_locations": "service_at_location", "organizations": "organization",
       "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term"}
LISTS = [endpoint for endpoint in ENDPOINTS if endpoint.lists]
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}


def every_page(api, path: str, query: dict) -> list[dict]:
    """Follow a list page by page, two records a page, to its last page."""
    pages, number = [], 1
    while True:
        response = api(path, per_page=2, page=number, **query)
        assert response.status_code == 200, (path, query, response.content)
        pages.append(response.json())
        if pages[-1]["last_page"]:
            return pages
        number += 1


def test_the_walk_covers_every_endpoint_the_api_declares():
    assert set(RECORDS) == {endpoint.name for endpoint in ENDPOINTS}
    assert set(FORMS) == set(ONE) == {endpoint.name for endpoint in LISTS}


def test_the_base_url_fits_the_standards_description_of_it(api):
    assert problems(api("").json(), "api_meta") == []


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda endpoint: endpoint.path)
def test_every_page_of_every_form_of_each_list_fits_the_published_schemas(api, postcodes, endpoint):
    for query, schema in FORMS[endpoint.name]:
        pages = every_page(api, endpoint.address(), query)
        assert sum(page["size"] for page in pages) == pages[0]["total_items"] > 0, query
        for n, page in enumerate(pages, start=1):
            assert page_problems(page, schema, where=f"{endpoint.path} {query} page {n}: ") == []


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda endpoint: endpoint.path)
def test_every_list_as_ndjson_holds_the_same_records_one_a_line_each_fitting_the_published_schemas(
    api, postcodes, endpoint
):
    for query, schema in FORMS[endpoint.name]:
        response = api(endpoint.address(), format="ndjson", **query)
        assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
        lines = response.content.decode().splitlines()
        records = [json.loads(line) for line in lines]
        paged = [record for page in every_page(api, endpoint.address(), query) for record in page["contents"]]
        assert records == paged, query
        for n, record in enumerate(records):
            assert problems(record, schema, where=f"{endpoint.path} {query} line {n + 1}: ") == []


@pytest.mark.parametrize("endpoint", LISTS, ids=lambda endpoint: endpoint.path)
def test_every_record_fetched_by_its_id_fits_the_published_schemas(api, endpoint):
    one = BY_NAME[ONE[endpoint.name]]
    listed = [record["id"] for page in every_page(api, endpoint.address(), {}) for record in page["contents"]]
    forms = [{}, {"full_service": "true"}] if "full_service" in one.parameters else [{}]
    for record_id in listed:
        for query in forms:
            response = api(one.address(record_id=record_id), **query)
            assert response.status_code == 200, (one.path, record_id, query)
            record = response.json()
            assert record["id"] == record_id
            assert problems(record, RECORDS[one.name], where=f"{one.path} {record_id} {query}: ") == []
