"""Per-client rate limits kept in the shared cache, so every app server counts together."""

import math
import re
import time

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE = re.compile(r"^\s*([0-9]+)\s*/\s*(second|minute|hour|day)\s*$")


def rate_parse(*, value: object, setting: str) -> tuple[int, int]:
    """Return (requests, seconds) from a rate such as "120/minute"."""
    match = RATE.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"{setting} must be a number of requests per second, minute, hour or day, such as "
            f"'120/minute'; it is {value!r}."
        )
    return int(match[1]), PERIODS[match[2]]


def throttle_wait(*, request: HttpRequest, scope: str, rate: str, setting: str) -> int:
    """Count a request against its client's allowance: 0 if it may go ahead, else the seconds to wait."""
    limit, period = rate_parse(value=rate, setting=setting)
    now = time.time()
    window = int(now // period)
    # REMOTE_ADDR is the client, or the proxy in front of the app server if there is one.
    key = f"throttle:{scope}:{request.META.get('REMOTE_ADDR', '')}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr: this request starts a new one
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))
