"""Every answer tells the browser that no page may use the camera, microphone, location, payments or USB."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db
DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "midi",
          "display-capture", "publickey-credentials-get", "xr-spatial-tracking"]


def denied(response) -> set[str]:
    return {part.strip().removesuffix("=()") for part in response["Permissions-Policy"].split(",")
            if part.strip().endswith("=()")}


def test_a_public_page_denies_the_powerful_features_both_fresh_and_from_the_page_store(client):
    fresh = client.get("/gap/")
    stored = client.get("/gap/")
    assert not hasattr(stored.wsgi_request, "session")  # answered from the stored page
    assert set(DENIED) <= denied(fresh) and denied(stored) == denied(fresh)


def test_the_api_and_the_welsh_pages_deny_them_too(client):
    for url in ["/api/oruk/services", "/cy/"]:
        assert set(DENIED) <= denied(client.get(url)), url


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_an_admin_page_and_the_sign_in_page_deny_them(admin_client, client):
    assert set(DENIED) <= denied(admin_client.get("/admin/services/service/"))
    assert set(DENIED) <= denied(client.get("/admin/login/"))
    assert set(DENIED) <= denied(client.get("/admin/account/login/"))
