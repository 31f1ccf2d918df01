"""Bad input never gives a 500: a clear 400 that names the parameter, an empty page, or a 404."""

import csv
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

pytestmark = pytest.mark.django_db


def _cases() -> list[tuple[str, dict, str]]:
    """bad_input.csv's cases (path, query, the parameter the 400 names), and those too long to write there."""
    with (Path(__file__).parent / "bad_input.csv").open(encoding="utf-8", newline="") as file:
        written = [(row["path"], dict(parse_qsl(row["query"], keep_blank_values=True)), row["parameter"])
                   for row in csv.DictReader(file)]
    long = [("services", {"page": "9" * 5000}, "page"), ("services", {"search": "a" * 201}, "search"),
            ("taxonomies", {"search": "a" * 201}, "search")]
    return written + long


BAD = _cases()


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
