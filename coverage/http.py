"""Cacheable open-data responses: computed once per data version, compressed once, answered with 304s."""

import datetime
import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from pirs_portal.datacache import cached
from services.models import Service

from regions.models import LiveBirths, LocalAuthority, NeedParameters


@dataclass(frozen=True)
class Prepared:
    body: bytes
    gzipped: bytes
    etag: str
    last_modified: int | None


def data_last_modified() -> datetime.datetime | None:
    """When anything behind the gap figures or boundaries last changed."""
    stamps = [
        model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for model in (Service, LocalAuthority, LiveBirths, NeedParameters)
    ]
    known = [s for s in stamps if s is not None]
    return max(known) if known else None


def _prepare(body: bytes) -> Prepared:
    modified = data_last_modified()
    return Prepared(
        body=body,
        gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        last_modified=int(modified.timestamp()) if modified else None,
    )


def prepared_response(request: HttpRequest, *, name: str, build: Callable[[], bytes], content_type: str) -> HttpResponse:
    """Answer with a cached body (gzipped when the client accepts it), or 304 when the client's copy is current."""
    prepared = cached(name, lambda: _prepare(build()))
    response = get_conditional_response(request, etag=prepared.etag, last_modified=prepared.last_modified)
    if response is None:
        if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            response = HttpResponse(prepared.gzipped, content_type=content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(prepared.body, content_type=content_type)
    response["ETag"] = prepared.etag
    if prepared.last_modified is not None:
        response["Last-Modified"] = http_date(prepared.last_modified)
    patch_vary_headers(response, ["Accept-Encoding"])
    patch_cache_control(response, public=True, max_age=300)
    return response
