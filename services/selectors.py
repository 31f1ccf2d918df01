"""Reads across the directory models."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from regions.models import LocalAuthority, Region

from .models import Service


def _with_facts(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").prefetch_related(
        Prefetch("areas", queryset=LocalAuthority.objects.defer("boundary").select_related("region").order_by("name_en")),
        "interventions",
        "disciplines",
    )


def service_list_for_region(*, region: Region) -> QuerySet[Service]:
    """Return the published services that cover any authority in a region."""
    ids = Service.objects.published().filter(areas__region=region).values("pk")
    return _with_facts(Service.objects.filter(pk__in=ids))


def service_get(*, slug: str) -> Service:
    """Return one published service with every related fact, or raise 404."""
    return get_object_or_404(_with_facts(Service.objects.published()), slug=slug)
