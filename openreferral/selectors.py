"""Reads for the Open Referral UK API: published services, where they are delivered, the postcode filter."""

from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db.models import Prefetch, Q, QuerySet

from regions.models import WGS84, LocalAuthority
from regions.postcodes import Outcome, postcode_lookup
from services.models import Service

from . import ids
from .params import ApiError, Near, ServiceQuery
from .taxonomies import taxonomy_get, taxonomy_services_q, term_get, term_services_q

# British National Grid: metres, and true to scale across Wales.
BRITISH_NATIONAL_GRID = 27700

# One row per service and local authority it covers: the API's service_at_location.
AreaLink = Service.areas.through


@dataclass(frozen=True)
class Place:
    """Where a postcode filter points: the authority codes it matches, and a note when it matches none."""

    postcode: str
    outcome: str
    area_codes: tuple[str, ...]
    note: str = ""


def _search_q(word: str) -> Q:
    interventions = Service.objects.filter(
        Q(interventions__name_en__icontains=word) | Q(interventions__name_cy__icontains=word)
    )
    return (
        Q(name_en__icontains=word) | Q(name_cy__icontains=word)
        | Q(summary_en__icontains=word) | Q(summary_cy__icontains=word)
        | Q(organisation__name_en__icontains=word) | Q(organisation__name_cy__icontains=word)
        | Q(pk__in=interventions.values("pk"))
    )


def service_list_filtered(*, query: ServiceQuery) -> QuerySet[Service]:
    """Return the published services that pass every filter, ordered by name, with their organisation."""
    services = Service.objects.published()
    if query.taxonomy_term_id:
        term = term_get(term_id=query.taxonomy_term_id)
        if term is None:
            return Service.objects.none()
        services = services.filter(term_services_q(term=term))
    if query.taxonomy_id:
        taxonomy = taxonomy_get(taxonomy_id=query.taxonomy_id)
        if taxonomy is None:
            return Service.objects.none()
        services = services.filter(taxonomy_services_q(taxonomy=taxonomy))
    # Like the portal's directory, an age filter keeps only services whose source states the bound it tests.
    if query.older_than_months is not None:
        services = services.filter(age_end_months__gt=query.older_than_months)
    if query.starts_by_age:
        services = services.exclude(age_start="")
    if query.reviewed_since is not None:
        since = query.reviewed_since
        services = services.filter(Q(last_reviewed__gte=since) | Q(updated_at__date__gte=since))
    for word in query.words:
        services = services.filter(_search_q(word))
    return services.select_related("organisation").order_by("name_en", "pk")


def service_get(*, service_id: str) -> Service | None:
    """Return a published service by its API id, with everything its full record shows."""
    slugs = Service.objects.published().values_list("slug", flat=True)
    slug = next((s for s in slugs if ids.service_id(slug=s) == service_id), None)
    if slug is None:
        return None
    areas = LocalAuthority.objects.order_by("name_en", "pk")
    return (
        Service.objects.select_related("organisation")
        .prefetch_related(Prefetch("areas", queryset=areas), "interventions")
        .get(slug=slug)
    )


def _area_links() -> QuerySet:
    return AreaLink.objects.select_related("service__organisation", "localauthority").defer(
        "localauthority__boundary"
    )


def service_at_location_list(*, services: QuerySet[Service], place: Place | None) -> QuerySet:
    """Return a row per service and covered authority, for the given services and, if any, a place."""
    links = _area_links().filter(service__in=services.values("pk"))
    if place is not None:
        links = links.filter(localauthority__code__in=place.area_codes)
    return links.order_by("service__name_en", "service__pk", "localauthority__name_en", "pk")


def service_at_location_get(*, link_id: str):
    """Return the service and authority row with an API id, for published services only."""
    rows = AreaLink.objects.filter(service__is_published=True).values_list(
        "pk", "service__slug", "localauthority__code"
    )
    pk = next(
        (pk for pk, slug, code in rows if ids.service_at_location_id(slug=slug, code=code) == link_id), None
    )
    return None if pk is None else _area_links().get(pk=pk)


def _codes_near(*, point: Point, metres: float) -> list[str]:
    # A circle drawn on the grid is a circle on the ground, so the database needs only an
    # intersects test, which SpatiaLite and PostGIS both support and index.
    circle = point.transform(BRITISH_NATIONAL_GRID, clone=True).buffer(metres, quadsegs=16)
    circle.transform(WGS84)
    return list(LocalAuthority.objects.filter(boundary__intersects=circle).values_list("code", flat=True))


def place_resolve(*, near: Near) -> Place | None:
    """Turn a postcode (and proximity) into the authority codes it matches; None if no postcode was given."""
    if not near.postcode:
        return None
    found = postcode_lookup(raw=near.postcode)
    if found.outcome == Outcome.MALFORMED:
        raise ApiError(status=400, parameter="postcode", message=f"'{found.postcode}' is not a UK postcode.")
    if found.outcome == Outcome.UNKNOWN:
        note = f"{found.postcode} is not in this portal's postcode directory, so no service can be placed."
        return Place(postcode=found.postcode, outcome=found.outcome.value, area_codes=(), note=note)
    if found.outcome == Outcome.OUTSIDE_WALES:
        note = f"{found.postcode} is in {found.country}; this directory covers services in Wales only."
        return Place(postcode=found.postcode, outcome=found.outcome.value, area_codes=(), note=note)
    codes = [found.local_authority.code]
    note = ""
    if near.proximity_m:
        if found.point is None:
            note = f"{found.postcode} has no grid reference, so proximity was not applied."
        else:
            codes += _codes_near(point=found.point, metres=near.proximity_m)
    return Place(
        postcode=found.postcode, outcome=found.outcome.value, area_codes=tuple(sorted(set(codes))), note=note
    )
