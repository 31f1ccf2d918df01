"""Error pages Django would otherwise draw in its own plain English."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (cookies blocked, or a page kept open for days): say what to do."""
    return render(request, "403_csrf.html", status=403)
