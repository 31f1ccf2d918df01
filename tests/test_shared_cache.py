"""With CACHE_URL pointing at Redis, app servers share one cache: results, invalidation and rate limits."""

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.urls import reverse

from pirs_portal.datacache import cached, data_version
from services.models import Service

REDIS_URL = os.environ.get("REDIS_TEST_URL", "")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server: .ci/run starts one and sets REDIS_TEST_URL"),
]
_REDIS = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "pirs-test"}
REDIS = {"default": _REDIS, "versions": _REDIS, "limits": _REDIS}


@pytest.fixture
def redis_cache():
    with override_settings(CACHES=REDIS):
        caches["default"].clear()
        yield caches["default"]
        caches["default"].clear()


def other_server() -> RedisCache:
    """A second, separate connection to the same Redis, as another app server would have."""
    return RedisCache(REDIS_URL, {"KEY_PREFIX": "pirs-test"})


def test_a_result_cached_by_one_server_is_read_by_another(redis_cache):
    assert cached("answer", lambda: 42) == 42
    assert other_server().get(f"answer:{data_version()}") == 42
    assert cached("answer", lambda: 0) == 42  # not computed again


def test_a_stewards_save_invalidates_cached_results_for_every_server(redis_cache, client):
    before = data_version()
    assert "Gwent Parent Infant" in client.get(reverse("coverage:region", args=["gwent"])).content.decode()
    service = Service.objects.get(slug="g-pimhs")
    service.is_published = False
    service.save()
    assert data_version() != before
    assert "Gwent Parent Infant" not in client.get(reverse("coverage:region", args=["gwent"])).content.decode()


@override_settings(FINDER_THROTTLE_RATE="2/minute")
def test_rate_limits_are_counted_in_redis(redis_cache, client):
    params = {"authority": "W06000022", "stage": "born", "age_months": "5"}
    codes = [client.post(reverse("services:finder"), params).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    # django-ratelimit's counts, where every other server counts too.
    assert other_server()._cache.get_client().keys("pirs-test:*rl:*")
