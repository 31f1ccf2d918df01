"""Read a GeoJSON boundary file in Python, never through GDAL.

GDAL picks a driver by what a file holds, and a JSON file can be a GDAL pipeline
(the GDALG driver) that reads other files or web addresses. So a .geojson or
.json file is parsed here with the json module and shapely, and GDAL never sees it.
"""

import json
import re
from pathlib import Path

import geopandas as gpd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError
from shapely.errors import GEOSException

from .importers import ImportRefused

WGS84 = "EPSG:4326"  # RFC 7946: GeoJSON without a "crs" member is longitude and latitude
POLYGONAL = {"Polygon": 1, "MultiPolygon": 2}  # how deep the rings lie in "coordinates"
# GEOS's words for a geometry it cannot build, in a data steward's.
UNREADABLE = {
    "IllegalArgumentException: Points of LinearRing do not form a closed linestring":
        "a ring is not closed (its last point is not its first, or one of them is not a number)",
    "IllegalArgumentException: Invalid number of points in LinearRing found 3 - must be 0 or >= 4":
        "a ring has fewer than four points",
}
# Only names of registered systems: a PROJ string could name a grid file elsewhere on the server.
CRS_NAME = re.compile(r"^(urn:ogc:def:crs:)?(EPSG:{1,2}[0-9]{4,6}|OGC:(1\.3:)?CRS84)$", re.IGNORECASE)


def geojson_frame(path: Path, *, name: str) -> tuple[gpd.GeoDataFrame, dict[int, str]]:
    """Return the file's features as a frame, and {position: why} for each geometry that cannot be built."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ImportRefused([f"{name} cannot be read as GeoJSON: {str(exc)[:200]}"]) from exc
    kind = data.get("type") if isinstance(data, dict) else None
    if kind == "Feature":
        features = [data]
    elif kind == "FeatureCollection" and isinstance(data.get("features"), list):
        features = data["features"]
    else:
        raise ImportRefused([
            f"{name} is not a GeoJSON FeatureCollection (its type is {str(kind)[:40]!r}). "
            "Save the boundaries as GeoJSON, a GeoPackage or a shapefile."
        ])
    rows, shapes, unreadable = [], [], {}
    for position, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise ImportRefused([f"{name}: item {position + 1} of its features is not a GeoJSON Feature."])
        properties = feature.get("properties")
        rows.append(properties if isinstance(properties, dict) else {})
        try:
            shapes.append(_shape(feature.get("geometry")))
        except _Unreadable as reason:
            unreadable[position] = str(reason)
            shapes.append(None)
    return gpd.GeoDataFrame(rows, geometry=gpd.GeoSeries(shapes), crs=_crs(data, name=name)), unreadable


class _Unreadable(ValueError):
    """A geometry that cannot be built, with the reason in a data steward's words."""


def _shape(geometry) -> shapely.Geometry | None:
    if geometry is None:
        return None
    if not isinstance(geometry, dict):
        raise _Unreadable("the geometry is not a GeoJSON geometry object")
    depth = POLYGONAL.get(geometry.get("type"))
    if depth is not None:
        for ring in _rings(geometry.get("coordinates"), depth):
            if not isinstance(ring, list) or len(ring) < 4:
                raise _Unreadable("a ring has fewer than four points")
            if ring[0] != ring[-1]:
                raise _Unreadable("a ring is not closed (its last point is not its first)")
    try:
        return shapely.geometry.shape(geometry)
    except (GEOSException, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise _Unreadable(UNREADABLE.get(str(exc)) or f"the geometry cannot be built ({str(exc)[:120]})") from exc


def _rings(coordinates, depth: int) -> list:
    """The rings of a Polygon (depth 1) or a MultiPolygon (depth 2)."""
    if not isinstance(coordinates, list):
        raise _Unreadable("the geometry has no list of coordinates")
    if depth == 1:
        return coordinates
    return [ring for polygon in coordinates for ring in (polygon if isinstance(polygon, list) else [None])]


def _crs(data: dict, *, name: str) -> CRS:
    """The coordinate reference system a file names in an old-style "crs" member, else longitude and latitude."""
    member = data.get("crs")
    if member is None:
        return CRS.from_user_input(WGS84)
    properties = member.get("properties") if isinstance(member, dict) else None
    named = properties.get("name") if isinstance(properties, dict) else None
    try:
        if not isinstance(named, str) or not CRS_NAME.match(named):
            raise CRSError("not the name of a registered coordinate reference system")
        return CRS.from_user_input(named)
    except CRSError as exc:
        raise ImportRefused([
            f"{name} names a coordinate reference system that cannot be read ({str(named)[:60]!r}); "
            "name it as EPSG:27700 or the like, or save the file in longitude and latitude."
        ]) from exc
