"""The standard's openness rules: no key, any origin may read every response, and a per-address throttle."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

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


def test_a_refused_write_may_be_read_from_any_origin(client):
    response = client.delete("/api/oruk/services")
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"


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
    assert response.json()["status"] == 429


@override_settings(OPENREFERRAL_THROTTLE_RATE="1/hour")
def test_every_endpoint_and_error_counts_towards_the_rate(api):
    assert api("no/such/endpoint").status_code == 404
    assert api("").status_code == 429


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
