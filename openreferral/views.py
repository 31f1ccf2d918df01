"""The Open Referral UK 3.0 API: thin views over the selectors and record builders."""

from collections.abc import Callable, Sequence
from functools import wraps

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pirs_portal.pages import public_page
from pirs_portal.sources import ATTRIBUTION, in_english

from . import endpoints, params, parsing, records, selectors
from .docs import docs_context
from .endpoints import Endpoint
from .ids import uuid_parse
from .openapi import openapi_document
from .openness import json_answer, open_endpoint
from .pagination import lines_answer, page_build
from .params import ApiError
from .taxonomies import taxonomy_get, taxonomy_search, term_filter, term_get

VERSION = "3.0"
PROFILE = "https://github.com/openreferral/uk-profile"


def serves(endpoint: Endpoint) -> Callable:
    """Serve an endpoint: read the request's parameters against its declaration and hand them to the view,
    as a public page (public_page) open to every client (open_endpoint)."""

    def mark(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, **kwargs) -> HttpResponse:
            values = params.params_read(query=request.GET, allowed=endpoint.parameters)
            return view(request, values, **kwargs)

        wrapped.endpoint = endpoint  # urls.py routes the view at the endpoint's path
        return public_page(open_endpoint(wrapped))

    return mark


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _one(
    request: HttpRequest, raw_id: str, *, what: str, find: Callable, as_record: Callable
) -> HttpResponse:
    """Answer for one record: 400 if the id is not a UUID, 404 if no published record has it."""
    wanted = uuid_parse(raw=raw_id)
    if wanted is None:
        message = f"'{raw_id}' is not a UUID; ids in this API are UUIDs."
        raise ApiError(status=400, parameter="id", message=message)
    found = find(wanted)
    if found is None:
        raise ApiError(status=404, message=f"There is no published {what} with id {wanted}.")
    return json_answer(as_record(found, _site(request)))


def _listing(
    request: HttpRequest, values: dict[str, str], *, items: QuerySet | Sequence, as_record: Callable,
    output: parsing.Output, extra: dict | None = None,
) -> HttpResponse:
    """Answer a page of records, or with format=ndjson every record a line; minimal pages all at once."""
    site = _site(request)
    paging = parsing.paging_parse(values=values, everything=output.minimal)
    if output.ndjson:
        return lines_answer(items=items, render=lambda item: as_record(item, site))
    page = page_build(items=items, paging=paging, render=lambda item: as_record(item, site))
    return json_answer(page | (extra or {}))


@serves(endpoints.ROOT)
def root(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    site = _site(request)
    return json_answer({
        "version": VERSION,
        "profile": PROFILE,
        "openapi_url": site + reverse("openreferral:openapi"),
        "x_pirs_docs_url": site + reverse("openreferral:docs"),
        "x_pirs_attribution": in_english(ATTRIBUTION),
    })


def _service_as(output: parsing.Output) -> Callable:
    if output.minimal:
        return lambda service, site: records.service_minimal(service=service)
    if output.full:
        return lambda service, site: records.service_full(service=service, site=site)
    return lambda service, site: records.service_brief(service=service, site=site)


@serves(endpoints.SERVICES)
def services(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    output = parsing.output_parse(values=values)
    found = selectors.service_list_filtered(query=parsing.service_query_parse(values=values))
    if output.full:
        found = selectors.service_list_in_full(services=found)
    return _listing(request, values, items=found, as_record=_service_as(output), output=output)


@serves(endpoints.SERVICE)
def service(request: HttpRequest, values: dict[str, str], raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="service", find=lambda wanted: selectors.service_get(service_id=wanted),
        as_record=lambda found, site: records.service_full(service=found, site=site),
    )


def _link_record(link, site: str) -> dict:
    return records.service_at_location_record(service=link.service, authority=link.localauthority, site=site)


def _link_full(link, site: str) -> dict:
    return records.service_at_location_full(service=link.service, authority=link.localauthority, site=site)


@serves(endpoints.SERVICE_AT_LOCATIONS)
def service_at_locations(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    output = parsing.output_parse(values=values)
    services = selectors.service_list_filtered(query=parsing.service_query_parse(values=values))
    place = selectors.place_resolve(near=parsing.near_parse(values=values))
    links = selectors.service_at_location_list(services=services, place=place, full=output.full)
    extra = None
    if place is not None:
        postcode = {"postcode": place.postcode, "outcome": place.outcome, "area_codes": place.area_codes}
        extra = {"x_pirs_postcode": postcode, "x_pirs_note": place.note or None}
    as_record = _link_full if output.full else _link_record
    return _listing(request, values, items=links, as_record=as_record, output=output, extra=extra)


@serves(endpoints.SERVICE_AT_LOCATION)
def service_at_location(request: HttpRequest, values: dict[str, str], raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="service at location",
        find=lambda wanted: selectors.service_at_location_get(link_id=wanted), as_record=_link_full,
    )


def _organisation_as(*, full: bool, full_service: bool) -> Callable:
    if not full:
        return lambda organisation, site: records.organisation_record(organisation=organisation)
    return lambda organisation, site: records.organisation_full(
        organisation=organisation, services=organisation.published_services, full_service=full_service,
        site=site,
    )


@serves(endpoints.ORGANIZATIONS)
def organizations(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    output = parsing.output_parse(values=values)
    # full_service asks for each organisation's services in full, so for the organisation in full too.
    full = output.full or output.full_service
    found = selectors.organisation_list(
        query=parsing.organisation_query_parse(values=values), with_services=full,
        full_service=output.full_service,
    )
    as_record = _organisation_as(full=full, full_service=output.full_service)
    return _listing(request, values, items=found, as_record=as_record, output=output)


@serves(endpoints.ORGANIZATION)
def organization(request: HttpRequest, values: dict[str, str], raw_id: str) -> HttpResponse:
    full_service = parsing.boolean_value(values=values, name="full_service")
    return _one(
        request, raw_id, what="organisation",
        find=lambda wanted: selectors.organisation_get(organisation_id=wanted, full_service=full_service),
        as_record=_organisation_as(full=True, full_service=full_service),
    )


def _taxonomy_record(taxonomy, site: str) -> dict:
    return records.taxonomy_record(taxonomy=taxonomy, site=site)


@serves(endpoints.TAXONOMIES)
def taxonomies(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    output = parsing.output_parse(values=values)
    found = taxonomy_search(words=parsing.words_value(values=values))
    return _listing(request, values, items=found, as_record=_taxonomy_record, output=output)


@serves(endpoints.TAXONOMY)
def taxonomy(request: HttpRequest, values: dict[str, str], raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="taxonomy", find=lambda wanted: taxonomy_get(taxonomy_id=wanted),
        as_record=_taxonomy_record,
    )


def _term_record(term, site: str) -> dict:
    return records.term_record(term=term, site=site)


@serves(endpoints.TAXONOMY_TERMS)
def taxonomy_terms(request: HttpRequest, values: dict[str, str]) -> HttpResponse:
    output = parsing.output_parse(values=values)
    query = parsing.term_query_parse(values=values)
    terms = term_filter(words=query.words, taxonomy_id=query.taxonomy_id, parent_id=query.parent_id)
    return _listing(request, values, items=terms, as_record=_term_record, output=output)


@serves(endpoints.TAXONOMY_TERM)
def taxonomy_term(request: HttpRequest, values: dict[str, str], raw_id: str) -> HttpResponse:
    return _one(
        request, raw_id, what="taxonomy term",
        find=lambda wanted: term_get(term_id=wanted), as_record=_term_record,
    )


# Every view that serves an endpoint of the standard, for urls.py.
ENDPOINT_VIEWS = (
    root, services, service, service_at_locations, service_at_location, organizations, organization,
    taxonomies, taxonomy, taxonomy_terms, taxonomy_term,
)


@public_page
@open_endpoint
def openapi(request: HttpRequest) -> HttpResponse:
    params.params_read(query=request.GET, allowed=())
    return json_answer(openapi_document(base_url=_site(request) + reverse("openreferral:root").rstrip("/")))


@public_page
@open_endpoint
def docs(request: HttpRequest) -> HttpResponse:
    return render(request, "openreferral/docs.html", docs_context(site=_site(request)))


@open_endpoint
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    listed = reverse("openreferral:openapi")
    message = f"There is no endpoint at {request.path}; see {listed} for those there are."
    raise ApiError(status=404, message=message)
