"""Reads across the geography models."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import LiveBirths, LocalAuthority, Region


def region_list() -> QuerySet[Region]:
    """Return the regions with their authorities, in name order."""
    return Region.objects.defer("boundary").prefetch_related(
        Prefetch("local_authorities", queryset=LocalAuthority.objects.defer("boundary").order_by("name_en"))
    )


def region_get(*, slug: str) -> Region:
    """Return one region with its authorities, or raise 404."""
    return get_object_or_404(region_list(), slug=slug)


def births_latest(*, area_codes: list[str] | None = None) -> dict[str, LiveBirths]:
    """Return the latest live births figure per area code."""
    rows = LiveBirths.objects.order_by("area_code", "-year")
    if area_codes is not None:
        rows = rows.filter(area_code__in=area_codes)
    latest: dict[str, LiveBirths] = {}
    for row in rows:
        latest.setdefault(row.area_code, row)
    return latest
