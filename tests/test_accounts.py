"""Staff accounts: long passwords, short sessions, two-factor sign-in and its recovery, a strong key."""

import datetime
import io
import os
import subprocess
import sys
from base64 import b32decode
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "slow-river-lantern-42"
SERVICES = "/admin/services/service/"
two_factor_on = override_settings(TWO_FACTOR_REQUIRED=True)
two_factor_off = override_settings(TWO_FACTOR_REQUIRED=False)


@pytest.fixture
def steward() -> User:
    return User.objects.create_superuser("steward", password=PASSWORD)


def authenticator(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def code_from(device: TOTPDevice) -> str:
    """The code the steward's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, username: str, password: str, *, next_url: str = SERVICES):
    """Post the password step of the two-factor sign-in page, as its form does."""
    data = {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    return client.post(f"{reverse('two_factor:login')}?next={next_url}", data, REMOTE_ADDR="10.0.0.7")


def admin_password_sign_in(client):
    """Post Django's own admin sign-in form, the one used while two-factor sign-in is off."""
    data = {"username": "steward", "password": PASSWORD, "next": SERVICES}
    return client.post(reverse("admin:login"), data)


def give_code(client, code: str, *, next_url: str = SERVICES):
    data = {"login_view-current_step": "token", "token-otp_token": code}
    return client.post(f"{reverse('two_factor:login')}?next={next_url}", data, REMOTE_ADDR="10.0.0.7")


# Passwords


def test_an_eleven_character_password_is_refused_and_a_twelve_character_one_is_taken():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Kx7#qPz!mW2")
    validate_password("Kx7#qPz!mW2v")


def test_a_long_password_that_is_all_digits_or_common_is_still_refused():
    with pytest.raises(ValidationError, match="entirely numeric"):
        validate_password("204918375501")
    with pytest.raises(ValidationError, match="too common"):
        validate_password("password1234")


# Sessions


@two_factor_off
def test_a_staff_session_is_a_browser_session_cookie_that_ends_after_30_idle_minutes(client, steward):
    response = admin_password_sign_in(client)
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # gone when the browser closes
    session = client.session
    assert session.get_expire_at_browser_close() and session.get_expiry_age() == 30 * 60

    row = Session.objects.get(session_key=session.session_key)
    row.expire_date = timezone.now() + datetime.timedelta(minutes=5)  # 25 minutes idle
    row.save()
    assert client.get(SERVICES).status_code == 200
    renewed = Session.objects.get(session_key=session.session_key).expire_date - timezone.now()
    assert renewed > datetime.timedelta(minutes=29)  # the visit started the 30 minutes again

    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)  # 30 minutes and a second idle
    )
    response = client.get(SERVICES)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def test_an_anonymous_visit_to_a_public_page_sets_no_cookie(client):
    response = client.get("/gap/")
    assert response.status_code == 200 and not response.cookies


def test_an_expired_session_cookie_is_forgotten_not_replaced_by_a_new_session(client):
    client.cookies["sessionid"] = "expiredsessionkeyfromyesterday0"
    response = client.get("/gap/")
    assert response.status_code == 200
    assert response.cookies["sessionid"].value == "" and response.cookies["sessionid"]["max-age"] == 0
    assert not Session.objects.exists()


# Two-factor sign-in, required


@two_factor_on
def test_a_staff_user_without_an_authenticator_app_is_sent_to_set_one_up_and_never_reaches_the_admin(
    client, steward
):
    response = sign_in(client, "steward", PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session  # the password was right
    for page in [SERVICES, "/admin/", "/admin/password_change/", "/admin/auth/user/"]:
        response = client.get(page, follow=True)
        assert response.redirect_chain[-1][0] == reverse("two_factor:setup"), page
        assert "Set up two-factor sign-in" in response.content.decode()
        assert "Gwent Parent Infant" not in response.content.decode()


@two_factor_on
def test_the_welsh_admin_sends_a_staff_user_to_the_welsh_two_factor_pages(client, steward):
    response = client.get("/cy/admin/services/service/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/cy/admin/account/login/")
    assert '<html lang="cy"' in response.content.decode()
    sign_in(client, "steward", PASSWORD, next_url="/cy/admin/")
    response = client.get("/cy/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/cy/admin/account/two_factor/setup/"


@two_factor_on
def test_setting_up_an_authenticator_app_with_its_qr_code_opens_the_admin(client, steward):
    client.force_login(steward)
    setup = reverse("two_factor:setup")
    page = client.post(setup, {"setup_view-current_step": "welcome"})  # on to the QR code
    qr = client.get(page.context["QR_URL"])
    assert qr.status_code == 200 and qr["Content-Type"].startswith("image/svg+xml")
    assert "no-store" in qr["Cache-Control"]  # the picture holds the secret key
    key = b32decode(page.context["secret_key"])
    wrong = client.post(setup, {"setup_view-current_step": "generator", "generator-token": "000000"})
    assert wrong.status_code == 200 and not TOTPDevice.objects.exists()
    code = f"{totp(key):06d}"
    response = client.post(setup, {"setup_view-current_step": "generator", "generator-token": code})
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.get(user=steward).confirmed
    assert client.get(SERVICES).status_code == 200


@two_factor_on
def test_a_staff_user_with_an_authenticator_app_must_give_its_code_before_the_admin_opens(client, steward):
    device = authenticator(steward)
    response = sign_in(client, "steward", PASSWORD)
    assert response.status_code == 200 and "six-digit code" in response.content.decode()
    assert "_auth_user_id" not in client.session  # a password alone signs no one in
    assert client.get(SERVICES).status_code == 302

    refused = give_code(client, f"{(int(code_from(device)) + 1) % 1_000_000:06d}")
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    # django-otp makes each wrong code wait longer before the next try: let that second pass.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - datetime.timedelta(seconds=2)
    )

    response = give_code(client, code_from(device))
    assert response.status_code == 302 and response["Location"] == SERVICES
    page = client.get(SERVICES)
    assert page.status_code == 200 and "Gwent Parent Infant" in page.content.decode()


@two_factor_on
def test_a_staff_session_signed_in_before_two_factor_was_required_must_give_a_code(client, steward):
    authenticator(steward)
    client.force_login(steward)  # a password sign-in, with no code given
    response = client.get(SERVICES, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor:login"))


@two_factor_on
def test_two_factor_sign_in_still_locks_a_user_name_after_five_wrong_passwords(client, steward):
    authenticator(steward)
    for _ in range(5):
        sign_in(client, "steward", "wrong password")
    response = sign_in(client, "steward", PASSWORD)
    assert response.status_code in (403, 429)
    assert "Enter the six-digit code" not in response.content.decode()


# Two-factor sign-in, off (development)


@two_factor_off
def test_with_two_factor_sign_in_off_a_password_opens_the_admin_and_the_sign_in_page_says_so(client, steward):
    authenticator(steward)  # even for a steward who has set up an app
    page = client.get(reverse("admin:login"))
    assert "Two-factor sign-in is off in this mode" in page.content.decode()
    response = admin_password_sign_in(client)
    assert response.status_code == 302 and response["Location"] == SERVICES
    assert client.get(SERVICES).status_code == 200


def test_the_checks_that_runserver_prints_say_whether_two_factor_sign_in_is_off():
    with two_factor_off:
        out = io.StringIO()
        call_command("check", stdout=out, stderr=out)
        assert "Two-factor sign-in is off in this mode" in out.getvalue()
    with two_factor_on:
        out = io.StringIO()
        call_command("check", stdout=out, stderr=out)
        assert "Two-factor sign-in is off" not in out.getvalue()


def test_two_factor_sign_in_is_required_by_default_wherever_https_is():
    script = "from django.conf import settings; print(settings.TWO_FACTOR_REQUIRED)"
    on = load_settings({"HTTPS": "true"}, script)
    off = load_settings({"HTTPS": "false"}, script)
    forced = load_settings({"HTTPS": "false", "TWO_FACTOR_REQUIRED": "true"}, script)
    assert (on.stdout.strip(), off.stdout.strip(), forced.stdout.strip()) == ("True", "False", "True")
    refused = load_settings({"TWO_FACTOR_REQUIRED": "sometimes"}, script)
    assert refused.returncode != 0 and "TWO_FACTOR_REQUIRED must be true or false" in refused.stderr


# Recovery


@two_factor_on
def test_reset_two_factor_removes_a_stewards_devices_so_they_set_up_again(client, steward):
    device = authenticator(steward)
    backup = StaticDevice.objects.create(user=steward, name="backup")
    backup.token_set.create(token="a1b2c3d4")
    sign_in(client, "steward", PASSWORD)
    give_code(client, code_from(device))
    assert client.get(SERVICES).status_code == 200

    out = io.StringIO()
    call_command("reset_two_factor", "steward", stdout=out)
    assert not TOTPDevice.objects.filter(user=steward).exists()
    assert not StaticDevice.objects.filter(user=steward).exists()
    said = out.getvalue()
    assert "Removed TOTP device 'default'" in said and "1 unused backup codes" in said
    assert "set up two-factor sign-in again" in said and "1 signed-in session(s)" in said
    response = client.get(SERVICES, follow=True)  # the session open before the reset is over
    assert reverse("two_factor:login") in response.redirect_chain[-1][0]


def test_reset_two_factor_says_so_when_there_is_nothing_to_remove(steward):
    out = io.StringIO()
    call_command("reset_two_factor", "steward", stdout=out)
    assert "no two-factor devices" in out.getvalue()


def test_reset_two_factor_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="no user named 'nobody'"):
        call_command("reset_two_factor", "nobody")


# The secret key


def load_settings(env: dict[str, str], script: str = "") -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with these variables, as a server starting would."""
    kept = ("SECRET_KEY", "DEBUG", "HTTPS", "TWO_FACTOR_REQUIRED")
    clean = {k: v for k, v in os.environ.items() if k not in kept}
    defaults = {"DJANGO_SETTINGS_MODULE": "pirs_portal.settings", "DEBUG": "false",
                "SECRET_KEY": "kPz0-Qe7vN2xYw9_Lr5tHj8mBc3sDf6gAa1uIo4pZe7yXq2Wn5"}
    return subprocess.run([sys.executable, "-c", f"import django; django.setup(); {script}"], cwd=ROOT,
                          env={**clean, **defaults, **env}, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("key", [
    "test-only-secret-key",                                  # short
    "a" * 60,                                                # long, but one character over and over
    "django-insecure-" + "kPz0-Qe7vN2xYw9_Lr5tHj8mBc3sDf6gAa1uIo4pZe7y",  # Django's own placeholder
    "development-only-key-not-for-production",               # the key DEBUG uses
])
def test_a_weak_secret_key_stops_the_portal_from_starting_when_debug_is_off(key):
    result = load_settings({"SECRET_KEY": key})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr
    assert 'python -c "import secrets; print(secrets.token_urlsafe(50))"' in result.stderr


def test_a_strong_secret_key_lets_the_portal_start_and_debug_takes_any():
    assert load_settings({}).returncode == 0
    assert load_settings({"DEBUG": "true", "SECRET_KEY": "short"}).returncode == 0


# Closed after a hostile review: a session signed in with the password alone never gets a device of its own.


@two_factor_on
def test_removing_a_stewards_device_in_the_admin_ends_their_sessions(client, steward, django_capture_on_commit_callbacks):
    device = authenticator(steward)
    sign_in(client, "steward", PASSWORD)
    give_code(client, code_from(device))
    assert client.get(SERVICES).status_code == 200  # the session a thief might hold
    stolen = client.session.session_key
    with django_capture_on_commit_callbacks(execute=True):
        device.delete()  # what the admin's delete page does
    assert not Session.objects.filter(session_key=stolen).exists()
    response = client.get(SERVICES, follow=True)
    assert reverse("two_factor:login") in response.redirect_chain[-1][0]


@two_factor_on
def test_a_session_that_has_not_given_its_code_cannot_add_an_authenticator(client, steward):
    authenticator(steward)
    sign_in(client, "steward", PASSWORD)  # the password step only
    setup = reverse("two_factor:setup")
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    assert response.status_code == 302 and reverse("two_factor:login") in response["Location"]
    assert client.get(reverse("two_factor:qr")).status_code == 302
    assert TOTPDevice.objects.filter(user=steward).count() == 1
