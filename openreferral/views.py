"""The Open Referral UK 3.0 API: thin views over the selectors and record builders."""

from collections.abc import Callable, Sequence

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pirs_portal.pages import public_page
from pirs_portal.sources import ATTRIBUTION, in_english

from . import params, records, selectors
from .ids import uuid_parse
from .openapi import openapi_document
from .openness import RATE_DEFAULT, RATE_SETTING, json_answer, open_endpoint
from .pagination import page_build
from .params import ApiError
from .taxonomies import TAXONOMIES, taxonomy_get, term_get, term_list

VERSION = "3.0"
PROFILE = "https://github.com/openreferral/uk-profile"


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _one(request: HttpRequest, raw_id: str, *, what: str, find: Callable, as_record: Callable) -> HttpResponse:
    """Answer for one record: 400 if the id is not a UUID, 404 if no published record has it."""
    params.params_read(query=request.GET, allowed=())
    wanted = uuid_parse(raw=raw_id)
    if wanted is None:
        message = f"'{raw_id}' is not a UUID; ids in this API are UUIDs."
        raise ApiError(status=400, parameter="id", message=message)
    found = find(wanted)
    if found is None:
        raise ApiError(status=404, message=f"There is no published {what} with id {wanted}.")
    return json_answer(as_record(found, _site(request)))


def _page(
    request: HttpRequest, *, values: dict[str, str], items: QuerySet | Sequence, as_record: Callable
) -> dict:
    site = _site(request)
    paging = params.paging_parse(values=values)
    return page_build(items=items, paging=paging, render=lambda item: as_record(item, site))


@public_page
@open_endpoint
def root(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    params.params_read(query=request.GET, allowed=())
    return json_answer({
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": site + reverse("openreferral:openapi"),
        "x_pirs_docs_url": site + reverse("openreferral:docs"),
        "x_pirs_attribution": in_english(ATTRIBUTION),
    })


@public_page
@open_endpoint
def services(request: HttpRequest) -> HttpResponse:
    values = params.params_read(query=request.GET, allowed=params.PAGING + params.SERVICE_FILTERS)
    return json_answer(_page(
        request, values=values,
        items=selectors.service_list_filtered(query=params.service_query_parse(values=values)),
        as_record=lambda service, site: records.service_brief(service=service, site=site),
    ))


@public_page
@open_endpoint
def service(request: HttpRequest, raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="service", find=lambda wanted: selectors.service_get(service_id=wanted),
        as_record=lambda found, site: records.service_full(service=found, site=site),
    )


def _link_record(link, site: str) -> dict:
    return records.service_at_location_record(service=link.service, authority=link.localauthority, site=site)


@public_page
@open_endpoint
def service_at_locations(request: HttpRequest) -> HttpResponse:
    allowed = params.PAGING + params.SERVICE_FILTERS + params.NEAR
    values = params.params_read(query=request.GET, allowed=allowed)
    services = selectors.service_list_filtered(query=params.service_query_parse(values=values))
    place = selectors.place_resolve(near=params.near_parse(values=values))
    links = selectors.service_at_location_list(services=services, place=place)
    page = _page(request, values=values, items=links, as_record=_link_record)
    if place is not None:
        page["x_pirs_postcode"] = {
            "postcode": place.postcode, "outcome": place.outcome, "area_codes": place.area_codes,
        }
        page["x_pirs_note"] = place.note or None
    return json_answer(page)


@public_page
@open_endpoint
def service_at_location(request: HttpRequest, raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="service at location",
        find=lambda wanted: selectors.service_at_location_get(link_id=wanted), as_record=_link_record,
    )


@public_page
@open_endpoint
def taxonomies(request: HttpRequest) -> HttpResponse:
    values = params.params_read(query=request.GET, allowed=params.PAGING)
    return json_answer(_page(
        request, values=values, items=TAXONOMIES,
        as_record=lambda taxonomy, site: records.taxonomy_record(taxonomy=taxonomy, site=site),
    ))


@public_page
@open_endpoint
def taxonomy(request: HttpRequest, raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="taxonomy", find=lambda wanted: taxonomy_get(taxonomy_id=wanted),
        as_record=lambda found, site: records.taxonomy_record(taxonomy=found, site=site),
    )


@public_page
@open_endpoint
def taxonomy_terms(request: HttpRequest) -> HttpResponse:
    values = params.params_read(query=request.GET, allowed=params.PAGING + ("taxonomy_id",))
    wanted = params.uuid_value(values=values, name="taxonomy_id")
    chosen = taxonomy_get(taxonomy_id=wanted) if wanted else None
    # An unknown taxonomy has no terms; no taxonomy_id means every term.
    terms = term_list(taxonomy=chosen) if chosen or not wanted else []
    return json_answer(_page(request, values=values, items=terms, as_record=_term_record))


def _term_record(term, site: str) -> dict:
    return records.term_record(term=term, site=site)


@public_page
@open_endpoint
def taxonomy_term(request: HttpRequest, raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="taxonomy term",
        find=lambda wanted: term_get(term_id=wanted), as_record=_term_record,
    )


@public_page
@open_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    params.params_read(query=request.GET, allowed=())
    return json_answer(openapi_document(base_url=_site(request) + reverse("openreferral:root").rstrip("/")))


@public_page
@open_endpoint
def docs(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    return render(request, "openreferral/docs.html", {
        "base_url": site + reverse("openreferral:root"),
        "openapi_url": site + reverse("openreferral:openapi"),
        "rate_setting": "API_RATE_LIMIT",  # the environment variable an operator sets (README)
        "rate": getattr(settings, RATE_SETTING, RATE_DEFAULT),
        "per_page_default": params.PER_PAGE_DEFAULT,
        "per_page_max": params.PER_PAGE_MAX,
        "proximity_max": params.PROXIMITY_MAX,
    })


@open_endpoint
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    message = f"There is no endpoint at {request.path}; see {reverse('openreferral:openapi')} for those there are."
    raise ApiError(status=404, message=message)
