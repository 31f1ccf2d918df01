"""The standard's openness rules: no key, any origin may read every response, and a per-address throttle."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings

from openreferral import openness
from django_ratelimit import core as ratelimit_core

pytestmark = pytest.mark.django_db

GPIMHS_ID = "facd49bb-37fb-5c03-b4b6-183dec588aea"
EVERY_KIND_OF_ANSWER = [
    ("", 200),
    ("services", 200),
    (f"services/{GPIMHS_ID}", 200),
    ("service_at_locations", 200),
    ("taxonomies", 200),
    ("taxonomy_terms", 200),
    ("openapi.json", 200),
    ("docs", 200),
    ("services?page=abc", 400),
    ("services/not-a-uuid", 400),
    ("services/00000000-0000-4000-8000-000000000000", 404),
    ("no/such/endpoint", 404),
]


@pytest.mark.parametrize("path, status", EVERY_KIND_OF_ANSWER)
def test_every_answer_may_be_read_from_any_origin(client, path, status):
    response = client.get("/api/oruk/" + path)
    assert response.status_code == status
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["services", f"services/{GPIMHS_ID}", "organizations", "no/such/endpoint"])
def test_a_write_is_refused_405_in_json_readable_from_any_origin_without_a_csrf_token(method, path):
    # A browser's cross-site request carries no CSRF token: the check must not answer first, with HTML.
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)("/api/oruk/" + path, {"name": "x"}, content_type="application/json")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_the_base_url_without_its_slash_is_refused_405_not_redirected(method, debug):
    # With DEBUG on, Django's slash redirect fails on a POST, PUT or PATCH rather than lose its body.
    client = Client(enforce_csrf_checks=True)
    with override_settings(DEBUG=debug):
        response = getattr(client, method)("/api/oruk", {"name": "x"}, content_type="application/json")
    assert response.status_code == 405 and response.json()["status"] == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_preflight_to_the_base_url_without_its_slash_is_answered_because_a_browser_cannot_follow_one(
    client,
):
    response = client.options("/api/oruk", HTTP_ORIGIN="https://elsewhere.example",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_the_base_url_without_its_slash_redirects_in_a_way_a_browser_may_follow(client):
    response = client.get("/api/oruk", HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 301 and response["Location"] == "/api/oruk/"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/oruk", follow=True).json()["version"] == "3.0"


def test_the_header_does_not_depend_on_an_origin_being_sent(client):
    # One copy per address is kept by nginx and the page store, so it must suit browsers and others alike.
    for headers in ({}, {"HTTP_ORIGIN": "https://elsewhere.example"}):
        for path in ("/api/oruk", "/api/oruk/", "/api/oruk/services"):
            assert client.get(path, **headers)["Access-Control-Allow-Origin"] == "*", (path, headers)


def test_a_304_and_a_stored_answer_carry_the_header(client):
    first = client.get("/api/oruk/services")
    assert client.get("/api/oruk/services")["Access-Control-Allow-Origin"] == "*"  # from the page store
    again = client.get("/api/oruk/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"
    with override_settings(PAGE_STORE=False):
        again = client.get("/api/oruk/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"


@override_settings(SECURE_SSL_REDIRECT=True)
def test_a_redirect_to_https_carries_the_header(client):
    response = client.get("/api/oruk/services")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_pages_outside_the_api_are_left_as_they_are(client):
    assert "Access-Control-Allow-Origin" not in client.get("/services/")
    assert "Access-Control-Allow-Origin" not in client.get("/api/oruk-elsewhere")


def test_a_browser_preflight_is_answered_without_a_key(client):
    response = client.options("/api/oruk/services", HTTP_ORIGIN="https://elsewhere.example",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


@override_settings(OPENREFERRAL_THROTTLE_RATE="3/minute")
def test_requests_past_the_rate_get_429_with_retry_after(api):
    # Each a different page, so that each reaches the API (a stored answer costs nothing and is not counted).
    assert [api(f"services?page={n}").status_code for n in range(1, 4)] == [200, 200, 200]
    response = api("services?page=4")
    assert response.status_code == 429
    assert response["Access-Control-Allow-Origin"] == "*"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Access-Control-Expose-Headers"] == "Retry-After"  # readable by a client on another site
    assert response.json()["status"] == 429


@override_settings(OPENREFERRAL_THROTTLE_RATE="3/minute")
def test_an_address_asked_again_is_answered_from_the_store_and_not_counted_as_the_docs_say(api, client):
    assert [api("taxonomies").status_code for _ in range(6)] == [200] * 6
    assert "not counted" in client.get("/api/docs/").content.decode()


@override_settings(OPENREFERRAL_THROTTLE_RATE="1/hour")
def test_every_endpoint_and_error_counts_towards_the_rate(api):
    assert api("no/such/endpoint").status_code == 404
    assert api("").status_code == 429


@override_settings(OPENREFERRAL_THROTTLE_RATE="2/minute")
def test_a_browsers_preflights_are_not_counted_so_its_gets_keep_their_allowance(client):
    for _ in range(5):
        preflight = client.options("/api/oruk/services", HTTP_ORIGIN="https://app.example",
                                   HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
        assert preflight.status_code == 204 and "GET" in preflight["Access-Control-Allow-Methods"]
    assert [client.get(f"/api/oruk/services?page={n}").status_code for n in (1, 2)] == [200, 200]


@pytest.mark.parametrize("debug", [False, True])
def test_more_query_parameters_than_django_reads_get_a_json_400_not_a_crash(client, settings, debug):
    settings.DEBUG = debug
    query = "&".join(f"a{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.get("/api/oruk/services?" + query)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "at most 1000" in response.json()["message"]
    page = client.get("/cy/services/?" + query)
    assert page.status_code == 400 and "Nid oedd modd darllen y cyfeiriad hwn" in page.content.decode()


@override_settings(OPENREFERRAL_THROTTLE_RATE="2/minute")
def test_each_address_has_its_own_allowance(client):
    for n in range(1, 3):
        client.get(f"/api/oruk/services?page={n}", REMOTE_ADDR="192.0.2.1")
    assert client.get("/api/oruk/services?page=3", REMOTE_ADDR="192.0.2.1").status_code == 429
    assert client.get("/api/oruk/services?page=4", REMOTE_ADDR="192.0.2.2").status_code == 200


@override_settings(OPENREFERRAL_THROTTLE_RATE="2/minute")
def test_the_allowance_comes_back_in_the_next_minute(api, monkeypatch):
    class Clock:
        now = 1_800_000_000.0

        @classmethod
        def time(cls) -> float:
            return cls.now

    monkeypatch.setattr(ratelimit_core, "time", Clock)
    assert [api(f"services?page={n}").status_code for n in range(1, 4)] == [200, 200, 429]
    Clock.now += 60
    assert api("services?page=4").status_code == 200


@pytest.mark.parametrize("rate", ["120", "many/minute", "0/minute", "5/fortnight", 120])
def test_an_unreadable_rate_setting_stops_the_checks(rate):
    with override_settings(OPENREFERRAL_THROTTLE_RATE=rate):
        with pytest.raises(SystemCheckError, match="openreferral"):
            call_command("check")
