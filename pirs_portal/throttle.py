"""Per-client rate limits with django-ratelimit, counted in the "limits" cache that every process shares."""

import ipaddress
import re
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE = re.compile(r"^\s*([0-9]+)\s*/\s*(second|minute|hour|day)\s*$")
# Each limit the portal keeps, with its setting and the environment variable an operator sets.
RATE_SETTINGS = {
    "FINDER_THROTTLE_RATE": "FINDER_RATE_LIMIT",
    "DOWNLOAD_THROTTLE_RATE": "DOWNLOAD_RATE_LIMIT",
    "SIGN_IN_ADDRESS_RATE": "SIGN_IN_ADDRESS_LIMIT",
}


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
    """Refuse to start with an unreadable rate or proxy address, rather than fail on the first request."""
    errors = []
    try:
        _networks(tuple(settings.TRUSTED_PROXIES))
    except ValueError as error:
        errors.append(checks.Error(
            f"TRUSTED_PROXIES must be IP addresses or networks such as 10.0.0.0/8, not host names: {error}",
            id="pirs.E002",
        ))
    for setting, variable in RATE_SETTINGS.items():
        try:
            rate_parse(value=getattr(settings, setting), setting=variable)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="pirs.E001"))
    return errors


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The client's address: its own, or behind a trusted proxy the one that proxy appended to X-Forwarded-For.

    X-Forwarded-For is believed only from an address in TRUSTED_PROXIES: anyone
    else could send any value and be counted as a new client each time.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY and _is_address(remote):
        if any(ipaddress.ip_address(remote) in net for net in _networks(tuple(settings.TRUSTED_PROXIES))):
            forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
            if forwarded and _is_address(forwarded[-1]):
                return forwarded[-1]
    return remote if _is_address(remote) else "0.0.0.0"


def throttle_wait(*, request: HttpRequest, scope: str, rate: str, setting: str, count: bool = True) -> int:
    """Count a request against its client's allowance: 0 if it may go ahead, else the seconds to wait.

    With ``count=False`` it only looks: is the client already over its allowance?
    """
    allowance = rate_parse(value=rate, setting=setting)
    usage = get_usage(request, group=scope, key="ip", rate=allowance, increment=count)
    if usage is None or not usage["should_limit"]:
        return 0
    return max(1, usage["time_left"])


def too_many(request: HttpRequest, *, wait: int, kind: str) -> HttpResponse:
    """Answer 429 with a page that says how long to wait ("searches", "downloads" or "sign-in"), and Retry-After."""
    response = render(request, "429.html", {"wait": wait, "kind": kind}, status=429)
    response["Retry-After"] = str(wait)
    return response
