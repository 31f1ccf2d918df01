from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "services/service_detail.html", {"service": selectors.service_get(slug=slug)})
