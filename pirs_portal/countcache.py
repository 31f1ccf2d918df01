"""A cache for rate-limit counts in one SQLite file, shared by every process on the machine.

django-ratelimit counts requests with a cache's ``add`` and ``incr``. Django's file
and database caches increment in two steps (read, then write), so two workers can
both read 5 and both write 6, and its own system check refuses them; process memory
is not shared at all. Here each increment is one SQL statement, atomic across
processes. Redis (CACHE_URL) takes this role when several machines serve the portal.
It holds whole numbers only: it is for counts, not for cached pages.
"""

import random
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

NEVER = 1e18  # an expiry time for values stored without a timeout
SWEEP_CHANCE = 0.01  # how often an add also deletes expired counts


class SharedCountCache(BaseCache):
    """Whole-number counts with an expiry, in a SQLite file every process opens."""

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        self._path = Path(location)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None and self._local.inode != self._inode():
            # The file was removed or replaced (say, .cache/ cleared): count in the new one with everyone else.
            connection.close()
            connection = None
        if connection is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self._path, timeout=10, isolation_level=None, check_same_thread=True)
            # Counts are worth little after a crash: no need to wait for the disk.
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=OFF")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS counts (key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires REAL NOT NULL)"
            )
            self._local.connection, self._local.inode = connection, self._inode()
        return connection

    def _inode(self) -> int | None:
        try:
            return self._path.stat().st_ino
        except FileNotFoundError:
            return None

    def _expiry(self, timeout) -> float:
        seconds = self.get_backend_timeout(timeout)
        return NEVER if seconds is None else seconds

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key, now = self.make_and_validate_key(key, version=version), time.time()
        db = self._db()
        if random.random() < SWEEP_CHANCE:
            db.execute("DELETE FROM counts WHERE expires <= ?", (now,))
        cursor = db.execute(
            "INSERT INTO counts (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE counts.expires <= ?",
            (key, int(value), self._expiry(timeout), now),
        )
        return cursor.rowcount == 1

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "SELECT value FROM counts WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return default if row is None else row[0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._db().execute(
            "INSERT INTO counts (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (key, int(value), self._expiry(timeout)),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            "UPDATE counts SET expires = ? WHERE key = ? AND expires > ?", (self._expiry(timeout), key, time.time())
        )
        return cursor.rowcount == 1

    def incr(self, key, delta=1, version=None) -> int:
        """Add to a count in one statement, so that no other process's increment is lost."""
        key = self.make_and_validate_key(key, version=version)
        row = self._db().execute(
            "UPDATE counts SET value = value + ? WHERE key = ? AND expires > ? RETURNING value",
            (delta, key, time.time()),
        ).fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM counts WHERE key = ?", (key,)).rowcount == 1

    def clear(self) -> None:
        self._db().execute("DELETE FROM counts")

    def close(self, **kwargs) -> None:
        """Keep the connection: Django closes caches after every request, and reopening costs more than a count."""
