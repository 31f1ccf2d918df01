"""A static SVG map of the authorities: for print, and for readers without JavaScript."""

import math
from dataclasses import dataclass

from pirs_portal.datacache import cached
from regions.models import LocalAuthority

from .gap import AreaGap, GapSummary

WIDTH = 500
SIMPLIFY_DEGREES = 0.003  # about 200 m: invisible at print size, and a tenth of the path length


@dataclass(frozen=True)
class MapShape:
    area: AreaGap
    path: str


def svg_map(*, gap: GapSummary) -> tuple[list[MapShape], str]:
    """Each authority of the gap as an SVG path, and the map's viewBox."""
    paths, view_box = cached("svg-map-paths", _paths)
    return [MapShape(area, paths[area.code]) for area in gap.authorities if area.code in paths], view_box


def _paths() -> tuple[dict[str, str], str]:
    """Project every boundary onto a flat plane (equirectangular at Welsh latitudes): paths by area code."""
    shapes = LocalAuthority.objects.filter(boundary__isnull=False).values_list("code", "boundary")
    rings = {code: _rings(geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)) for code, geom in shapes}
    points = [point for each in rings.values() for ring in each for point in ring]
    if not points:
        return {}, "0 0 1 1"
    # The extent of the simplified rings: the map fits what it draws.
    xmin, xmax = min(x for x, _ in points), max(x for x, _ in points)
    ymin, ymax = min(y for _, y in points), max(y for _, y in points)
    squash = math.cos(math.radians((ymin + ymax) / 2))
    scale = WIDTH / ((xmax - xmin) * squash)
    height = (ymax - ymin) * scale

    def path(ring: tuple) -> str:
        return "M" + "L".join(f"{(x - xmin) * squash * scale:.1f},{(ymax - y) * scale:.1f}" for x, y in ring) + "Z"

    return {code: "".join(path(ring) for ring in each) for code, each in rings.items()}, f"0 0 {WIDTH} {height:.0f}"


def _rings(geom) -> list[tuple]:
    """The coordinates of every ring of a polygon or multipolygon."""
    polygons = [geom] if geom.geom_type == "Polygon" else list(geom)
    return [ring.coords for polygon in polygons for ring in polygon]
