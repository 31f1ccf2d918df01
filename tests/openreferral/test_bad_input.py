"""Bad input never gives a 500: a clear 400 that names the parameter, an empty page, or a 404."""

import pytest

pytestmark = pytest.mark.django_db

BAD = [
    ("services", {"colour": "blue"}, "colour"),
    ("services", {"day": "someday"}, "day"),
    ("services", {"day": "MON"}, "day"),
    ("services", {"start_time": "9am"}, "start_time"),
    ("services", {"end_time": "24:00"}, "end_time"),
    ("services", {"format": "xml"}, "format"),
    ("services", {"full": "yes"}, "full"),
    ("services", {"minimal": "true", "full": "true"}, "minimal"),
    ("services", {"organization_id": "cardiff-council"}, "organization_id"),
    ("services", {"modified_after": "2025-06-01T25:00:00"}, "modified_after"),
    ("services", {"page": "two"}, "page"),
    ("services", {"page": "0"}, "page"),
    ("services", {"page": "-1"}, "page"),
    ("services", {"page": "1e3"}, "page"),
    ("services", {"page": "9" * 5000}, "page"),
    ("services", {"per_page": "0"}, "per_page"),
    ("services", {"per_page": "100000"}, "per_page"),
    ("services", {"per_page": "2.5"}, "per_page"),
    ("services", {"minimum_age": "-1"}, "minimum_age"),
    ("services", {"maximum_age": "two"}, "maximum_age"),
    ("services", {"maximum_age": "nan"}, "maximum_age"),
    ("services", {"minimum_age": "1000"}, "minimum_age"),
    ("services", {"minimum_age": "5", "maximum_age": "2"}, "minimum_age"),
    ("services", {"taxonomy_term_id": "circle-of-security"}, "taxonomy_term_id"),
    ("services", {"taxonomy_id": "1234"}, "taxonomy_id"),
    ("services", {"modified_after": "yesterday"}, "modified_after"),
    ("services", {"modified_after": "2025-02-30"}, "modified_after"),
    ("services", {"search": "baby\x00"}, "search"),
    ("services", {"search": "a" * 201}, "search"),
    ("services", {"postcode": "NP20 4UR"}, "postcode"),
    ("service_at_locations", {"postcode": "12345"}, "postcode"),
    ("service_at_locations", {"postcode": "NP20 4UR\x00"}, "postcode"),
    ("service_at_locations", {"postcode": "NP20 4UR", "proximity": "-5"}, "proximity"),
    ("service_at_locations", {"postcode": "NP20 4UR", "proximity": "500000"}, "proximity"),
    ("service_at_locations", {"postcode": "NP20 4UR", "proximity": "far"}, "proximity"),
    ("taxonomies", {"taxonomy_id": "00000000-0000-4000-8000-000000000000"}, "taxonomy_id"),
    ("taxonomies", {"search": "a" * 201}, "search"),
    ("taxonomy_terms", {"taxonomy_id": "setting"}, "taxonomy_id"),
    ("taxonomy_terms", {"parent_id": "setting"}, "parent_id"),
    ("taxonomy_terms", {"top_only": "maybe"}, "top_only"),
    ("organizations", {"full_service": "2"}, "full_service"),
    ("organizations", {"taxonomy_term_id": "video"}, "taxonomy_term_id"),
    ("organizations", {"modified_after": "2025-01-01"}, "modified_after"),
    ("organizations/not-a-uuid", {}, "id"),
    ("organizations/facd49bb-37fb-5c03-b4b6-183dec588aea", {"full": "true"}, "full"),
    ("", {"page": "1"}, "page"),
    ("services/facd49bb-37fb-5c03-b4b6-183dec588aea", {"full": "true"}, "full"),
    ("services/not-a-uuid", {}, "id"),
    ("service_at_locations/123", {}, "id"),
    ("taxonomies/setting", {}, "id"),
    ("taxonomy_terms/%20", {}, "id"),
]


@pytest.mark.parametrize("path, params, parameter", BAD)
def test_bad_input_is_a_400_that_names_the_parameter(api, postcodes, path, params, parameter):
    response = api(path, **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter
    assert body["message"]


def test_an_unknown_parameter_error_lists_the_ones_supported(api):
    message = api("taxonomies", colour="blue").json()["message"]
    assert "colour" in message and "page, per_page" in message


def test_a_repeated_parameter_is_a_400(client):
    response = client.get("/api/oruk/services?page=1&page=2")
    assert response.status_code == 400 and response.json()["parameter"] == "page"


def test_a_page_past_the_end_is_empty(api):
    page = api("services", page=99).json()
    assert page["contents"] == [] and page["empty"] is True and page["size"] == 0
    assert (page["total_items"], page["total_pages"], page["page_number"]) == (5, 1, 99)
    assert page["first_page"] is False and page["last_page"] is True


def test_the_largest_page_number_is_still_an_empty_page(api):
    assert api("services", page=999_999_999).json()["empty"] is True


def test_paging_counts_pages_and_marks_the_first_and_last(api):
    first, second, third = (api("services", per_page=2, page=n).json() for n in (1, 2, 3))
    assert [p["size"] for p in (first, second, third)] == [2, 2, 1]
    assert {p["total_pages"] for p in (first, second, third)} == {3}
    assert (first["first_page"], first["last_page"]) == (True, False)
    assert (third["first_page"], third["last_page"]) == (False, True)
    ids = [s["id"] for p in (first, second, third) for s in p["contents"]]
    assert len(set(ids)) == 5


def test_an_empty_value_counts_as_not_given(api):
    assert api("services", search="", page="", minimum_age="").json()["total_items"] == 5


def test_an_unknown_path_under_the_api_is_a_json_404(api):
    response = api("locations")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_writing_is_refused_with_405(client):
    response = client.post("/api/oruk/services", {"name": "x"})
    assert response.status_code == 405
    assert "GET" in response["Allow"]
