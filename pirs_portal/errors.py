"""Error pages Django would otherwise draw in its own plain English."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (cookies blocked, or a page kept open for days): say what to do."""
    return render(request, "403_csrf.html", status=403)


def query_readable(request: HttpRequest) -> bool:
    """Say whether Django will read the query string: it refuses more than DATA_UPLOAD_MAX_NUMBER_FIELDS values."""
    try:
        request.GET  # noqa: B018 - read now, so that a refusal can be answered where this is asked
    except TooManyFieldsSent:
        return False
    return True


class UnreadableQueryMiddleware:
    """Answer 400 to a query string with more parameters than Django reads, before any layer tries to read it.

    Django refuses such a query (TooManyFieldsSent) wherever it is first read; with DEBUG on, its own error
    page then reads it again and fails, so the client got a bare 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request) if query_readable(request) else self._refused(request)

    @staticmethod
    def _refused(request: HttpRequest) -> HttpResponse:
        # Under the API, openreferral.cors.AnyOriginMiddleware has answered already, in JSON.
        with translation.override(translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE):
            return render(request, "400.html", {"most": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}, status=400)
