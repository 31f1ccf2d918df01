"""A steward sets up two-factor sign-in in a real browser, under the portal's Content-Security-Policy."""

import re
from base64 import b32decode

import pytest
from django.contrib.auth.models import User
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e
PASSWORD = "slow-river-lantern-42"


def test_a_steward_scans_the_qr_code_sets_up_an_app_and_reaches_the_admin_with_nothing_blocked(
    page, settings
):
    settings.TWO_FACTOR_REQUIRED = True
    User.objects.create_superuser("steward", password=PASSWORD)
    problems = []  # the browser's complaints: a blocked script, image or header would show here
    page.on("console", lambda message: problems.append(message.text) if message.type == "error"
            and not message.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/admin/services/service/")
    page.get_by_label("Username").fill("steward")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Set up two-factor sign-in")).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    # The image arrives on its own request: wait for it, then check it is a picture, not a broken one.
    page.wait_for_function("image => image.complete", arg=qr.element_handle(), timeout=15_000)
    assert qr.evaluate("image => image.naturalWidth > 0"), "the QR code did not load"
    key = page.locator("#content-main p code").inner_text()
    page.get_by_label("Code").fill(f"{totp(b32decode(key)):06d}")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Two-factor sign-in is set up")).to_be_visible()
    page.get_by_role("link", name="Make backup codes").click()
    page.get_by_role("button", name="Make new backup codes").click()
    expect(page.locator("#content-main li code")).to_have_count(10)

    page.goto("/admin/services/service/")
    expect(page).to_have_url(re.compile(r"/admin/services/service/$"))
    expect(page.get_by_role("link", name="Two-factor sign-in")).to_be_visible()
    assert not problems, problems
