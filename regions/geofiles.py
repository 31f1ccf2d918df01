"""Read boundary files with geopandas: any format GDAL reads, any CRS, repaired or refused."""

from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyogrio.errors import DataSourceError

from .importers import ImportRefused

WGS84 = "EPSG:4326"
# Parts smaller than this (square degrees, about 8 m² in Wales) are slivers: a polygon whose
# points lie on one line keeps a rounding-error area of ~1e-16 and would pass for a boundary.
SLIVER_AREA = 1e-9


def _polygonal(geom: shapely.Geometry) -> shapely.MultiPolygon | None:
    """Keep the polygon parts of a geometry as one MultiPolygon, or None if there are none."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    polygons = [p for part in parts for p in shapely.get_parts(part)]
    polygons = [p for p in polygons if not p.is_empty and p.area > SLIVER_AREA]
    return shapely.MultiPolygon(polygons) if polygons else None


def _as_text(column: pd.Series) -> pd.Series:
    """Return a column of any type as stripped text, an empty cell as "".

    astype(str) alone is not enough: pandas 3 keeps a missing value in a text column as NaN, a float.
    """
    return column.astype(object).where(column.notna(), "").map(str).str.strip()


def read_boundaries(*, path: Path, code_field: str, name_field: str | None = None) -> tuple[dict, list[str]]:
    """Return {code: {"wkb", "name"}} in EPSG:4326 and notes on what was repaired."""
    path = Path(path)
    if not path.exists():
        raise ImportRefused([f"{path} does not exist."])
    try:
        frame = gpd.read_file(path)
    except (DataSourceError, ValueError, OSError) as exc:
        raise ImportRefused([f"{path.name} cannot be read as a geographic file: {exc}"]) from exc
    if not isinstance(frame, gpd.GeoDataFrame):
        raise ImportRefused([f"{path.name} has no geometry: it is a table, not a geographic file."])

    problems, notes = [], []
    for wanted, option in ((code_field, "--code-field"), (name_field, "--name-field")):
        if wanted is not None and wanted not in frame.columns:
            columns = ", ".join(c for c in frame.columns if c != "geometry")
            problems.append(f"There is no field {wanted!r} ({option}). The fields are: {columns}.")
    if frame.crs is None:
        problems.append(f"{path.name} does not say which coordinate reference system it uses; add one (.prj) and retry.")
    if problems:
        raise ImportRefused(problems)

    if frame.crs.to_epsg() != 4326:
        notes.append(f"Reprojected from {frame.crs.to_string()} to EPSG:4326.")
        frame = frame.to_crs(WGS84)
    # GeoJSON without a "crs" member is read as longitude/latitude whatever its numbers are,
    # so grid metres (e.g. British National Grid) would be stored as nonsense degrees.
    west, south, east, north = frame.total_bounds
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise ImportRefused([
            f"{path.name} says it is in {frame.crs.to_string()} but its coordinates are not longitude and "
            "latitude; save it with its real coordinate reference system (e.g. EPSG:27700) and retry."
        ])

    codes = _as_text(frame[code_field])
    uncoded = codes == ""
    if uncoded.any():
        notes.append(f"Left out {uncoded.sum()} features with no {code_field}.")
        frame, codes = frame[~uncoded], codes[~uncoded]
    duplicated = sorted(set(codes[codes.duplicated()]))
    if duplicated:
        raise ImportRefused([f"These codes appear more than once: {', '.join(duplicated)}."])

    shapes = {}
    names = _as_text(frame[name_field]) if name_field else [""] * len(frame)
    for code, name, geom in zip(codes, names, frame.geometry):
        if geom is None or geom.is_empty:
            problems.append(f"{code} has no geometry.")
            continue
        # The database columns are 2D: a height or measure would be refused there, mid-transaction.
        geom = shapely.force_2d(geom)
        if not geom.is_valid:
            reason = shapely.is_valid_reason(geom)
            geom = shapely.make_valid(geom)
            notes.append(f"{code}: repaired invalid geometry ({reason}).")
        polygon = _polygonal(geom)
        if polygon is None or not polygon.is_valid:
            problems.append(f"{code}: the geometry is not a valid polygon and could not be repaired.")
            continue
        shapes[code] = {"wkb": shapely.to_wkb(polygon), "name": name or None}
    if problems:
        raise ImportRefused(problems)
    return shapes, notes
