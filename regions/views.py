from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from services.models import RegionStatusNote
from services.selectors import service_list_for_region

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "regions/home.html", {"regions": selectors.region_list()})


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = selectors.region_get(slug=slug)
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "services": service_list_for_region(region=region),
            "status_note": RegionStatusNote.objects.filter(region=region).first(),
        },
    )
