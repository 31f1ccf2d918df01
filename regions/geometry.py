"""Make a boundary fit to store: two-dimensional, valid, polygons only, or refused with the reason.

The importers and the admin's map both go through ``boundary_repair``, so a
boundary drawn by hand meets the same rules as one read from a file.
"""

import math

import shapely
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon

# Parts smaller than this (square degrees, about 8 m² in Wales) are slivers: a polygon whose
# points lie on one line keeps a rounding-error area of ~1e-16 and would pass for a boundary.
SLIVER_AREA = 1e-9


class BoundaryRefused(ValueError):
    """A geometry that no repair can make into a boundary."""


def _polygonal(geom: shapely.Geometry) -> shapely.MultiPolygon | None:
    """Keep the polygon parts of a geometry as one MultiPolygon, or None if there are none."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for part in parts for p in shapely.get_parts(part)]
    polygons = [p for p in polygons if not p.is_empty and p.area > SLIVER_AREA]
    return shapely.MultiPolygon(polygons) if polygons else None


def shape_repair(geom: shapely.Geometry | None) -> tuple[shapely.MultiPolygon, str]:
    """Return a valid 2D MultiPolygon and a note on any repair made; raise BoundaryRefused if none can be."""
    if geom is None or geom.is_empty:
        raise BoundaryRefused("there is no geometry")
    coordinates = shapely.get_coordinates(geom)
    if not all(math.isfinite(value) for value in coordinates.flat):
        raise BoundaryRefused("a coordinate is not a number (NaN or infinite)")
    # The database columns are 2D: a height or measure would be refused there, mid-transaction.
    geom = shapely.force_2d(geom)
    note = ""
    if not geom.is_valid:
        note = f"repaired invalid geometry ({shapely.is_valid_reason(geom)})"
        geom = shapely.make_valid(geom)
    polygon = _polygonal(geom)
    if polygon is None or not polygon.is_valid:
        raise BoundaryRefused("the geometry is not a valid polygon and could not be repaired")
    return polygon, note


def boundary_repair(geometry: GEOSGeometry) -> tuple[MultiPolygon, str]:
    """Repair a database geometry as the importers do; return it in the same SRID with a note."""
    west, south, east, north = geometry.extent
    if geometry.srid == 4326 and (west < -180 or east > 180 or south < -90 or north > 90):
        raise BoundaryRefused("its coordinates are not longitude and latitude (they run past ±180° or ±90°)")
    shape, note = shape_repair(shapely.from_wkb(bytes(geometry.wkb)))
    return GEOSGeometry(memoryview(shapely.to_wkb(shape)), srid=geometry.srid), note
