"""Per-client rate limits kept in the shared cache, so every app server counts together."""

import math
import re
import time

from django.conf import settings
from django.core import checks
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


def rate_setting_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start with an unreadable finder rate, rather than fail on the first search."""
    try:
        rate_parse(value=settings.FINDER_THROTTLE_RATE, setting="FINDER_RATE_LIMIT")
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="pirs.E001")]
    return []


def client_address(request: HttpRequest) -> str:
    """The client's address: behind a trusted proxy, the one it appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


def throttle_wait(*, request: HttpRequest, scope: str, rate: str, setting: str) -> int:
    """Count a request against its client's allowance: 0 if it may go ahead, else the seconds to wait."""
    limit, period = rate_parse(value=rate, setting=setting)
    now = time.time()
    window = int(now // period)
    key = f"throttle:{scope}:{client_address(request)}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr: this request starts a new one
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))
