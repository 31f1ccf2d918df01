import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the committed seed once per test database, as `make run` does."""
    with django_db_blocker.unblock():
        call_command("load_seed", verbosity=0)


@pytest.fixture(autouse=True)
def english_by_default():
    """Start each test in English: a Welsh request leaves Welsh active, and reverse() follows it."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Start each test with an empty cache: tests change rows with update(), which sends no signal."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: the real hasher is slow on purpose, and tests sign in often."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def rate_limit_clock_held_still(monkeypatch):
    """Hold the rate limits' clock still within a test.

    django-ratelimit counts in fixed windows that turn at a second of their own; a
    test whose requests straddled that second would be counted in two windows and
    never reach its limit. A test that needs time to pass moves this clock itself.
    """
    from django_ratelimit import core

    class Clock:
        @staticmethod
        def time() -> float:
            return 1_800_000_000.5

    monkeypatch.setattr(core, "time", Clock)
