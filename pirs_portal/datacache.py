"""Cache results computed from the directory, and forget them all whenever its data changes.

Every cached value is keyed by a data version that any save or delete in the
regions or services apps moves on, so no stale figure outlives a change. The
cache is Django's default: Redis shared by every app server when CACHE_URL is
set, so a change made through one server is seen by all.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
VERSION_KEY = "data-version"
TIMEOUT = 60 * 60  # an hour: a safety net, as every change moves the version anyway
WATCHED_APPS = {"regions", "services"}


def data_version() -> str:
    """Return the current data version, starting one if the cache has none."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def data_changed(**kwargs) -> None:
    """Move the data version on, so every cached result is computed afresh."""
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in WATCHED_APPS:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def cached(name: str, compute: Callable[[], T]) -> T:
    """Return the cached result for this data version, computing and storing it if missing."""
    key = f"{name}:{data_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=TIMEOUT)
    return value
