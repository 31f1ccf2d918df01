"""Any origin may read every answer under the API's base URL, whichever layer of the stack gives it.

``open_endpoint`` adds the header to what the API's views answer; this
middleware adds it to the answers no API view gives: the redirect of the base
URL without its slash (CommonMiddleware), an HTTPS redirect (SecurityMiddleware),
a 304 or a stored page (the page store), so that a browser can follow and read
them too. At the base URL without its slash it also answers what the API's
views would: 405 to a write (CommonMiddleware would redirect it, or fail on it
when DEBUG is on) and 204 to a preflight, which a browser may not redirect.

The header is sent whether or not the request carries an Origin header, unlike
django-cors-headers, which adds it only when one is sent. nginx and the page
store keep one copy of an answer per address: a copy made for a request without
Origin would lack the header, and the cache would hand it to browsers too.
"""

from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse

from pirs_portal.errors import query_readable

from .openness import json_error, method_refused, preflight


@cache
def _base_path() -> str:
    """The API's base URL within the site, without its trailing slash: "/api/oruk"."""
    return "/" + reverse("openreferral:root").removeprefix(get_script_prefix()).rstrip("/")


def under_api(path: str) -> bool:
    """Say whether a path (without the script prefix) lies under the API's base URL."""
    base = _base_path()
    return path == base or path.startswith(base + "/")


class AnyOriginMiddleware:
    """Send Access-Control-Allow-Origin: * with every answer under the API's base URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        base = _base_path()
        if request.path_info == base and request.method not in ("GET", "HEAD"):
            response = preflight() if request.method == "OPTIONS" else method_refused()
        elif under_api(request.path_info) and not query_readable(request):
            most = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            response = json_error(status=400, message=f"Too many query parameters: this API reads at most {most}.")
        else:
            response = self.get_response(request)
        if under_api(request.path_info):
            response["Access-Control-Allow-Origin"] = "*"
            if response.has_header("Retry-After"):
                # A browser shows a page from another site only the simple headers unless told otherwise, and a
                # client needs this one to wait as long as a 429 asks.
                response["Access-Control-Expose-Headers"] = "Retry-After"
        return response
