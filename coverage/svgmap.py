"""A static SVG map of the authorities: for print, and for readers without JavaScript."""

import math
from dataclasses import dataclass

from regions.models import LocalAuthority

from .gap import AreaGap, GapSummary

WIDTH = 500
SIMPLIFY_DEGREES = 0.003  # about 200 m: invisible at print size, and a tenth of the path length


@dataclass(frozen=True)
class MapShape:
    area: AreaGap
    path: str


def svg_map(*, gap: GapSummary) -> tuple[list[MapShape], str]:
    """Project every authority onto a flat plane (equirectangular at Welsh latitudes) as SVG paths."""
    shapes = dict(LocalAuthority.objects.filter(boundary__isnull=False).values_list("code", "boundary"))
    if not shapes:
        return [], "0 0 1 1"
    xmin, ymin, xmax, ymax = _extent(shapes.values())
    squash = math.cos(math.radians((ymin + ymax) / 2))
    scale = WIDTH / ((xmax - xmin) * squash)
    height = (ymax - ymin) * scale

    def point(x: float, y: float) -> str:
        return f"{(x - xmin) * squash * scale:.1f},{(ymax - y) * scale:.1f}"

    result = []
    for area in gap.authorities:
        geom = shapes.get(area.code)
        if geom is None:
            continue
        rings = []
        simple = geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        polygons = [simple] if simple.geom_type == "Polygon" else list(simple)
        for polygon in polygons:
            for ring in polygon:
                rings.append("M" + "L".join(point(x, y) for x, y in ring.coords) + "Z")
        result.append(MapShape(area, "".join(rings)))
    return result, f"0 0 {WIDTH} {height:.0f}"


def _extent(geoms) -> tuple[float, float, float, float]:
    boxes = [g.extent for g in geoms]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
