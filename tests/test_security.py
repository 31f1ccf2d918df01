"""Hardening: CSP without inline scripts, deploy checks, a required SECRET_KEY, and admin sign-in throttling."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse

from regions.models import LocalAuthority

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["/", "/cy/", "/gap/", "/gap/print/", "/regions/gwent/", "/services/", "/services/find/",
                "/services/find/W06000022/5-months/", "/services/g-pimhs/",
                "/accessibility/", "/api/oruk/docs"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_a_csp_that_forbids_inline_scripts_and_have_none(client, url):
    response = client.get(url)
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == "object-src 'none'"
    assert not INLINE_SCRIPT.search(response.content.decode()), "an inline script would be blocked"


def test_the_admin_map_widget_runs_under_the_responses_nonce(admin_client):
    newport = LocalAuthority.objects.get(code="W06000022")
    response = admin_client.get(reverse("admin:regions_localauthority_change", args=[newport.pk]))
    nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"]).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()


def run_settings(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("SECRET_KEY", "DEBUG", "HTTPS", "ALLOWED_HOSTS", "CONTACT_EMAIL")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


PRODUCTION = {"DEBUG": "false", "HTTPS": "true", "ALLOWED_HOSTS": "portal.example", "SECRET_KEY": "x7Qp!" * 12,
              "CONTACT_EMAIL": "portal@example.org"}


def test_check_deploy_is_clean_with_production_settings():
    result = run_settings(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_deployment_without_a_contact_address_is_warned_and_a_bad_one_refused():
    without = run_settings(PRODUCTION | {"CONTACT_EMAIL": ""}, "check", "--deploy", "--fail-level", "WARNING")
    assert without.returncode != 0 and "pirs.W201" in without.stderr + without.stdout
    bad = run_settings(PRODUCTION | {"CONTACT_EMAIL": "not an address"}, "check")
    assert bad.returncode != 0 and "CONTACT_EMAIL must be an email address" in bad.stderr


def test_the_accessibility_statement_gives_the_contact_address_or_says_it_is_not_set(client, settings):
    unset = client.get("/accessibility/").content.decode()
    assert "has not been given a contact address yet" in unset
    assert "address above" not in unset and "CONTACT_EMAIL" not in unset
    settings.CONTACT_EMAIL = "portal@example.org"
    page = client.get("/cy/accessibility/").content.decode()
    assert 'href="mailto:portal@example.org"' in page


def test_secret_key_is_required_outside_development():
    result = run_settings({"DEBUG": "false"}, "check")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_admin_sign_in_locks_after_five_failures(client):
    User.objects.create_superuser("chief", password="correct horse battery")
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "chief", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(reverse("admin:login"), {"username": "chief", "password": "correct horse battery"},
                           REMOTE_ADDR="10.0.0.9")
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@override_settings(BEHIND_PROXY=True, TRUSTED_PROXIES=["10.0.0.0/8"], FINDER_THROTTLE_RATE="1/minute")
def test_behind_a_proxy_each_client_has_its_own_allowance(client):
    url = reverse("services:finder")
    params = {"authority": "W06000022", "stage": "born", "age_months": "5"}
    first = client.post(url, params, HTTP_X_FORWARDED_FOR="198.51.100.7, 192.0.2.1", REMOTE_ADDR="10.0.0.1")
    other = client.post(url, params, HTTP_X_FORWARDED_FOR="192.0.2.2", REMOTE_ADDR="10.0.0.1")
    again = client.post(url, params, HTTP_X_FORWARDED_FOR="192.0.2.1", REMOTE_ADDR="10.0.0.1")
    assert (first.status_code, other.status_code, again.status_code) == (303, 303, 429)


@override_settings(FINDER_THROTTLE_RATE="lots")
def test_an_unreadable_finder_rate_stops_the_checks_before_any_search():
    with pytest.raises(SystemCheckError, match="FINDER_RATE_LIMIT"):
        call_command("check")


@pytest.mark.parametrize("url, heading", [("/services/", "The form could not be sent"),
                                          ("/cy/services/", "Nid oedd modd anfon y ffurflen")])
def test_a_form_sent_without_its_security_token_gets_a_page_in_the_sites_style_and_language(url, heading):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url, {"q": "perinatal"})

    assert response.status_code == 403
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert "site-header" in page, "drawn in the site's own layout, with its navigation"
    assert "CSRF" not in page
