"""Reads across the directory models."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from regions.models import LocalAuthority, Region

from .models import Intervention, RegionStatusNote, Service, UniversalRoute


def _authorities() -> QuerySet[LocalAuthority]:
    # Boundaries are large and no listing draws them.
    authorities = LocalAuthority.objects.defer("boundary", "region__boundary").select_related("region")
    return authorities.order_by("name_en")


def _areas_prefetch() -> Prefetch:
    return Prefetch("areas", queryset=_authorities())


def _with_facts(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        _areas_prefetch(), "interventions", "disciplines", "facts", "referral_sources"
    )


def service_list_for_region(*, region: Region) -> QuerySet[Service]:
    """Return the published services that cover any authority in a region."""
    ids = Service.objects.published().filter(areas__region=region).values("pk")
    return _with_facts(Service.objects.filter(pk__in=ids))


def service_list_covering(*, local_authority: LocalAuthority) -> list[Service]:
    """Return the published services whose areas include this authority, in name order."""
    ids = Service.objects.published().filter(areas=local_authority).values("pk")
    return list(_with_facts(Service.objects.filter(pk__in=ids)).order_by("name_en"))


def service_get(*, slug: str) -> Service:
    """Return one published service with every related fact, or raise 404."""
    return get_object_or_404(_with_facts(Service.objects.published()), slug=slug)


def service_list_filtered(
    *,
    region: Region | None = None,
    local_authority: LocalAuthority | None = None,
    setting: str = "",
    kind: str = "",
    status: str = "",
    intervention: Intervention | None = None,
    pregnant: bool = False,
    age_months: int | None = None,
    q: str = "",
) -> QuerySet[Service]:
    """Return the published services that pass every filter given, with what a directory listing shows."""
    services = Service.objects.published()
    if region is not None:
        services = services.filter(pk__in=Service.objects.filter(areas__region=region).values("pk"))
    if local_authority is not None:
        services = services.filter(pk__in=Service.objects.filter(areas=local_authority).values("pk"))
    if intervention is not None:
        services = services.filter(pk__in=Service.objects.filter(interventions=intervention).values("pk"))
    exact = {"setting": setting, "kind": kind, "status": status}
    services = services.filter(**{name: value for name, value in exact.items() if value})
    # An age range includes an age only if the source states it: unstated ranges are left out.
    if pregnant:
        services = services.filter(age_start=Service.AgeStart.PREGNANCY)
    elif age_months is not None:
        services = services.filter(age_end_months__gt=age_months)
    if q.split():
        words = Q()
        for word in q.split():
            words &= (Q(name_en__icontains=word) | Q(name_cy__icontains=word)
                      | Q(summary_en__icontains=word) | Q(summary_cy__icontains=word))
        # A search naming a place finds the services that cover it, as well as those whose text matches.
        places = place_list_matching(q=q)
        covering = Service.objects.filter(
            Q(areas__in=[p.pk for p in places if p.kind == Place.AUTHORITY])
            | Q(areas__region__in=[p.pk for p in places if p.kind == Place.REGION])
        ).values("pk")
        services = services.filter(words | Q(pk__in=covering))
    return services.select_related("organisation").prefetch_related(_areas_prefetch())


@dataclass(frozen=True)
class Place:
    """A region or local authority a directory search names, by its own name or its health board's."""

    REGION = "region"
    AUTHORITY = "authority"
    kind: str
    pk: int
    name_en: str
    name_cy: str
    region_slug: str
    health_board_en: str = ""
    health_board_cy: str = ""


def place_list_matching(*, q: str) -> list[Place]:
    """The regions and authorities whose name, in either language, or whose health board's name holds the search."""
    text = " ".join(q.split())
    if len(text) < 3:
        return []
    names = ("name_en", "name_cy", "health_board_en", "health_board_cy")
    regions = Region.objects.defer("boundary").filter(
        _any_contains(names, text)).order_by("name_en")
    authorities = _authorities().filter(_any_contains(("name_en", "name_cy"), text))
    return [
        *(Place(Place.REGION, r.pk, r.name_en, r.name_cy, r.slug, r.health_board_en, r.health_board_cy)
          for r in regions),
        *(Place(Place.AUTHORITY, a.pk, a.name_en, a.name_cy, a.region.slug) for a in authorities),
    ]


def _any_contains(fields: tuple[str, ...], text: str) -> Q:
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__icontains": text})
    return query


def region_list_for_choice() -> QuerySet[Region]:
    """Return the regions, without their boundaries, for a filter."""
    return Region.objects.defer("boundary").order_by("name_en")


def authority_list_for_choice() -> QuerySet[LocalAuthority]:
    """Return the local authorities with their regions, without boundaries, for a filter or a choice."""
    return _authorities()


def intervention_list_for_choice() -> QuerySet[Intervention]:
    """Return the named interventions, for a filter."""
    return Intervention.objects.order_by("name_en")


def universal_route_list(*, pregnant: bool, age_months: int | None) -> list[UniversalRoute]:
    """Return the routes open to every family at this stage and the child's age, in the steward's order."""
    routes = UniversalRoute.objects.prefetch_related("pointers")
    if pregnant:
        return list(routes.filter(from_pregnancy=True))
    routes = routes.filter(after_birth=True)
    if age_months is not None:
        routes = routes.filter(Q(age_end_months__isnull=True) | Q(age_end_months__gt=age_months))
    return list(routes)


def region_status_note(*, region: Region) -> RegionStatusNote | None:
    """Return what the source says of a region's position, if it says anything."""
    return RegionStatusNote.objects.filter(region=region).first()
