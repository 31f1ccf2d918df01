"""The standard's openness rules: no keys, any origin may read every response, and throttling per client.

Every API view is wrapped in ``open_endpoint``. The rate is the setting
``OPENREFERRAL_THROTTLE_RATE``, such as "120/minute" (the default); counts are
kept in Django's default cache, so they are shared between processes when the
cache is.
"""

import math
import re
import time
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse, JsonResponse

from .params import ApiError

RATE_SETTING = "OPENREFERRAL_THROTTLE_RATE"
RATE_DEFAULT = "120/minute"
PERIODS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
RATE = re.compile(r"^\s*([0-9]+)\s*/\s*(second|minute|hour|day)\s*$")
METHODS = ("GET", "HEAD", "OPTIONS")


def json_answer(data: dict, *, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def json_error(*, status: int, message: str, parameter: str | None = None) -> JsonResponse:
    body = {"status": status, "error": HTTPStatus(status).phrase, "message": message}
    if parameter:
        body["parameter"] = parameter
    return json_answer(body, status=status)


def rate_parse(*, value: object) -> tuple[int, int]:
    """Return (requests, seconds) from a rate such as "120/minute"."""
    match = RATE.match(value) if isinstance(value, str) else None
    if match is None or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"{RATE_SETTING} must be a number of requests per second, minute, hour or day, such as "
            f"'{RATE_DEFAULT}'; it is {value!r}."
        )
    return int(match[1]), PERIODS[match[2]]


def rate_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start with an unreadable throttle rate, rather than fail on the first API request."""
    try:
        rate_parse(value=getattr(settings, RATE_SETTING, RATE_DEFAULT))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="openreferral.E001")]
    return []


def throttle_wait(*, request: HttpRequest) -> int:
    """Count a request against its client's allowance: 0 if it may go ahead, else the seconds to wait."""
    limit, period = rate_parse(value=getattr(settings, RATE_SETTING, RATE_DEFAULT))
    now = time.time()
    window = int(now // period)
    # REMOTE_ADDR is the client, or the proxy in front of the app server if there is one.
    key = f"openreferral:throttle:{request.META.get('REMOTE_ADDR', '')}:{period}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the count expired between add and incr: this request starts a new one
        cache.set(key, 1, timeout=period + 1)
        count = 1
    if count <= limit:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def _answer(view: Callable, request: HttpRequest, args: tuple, kwargs: dict) -> HttpResponse:
    if request.method not in METHODS:
        response = json_error(status=405, message="This API is read-only: use GET.")
        response["Allow"] = ", ".join(METHODS)
        return response
    wait = throttle_wait(request=request)
    if wait:
        message = f"Too many requests from your address; try again in {wait} seconds."
        response = json_error(status=429, message=message)
        response["Retry-After"] = str(wait)
        return response
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = ", ".join(METHODS)
        response["Access-Control-Allow-Headers"] = "*"
        response["Access-Control-Max-Age"] = "86400"
        return response
    try:
        return view(request, *args, **kwargs)
    except ApiError as error:
        return json_error(status=error.status, message=error.message, parameter=error.parameter)


def open_endpoint(view: Callable) -> Callable:
    """Serve a view openly: read-only methods, throttled per client, JSON errors, readable from any origin."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Even a crash is answered with the header, so a browser client can read the status.
        answer = convert_exception_to_response(lambda req: _answer(view, req, args, kwargs))
        response = answer(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped
