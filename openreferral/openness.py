"""The standard's openness rules: no keys, any origin may read every response, and throttling per client.

Every API view is wrapped in ``open_endpoint``; what no API view answers (a
redirect, a 304, a stored page) gets the header from ``cors.AnyOriginMiddleware``.
The rate is the setting ``OPENREFERRAL_THROTTLE_RATE``, such as "120/minute"
(the default); counts are kept in Django's default cache, so they are shared
between processes when the cache is.
"""

from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse, JsonResponse

from pirs_portal import throttle

from .params import ApiError

RATE_SETTING = "OPENREFERRAL_THROTTLE_RATE"
RATE_DEFAULT = "120/minute"
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
    return throttle.rate_parse(value=value, setting=RATE_SETTING)


def rate_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start with an unreadable throttle rate, rather than fail on the first API request."""
    try:
        rate_parse(value=getattr(settings, RATE_SETTING, RATE_DEFAULT))
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="openreferral.E001")]
    return []


def throttle_wait(*, request: HttpRequest) -> int:
    """Count a request against its client's allowance: 0 if it may go ahead, else the seconds to wait."""
    rate = getattr(settings, RATE_SETTING, RATE_DEFAULT)
    return throttle.throttle_wait(request=request, scope="openreferral", rate=rate, setting=RATE_SETTING)


def method_refused() -> JsonResponse:
    """Answer a method that would change something: this API only reads."""
    response = json_error(status=405, message="This API is read-only: use GET.")
    response["Allow"] = ", ".join(METHODS)
    return response


def preflight() -> HttpResponse:
    """Answer a browser's OPTIONS request: any origin may GET, with any headers."""
    response = HttpResponse(status=204)
    del response["Content-Type"]
    response["Allow"] = response["Access-Control-Allow-Methods"] = ", ".join(METHODS)
    response["Access-Control-Allow-Headers"] = "*"
    response["Access-Control-Max-Age"] = "86400"
    return response


def _answer(view: Callable, request: HttpRequest, args: tuple, kwargs: dict) -> HttpResponse:
    if request.method not in METHODS:
        return method_refused()
    if request.method == "OPTIONS":
        # Not counted: a browser sends one before its GET, and treats any answer but 2xx as a network failure,
        # so a refused preflight would hide the 429 and its Retry-After from the client.
        return preflight()
    wait = throttle_wait(request=request)
    if wait:
        message = f"Too many requests from your address; try again in {wait} seconds."
        response = json_error(status=429, message=message)
        response["Retry-After"] = str(wait)
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

    # A read-only API holds no session to protect: a write method is answered 405, not refused for a token.
    wrapped.csrf_exempt = True

    return wrapped
