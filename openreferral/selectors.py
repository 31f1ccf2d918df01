"""Reads for the Open Referral UK API: published services, their organisations, where they are delivered."""

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import override

from regions.models import WGS84, LocalAuthority
from regions.postcodes import Outcome, postcode_lookup
from services.models import Organisation, Service

from . import ids
from .params import ApiError
from .parsing import Near, OrganisationQuery, ServiceQuery
from .records import STATED_START_AGE, first_review_day_from, months_up_to
from .taxonomies import SETTING, taxonomy_get, taxonomy_services_q, term_get, term_services_q

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


def _organisation_slug(*, organisation_id: str) -> str | None:
    slugs = Organisation.objects.values_list("slug", flat=True)
    return next((s for s in slugs if ids.organisation_id(slug=s) == organisation_id), None)


def _modified_since_q(since: datetime.datetime) -> Q:
    """Select services whose last_modified (the last change; the review day's start if none is timed) is at or
    after a moment."""
    changed = Q(updated_at__gte=since)
    first_day = first_review_day_from(moment=since)
    return changed if first_day is None else changed | Q(updated_at=None, last_reviewed__gte=first_day)


def service_list_filtered(*, query: ServiceQuery) -> QuerySet[Service]:
    """Return the published services that pass every filter, ordered by name, with their organisation."""
    services = Service.objects.published()
    # This directory records no schedules: a service without one has no day or time to match.
    if query.needs_schedule:
        return Service.objects.none()
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
    if query.organization_id:
        slug = _organisation_slug(organisation_id=query.organization_id)
        if slug is None:
            return Service.objects.none()
        services = services.filter(organisation__slug=slug)
    # The standard compares the service's own minimum_age and maximum_age with the values given; a
    # service whose source states no such age has none to compare, so it is left out.
    if query.minimum_age is not None:
        stated = services.exclude(age_start="")
        services = stated if STATED_START_AGE >= query.minimum_age else services.none()
    if query.maximum_age is not None:
        services = services.filter(age_end_months__lte=months_up_to(age=query.maximum_age))
    if query.modified_since is not None:
        services = services.filter(_modified_since_q(query.modified_since))
    for word in query.words:
        services = services.filter(_search_q(word))
    return services.select_related("organisation").order_by("name_en", "pk")


def _in_full(prefix: str = "") -> list:
    """Return the prefetches a service's full record needs: areas (with boundaries), interventions, facts."""
    areas = LocalAuthority.objects.order_by("name_en", "pk")
    # The facts give the full record's referral routes (accepts_professional_referrals and the like).
    return [Prefetch(f"{prefix}areas", queryset=areas), f"{prefix}interventions", f"{prefix}facts"]


def service_list_in_full(*, services: QuerySet[Service]) -> QuerySet[Service]:
    """Fetch with the services what each full record shows, in a fixed number of queries."""
    return services.prefetch_related(*_in_full())


def service_get(*, service_id: str) -> Service | None:
    """Return a published service by its API id, with everything its full record shows."""
    slugs = Service.objects.published().values_list("slug", flat=True)
    slug = next((s for s in slugs if ids.service_id(slug=s) == service_id), None)
    if slug is None:
        return None
    return Service.objects.select_related("organisation").prefetch_related(*_in_full()).get(slug=slug)


def _area_links() -> QuerySet:
    return AreaLink.objects.select_related("service__organisation", "localauthority").defer(
        "localauthority__boundary"
    )


def service_at_location_list(
    *, services: QuerySet[Service], place: Place | None, full: bool = False
) -> QuerySet:
    """Return a row per service and covered authority, for the given services and, if any, a place."""
    links = _area_links().filter(service__in=services.values("pk"))
    if place is not None:
        links = links.filter(localauthority__code__in=place.area_codes)
    if full:
        links = links.prefetch_related(*_in_full("service__"))
    return links.order_by("service__name_en", "service__pk", "localauthority__name_en", "pk")


def service_at_location_get(*, link_id: str):
    """Return the service and authority row with an API id, for published services only, service in full."""
    rows = AreaLink.objects.filter(service__is_published=True).values_list(
        "pk", "service__slug", "localauthority__code"
    )
    pk = next(
        (pk for pk, slug, code in rows if ids.service_at_location_id(slug=slug, code=code) == link_id), None
    )
    return None if pk is None else _area_links().prefetch_related(*_in_full("service__")).get(pk=pk)


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


def _hosts() -> QuerySet[Organisation]:
    """Return the organisations that host a published service: the only ones this API shows."""
    return Organisation.objects.filter(pk__in=Service.objects.published().values("organisation"))


def _organisation_search_q(word: str) -> Q:
    with override("en"):
        labels = {kind: str(label).casefold() for kind, label in Organisation.Kind.choices}
    kinds = [kind for kind, label in labels.items() if word.casefold() in label]
    return Q(name_en__icontains=word) | Q(name_cy__icontains=word) | Q(kind__in=kinds)


def _with_services(organisations: QuerySet[Organisation], *, full_service: bool) -> QuerySet[Organisation]:
    """Fetch each organisation's published services (``published_services``) in a fixed number of queries."""
    services = Service.objects.published().order_by("name_en", "pk")
    if full_service:
        services = services.prefetch_related(*_in_full())
    published = Prefetch("services", queryset=services, to_attr="published_services")
    return organisations.prefetch_related(published)


def organisation_list(
    *, query: OrganisationQuery, with_services: bool, full_service: bool
) -> QuerySet[Organisation]:
    """Return the organisations hosting published services that match every word, ordered by name."""
    if query.by_term:
        # Organisations here carry no taxonomy terms, so none is linked to the one asked for.
        return Organisation.objects.none()
    organisations = _hosts()
    for word in query.words:
        organisations = organisations.filter(_organisation_search_q(word))
    if with_services:
        organisations = _with_services(organisations, full_service=full_service)
    return organisations.order_by("name_en", "pk")


def organisation_get(*, organisation_id: str, full_service: bool) -> Organisation | None:
    """Return an organisation hosting published services by its API id, with those services."""
    slugs = _hosts().values_list("slug", flat=True)
    slug = next((s for s in slugs if ids.organisation_id(slug=s) == organisation_id), None)
    if slug is None:
        return None
    return _with_services(Organisation.objects.filter(slug=slug), full_service=full_service).get()


def organisation_example_id() -> str:
    """Return the id of the first organisation this API shows, for the API page's example."""
    slug = _hosts().order_by("name_en", "pk").values_list("slug", flat=True).first()
    return ids.organisation_id(slug=slug) if slug else str(uuid.UUID(int=0))


def record_example_ids() -> dict[str, str]:
    """Return, for each endpoint that answers one record, the id of a published one, for the API page."""
    nothing = str(uuid.UUID(int=0))
    service = Service.objects.published().order_by("name_en", "pk").values_list("slug", flat=True).first()
    link = (
        AreaLink.objects.filter(service__is_published=True)
        .order_by("service__name_en", "service__pk", "localauthority__name_en", "pk")
        .values_list("service__slug", "localauthority__code").first()
    )
    return {
        "service": ids.service_id(slug=service) if service else nothing,
        "service_at_location": ids.service_at_location_id(slug=link[0], code=link[1]) if link else nothing,
        "organization": organisation_example_id(),
        "taxonomy": SETTING.id,
        "taxonomy_term": SETTING.term_id(code=Service.Setting.values[0]),
    }
