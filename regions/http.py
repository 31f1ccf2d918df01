"""Conditional, cacheable responses for the open-data endpoints."""

import datetime
import hashlib

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from services.models import Service

from .models import LiveBirths, LocalAuthority, NeedParameters


def data_last_modified() -> datetime.datetime | None:
    """When anything behind the gap figures or boundaries last changed."""
    stamps = [
        model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for model in (Service, LocalAuthority, LiveBirths, NeedParameters)
    ]
    known = [s for s in stamps if s is not None]
    return max(known) if known else None


def conditional_response(request: HttpRequest, *, body: bytes, content_type: str) -> HttpResponse:
    """Answer with the body, or 304 when the client's copy (by ETag or date) is current."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    modified = data_last_modified()
    timestamp = int(modified.timestamp()) if modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    patch_cache_control(response, public=True, max_age=300)
    return response
