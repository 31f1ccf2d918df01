"""GeoJSON for authorities and regions, with the gap module's figures in the properties."""

import datetime
import json

from django.urls import reverse

from pirs_portal import sources
from pirs_portal.bilingual import is_fallback, pick
from pirs_portal.sources import in_english
from regions.models import LocalAuthority, Region
from services.provision import RANK, level_of

from .columns import _bounds, missing_text
from .gap import AreaGap, GapSummary

ATTRIBUTION = in_english(sources.ATTRIBUTION)
ATTRIBUTION_LINE = "; ".join(ATTRIBUTION)
# An area's feature lists its most significant services, and counts them all: the map's panel
# stays readable and the file stays small however many services a region gains. The directory,
# filtered to the area, lists every one.
SERVICES_LISTED = 5


def _most_significant(services: list, *, listed: int | None) -> list:
    """The services that set an area's level first (a team before a developing offer), then by name."""
    return sorted(services, key=lambda s: (RANK[level_of([s])], s.name_en.casefold()))[:listed]


def area_properties(area: AreaGap, *, region_names: dict[str, tuple[str, str]],
                    services_listed: int | None = SERVICES_LISTED, on: datetime.date | None = None) -> dict:
    """Describe one area's gap as plain JSON values; unknown figures are null."""
    region_en, region_cy = region_names.get(area.region_slug, ("", ""))
    # In the language of the request, as "name" and "missing" are: /cy/ gives Welsh labels and Welsh addresses.
    level_label = str(area.level.label)
    region_url = reverse("coverage:region", args=[area.region_slug]) if area.region_slug else None
    if region_url and on:
        region_url += f"?on={on.isoformat()}"  # the region as it stood on the same day
    return {
        "code": area.code,
        # "name" and "region_name" in the language of the request (pick, as every page does), and both kept.
        "name": pick(area, "name"),
        "name_en": area.name_en,
        "name_cy": area.name_cy,
        "region": area.region_slug,
        "region_name": pick(area, "region_name") if area.region_name_en else "",
        "region_name_en": region_en,
        "region_name_cy": region_cy,
        "region_url": region_url,
        "level": area.level.value,
        "level_label": level_label,
        "births": area.births.count if area.births else None,
        "births_year": area.births.year if area.births else None,
        "births_source": area.births.source if area.births else None,
        "prevalence": float(area.parameters.prevalence) if area.parameters else None,
        "cohort_years": float(area.parameters.cohort_years) if area.parameters else None,
        # Each figure as its bounds, as in the downloads (columns.py): equal when known exactly. No capacity
        # figure at all means no specialist team covers the area: their capacity there is known, none.
        **_bounds(area.need, "need"), **_bounds(area.capacity, "capacity", none_is_zero=True),
        **_bounds(area.unmet, "unmet_need"),
        "missing": missing_text(area.missing),
        "attribution": ATTRIBUTION_LINE,
        "services_count": len(area.services),
        "services": [
            {"slug": s.slug, "name": pick(s, "name"), "name_lang": "en" if is_fallback(s, "name") else None,
             "name_en": s.name_en, "name_cy": s.name_cy or None, "kind": s.kind, "status": s.status}
            for s in _most_significant(area.services, listed=services_listed)
        ],
    }


def _collection(features: list[str], *, on: datetime.date | None) -> str:
    # "recorded_on": the past day the figures are as recorded at the end of; null for today's.
    head = json.dumps({"type": "FeatureCollection", "attribution": ATTRIBUTION,
                       "recorded_on": on.isoformat() if on else None}, ensure_ascii=False)[:-1]
    return head + ', "features": [' + ",".join(features) + "]}"


def _feature(geometry_json: str, properties: dict) -> str:
    return '{"type": "Feature", "geometry": ' + geometry_json + ', "properties": ' + json.dumps(
        properties, ensure_ascii=False
    ) + "}"


def authorities_geojson(*, gap: GapSummary, services_listed: int | None = SERVICES_LISTED) -> str:
    """Return every authority as a GeoJSON feature; geometry comes straight from the database.

    Each feature lists ``services_listed`` services at most (None: all of them).
    """
    names = {r.slug: (r.name_en, r.name_cy) for r in Region.objects.only("slug", "name_en", "name_cy")}
    shapes = dict(LocalAuthority.objects.filter(boundary__isnull=False).values_list("code", "boundary"))
    return _collection([
        _feature(shapes[a.code].json, area_properties(a, region_names=names, services_listed=services_listed,
                                                      on=gap.on))
        for a in gap.authorities if a.code in shapes
    ], on=gap.on)


def regions_geojson(*, gap: GapSummary) -> str:
    """Return every region as a GeoJSON feature, its boundary the union of its authorities.

    A region's provision is the count of its authorities at each level (``authorities_by_level``), never one
    level: North Wales has a team in two of its six authorities, so ``level`` and ``level_label`` are null.
    """
    regions = {r.slug: r for r in Region.objects.filter(boundary__isnull=False)}
    names = {slug: (r.name_en, r.name_cy) for slug, r in regions.items()}
    features = []
    for area in gap.regions:
        region = regions.get(area.region_slug)
        if region is None:
            continue
        properties = area_properties(area, region_names=names, on=gap.on)
        properties |= {"level": None, "level_label": None, "authorities_by_level": area.level_counts()}
        features.append(_feature(region.boundary.json, properties))
    return _collection(features, on=gap.on)
