"""Cache results computed from the directory, and forget them all whenever its data changes.

Every cached value is keyed by a data version that any save or delete in the
regions or services apps moves on, so no stale figure outlives a change. Each
process keeps the current version's results in its memory; with CACHE_URL set they
also go into Django's default cache (Redis), where other app servers find them
made. The version lives in the
"versions" cache, shared by every process on the machine (or by Redis), so a
change made anywhere is seen everywhere.
"""

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

T = TypeVar("T")
VERSION_KEY = "data-version"
TIMEOUT = 60 * 60  # an hour: a safety net, as every change moves the version anyway
WATCHED_APPS = {"regions", "services"}
# Results of this data version already in this process, so a hit costs no unpickling:
# the gap summary at 10,000 services takes over a second to unpickle.
_in_process: dict[str, object] = {}


# The version as this process last read it, and until when to trust that reading
# (settings.DATA_VERSION_MEMO_SECONDS): a change made in another process is seen
# at most that long after it, and a busy server reads the shared cache once a
# second instead of on every request. A change made in this process is seen at once.
_memo: dict = {"version": None, "until": 0.0}


def data_version() -> str:
    """Return the current data version, starting one if there is none.

    It lives in the "versions" cache, which every process shares even when the
    results themselves are kept in each process's memory.
    """
    now = time.monotonic()
    if _memo["version"] is not None and now < _memo["until"]:
        return _memo["version"]
    versions = caches["versions"]
    version = versions.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        versions.add(VERSION_KEY, version, timeout=None)
        version = versions.get(VERSION_KEY, version)
    _memo.update(version=version, until=now + settings.DATA_VERSION_MEMO_SECONDS)
    return version


def _new_version() -> None:
    version = uuid.uuid4().hex
    caches["versions"].set(VERSION_KEY, version, timeout=None)
    _memo.update(version=version, until=time.monotonic() + settings.DATA_VERSION_MEMO_SECONDS)


def data_changed(**kwargs) -> None:
    """Move the data version on, so every cached result is computed afresh.

    It moves at once, so the change is seen inside its own transaction, and again
    when the transaction commits: a request answered in between, from the data as
    it was, must not stay cached under the new version.
    """
    sender = kwargs.get("sender")
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label in WATCHED_APPS:
        _new_version()
        transaction.on_commit(_new_version)


def cached(name: str, compute: Callable[[], T]) -> T:
    """Return the cached result for this data version, computing and storing it if missing.

    The result is shared by every caller in this process until the data changes: treat it as read-only.
    """
    version = data_version()
    key = f"{name}:{version}"
    if key in _in_process:
        return _in_process[key]
    # Django's cache only helps when other processes share it: a copy in this process's own
    # memory cache (no CACHE_URL) would be pickled on every change and never read.
    shared = not settings.CACHES["default"]["BACKEND"].endswith(".LocMemCache")
    value = cache.get(key) if shared else None
    if value is None:
        value = compute()
        if shared:
            cache.set(key, value, timeout=TIMEOUT)
    # Keep only the current version's results: older ones can never be asked for again. A name
    # that carries its day (yesterday's list of changes) goes too, at the next change of data.
    for old in [k for k in list(_in_process) if not k.endswith(f":{version}")]:
        _in_process.pop(old, None)
    _in_process[key] = value
    return value
