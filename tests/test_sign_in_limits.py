"""Sign-in is limited per address across user names, every refusal says when to retry, and only trusted
proxies may say who the client is."""

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.urls import reverse

from pirs_portal.throttle import client_address

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def attempt(client, username: str, password: str = "wrong", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


@override_settings(SIGN_IN_ADDRESS_RATE="20/hour")
def test_failures_over_many_user_names_from_one_address_are_stopped(client):
    User.objects.create_superuser("chief", password="correct horse battery staple")
    answers = [attempt(client, f"guess{n % 21}", REMOTE_ADDR="203.0.113.5").status_code for n in range(24)]
    assert answers[:20] == [200] * 20, "the first twenty failures are shown the form again"
    assert set(answers[20:]) == {429}
    refused = attempt(client, "chief", "correct horse battery staple", REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session
    # Another address is not held back by this one's failures.
    assert attempt(client, "chief", "correct horse battery staple", REMOTE_ADDR="203.0.113.6").status_code == 302


def test_a_locked_out_user_name_is_told_when_to_retry(client):
    User.objects.create_superuser("chief", password="correct horse battery staple")
    for _ in range(5):
        attempt(client, "chief", REMOTE_ADDR="10.0.0.9")
    response = attempt(client, "chief", "correct horse battery staple", REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "Too many sign-in attempts" in response.content.decode()


def request_from(rf, remote: str, forwarded: str):
    return rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.1"])
def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(rf):
    assert client_address(request_from(rf, "10.0.0.1", "198.51.100.7, 192.0.2.1")) == "192.0.2.1"
    assert client_address(request_from(rf, "198.51.100.50", "192.0.2.1")) == "198.51.100.50"
    assert client_address(request_from(rf, "10.0.0.1", "not-an-address")) == "10.0.0.1"


@override_settings(BEHIND_PROXY=False)
def test_without_a_proxy_x_forwarded_for_is_ignored(rf):
    assert client_address(request_from(rf, "198.51.100.50", "192.0.2.1")) == "198.51.100.50"


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.1"], FINDER_THROTTLE_RATE="2/minute",
                   SIGN_IN_ADDRESS_RATE="3/hour")
def test_a_client_reaching_the_app_server_directly_cannot_dodge_limits_with_x_forwarded_for(client):
    url = reverse("services:finder")
    params = {"authority": "W06000022", "stage": "born", "age_months": "5"}
    statuses = [client.post(url, params, REMOTE_ADDR="198.51.100.50", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
                for n in range(4)]
    assert statuses == [303, 303, 429, 429]
    logins = [attempt(client, f"user{n}", REMOTE_ADDR="198.51.100.50", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
              for n in range(5)]
    assert logins[-1] == 429


@override_settings(TRUSTED_PROXIES=["127.0.0.1", "proxy.internal"])
def test_a_host_name_among_the_trusted_proxies_stops_the_checks_before_any_sign_in():
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    from pirs_portal import throttle

    throttle._networks.cache_clear()
    with pytest.raises(SystemCheckError, match="TRUSTED_PROXIES must be IP addresses"):
        call_command("check")
