"""Read boundary files with geopandas: the formats boundary_files admits, any CRS, repaired or refused."""

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from shapely.errors import GEOSException

from .boundary_files import boundary_file_copy
from .geojson_file import UNREADABLE, geojson_frame
from .geometry import BoundaryRefused, shape_repair
from .importers import ImportRefused

WGS84 = "EPSG:4326"
# GeoJSON is read in Python (geojson_file), never by GDAL, which would run a JSON file that is a GDAL pipeline.
JSON_SUFFIXES = (".geojson", ".json")


def _as_text(column: pd.Series) -> pd.Series:
    """Return a column of any type as stripped text, an empty cell as "".

    astype(str) alone is not enough: pandas 3 keeps a missing value in a text column as NaN, a float.
    """
    return column.astype(object).where(column.notna(), "").map(str).str.strip()


def read_boundaries(
    *, path: Path | str, code_field: str, name_field: str | None = None
) -> tuple[dict, list[str]]:
    """Return {code: {"wkb", "name"}} in EPSG:4326 and notes on what was repaired."""
    name = Path(path).name
    with boundary_file_copy(path) as copy, warnings.catch_warnings():
        # What these warn of is explained per feature below, in words a data steward can act on.
        warnings.filterwarnings("ignore", "Non closed ring detected", RuntimeWarning)
        warnings.filterwarnings("ignore", "invalid value encountered", RuntimeWarning)
        try:
            # A geometry GEOS cannot build (a ring left open, a NaN where it closes) is read as None
            # here, and explained per feature below, rather than failing the whole read.
            if copy.suffix in JSON_SUFFIXES:
                frame, unreadable = geojson_frame(copy, name=name)
            else:
                frame = gpd.read_file(copy, on_invalid="ignore")
                unreadable = None
            if not isinstance(frame, gpd.GeoDataFrame):
                raise ImportRefused([f"{name} has no geometry: it is a table, not a geographic file."])
            _check_fields(frame, name=name, code_field=code_field, name_field=name_field)
            if unreadable is None:
                unreadable = _unreadable_geometries(copy, frame)
        except (DataSourceError, DataLayerError, ValueError, OSError) as exc:
            raise ImportRefused([f"{name} cannot be read as a geographic file: {exc}"]) from exc
    return _boundaries(frame, name=name, code_field=code_field, name_field=name_field, unreadable=unreadable)


def _check_fields(frame: gpd.GeoDataFrame, *, name: str, code_field: str, name_field: str | None) -> None:
    problems = []
    for wanted, option in ((code_field, "--code-field"), (name_field, "--name-field")):
        if wanted is not None and wanted not in frame.columns:
            columns = ", ".join(c for c in frame.columns if c != "geometry")
            problems.append(f"There is no field {wanted!r} ({option}). The fields are: {columns}.")
    if frame.crs is None:
        problems.append(
            f"{name} does not say which coordinate reference system it uses; add one (.prj) and retry."
        )
    if problems:
        raise ImportRefused(problems)


def _unreadable_geometries(copy: Path, frame: gpd.GeoDataFrame) -> dict[int, str]:
    """Say why GEOS could not build each feature's geometry that the file does hold; {position: reason}."""
    missing = np.flatnonzero(frame.geometry.isna().to_numpy())
    if not len(missing):
        return {}
    wkb = pyogrio.raw.read(copy, columns=[])[2]
    reasons = {}
    for position in missing:
        if wkb[position] is None:
            continue  # no geometry at all: said as such later
        try:
            shapely.from_wkb(wkb[position])
        except GEOSException as exc:
            reasons[position] = UNREADABLE.get(str(exc)) or str(exc)[:200]
    return reasons


def _boundaries(frame: gpd.GeoDataFrame, *, name: str, code_field: str, name_field: str | None,
                unreadable: dict[int, str]) -> tuple[dict, list[str]]:
    codes = _as_text(frame[code_field])
    _check_numbers(codes, frame.geometry, unreadable=unreadable)
    frame, notes = _in_longitude_and_latitude(frame, name=name)

    uncoded = codes == ""
    if uncoded.any():
        notes.append(f"Left out {uncoded.sum()} features with no {code_field}.")
        frame, codes = frame[~uncoded], codes[~uncoded]
    duplicated = sorted(set(codes[codes.duplicated()]))
    if duplicated:
        raise ImportRefused([f"These codes appear more than once: {', '.join(duplicated)}."])

    shapes, problems = {}, []
    labels = _as_text(frame[name_field]) if name_field else [""] * len(frame)
    for code, label, geom in zip(codes, labels, frame.geometry):
        try:
            polygon, repair = shape_repair(geom)
        except BoundaryRefused as refused:
            problems.append(f"{code}: {refused}.")
            continue
        if repair:
            notes.append(f"{code}: {repair}.")
        shapes[code] = {"wkb": shapely.to_wkb(polygon), "name": label or None}
    if problems:
        raise ImportRefused(problems)
    return shapes, notes


def _check_numbers(codes: pd.Series, geometries: gpd.GeoSeries, *, unreadable: dict[int, str]) -> None:
    """Refuse coded features whose geometry GEOS could not build, or with a NaN or infinite coordinate."""
    problems = [
        f"{codes.iloc[position]}: the geometry cannot be read: {reason}."
        for position, reason in sorted(unreadable.items())
        if codes.iloc[position]
    ]
    problems += [
        f"{code}: a coordinate is not a number (NaN or infinite); fix the geometry and retry."
        for code, geom in zip(codes, geometries)
        if code and geom is not None and not np.isfinite(shapely.get_coordinates(geom)).all()
    ]
    if problems:
        raise ImportRefused(problems)


def _in_longitude_and_latitude(frame: gpd.GeoDataFrame, *, name: str) -> tuple[gpd.GeoDataFrame, list[str]]:
    notes = []
    if frame.crs.to_epsg() != 4326:
        notes.append(f"Reprojected from {frame.crs.to_string()} to EPSG:4326.")
        frame = frame.to_crs(WGS84)
    # GeoJSON without a "crs" member is read as longitude/latitude whatever its numbers are,
    # so grid metres (e.g. British National Grid) would be stored as nonsense degrees.
    west, south, east, north = frame.total_bounds
    if west < -180 or east > 180 or south < -90 or north > 90:
        raise ImportRefused([
            f"{name} says it is in {frame.crs.to_string()} but its coordinates are not longitude and "
            "latitude; save it with its real coordinate reference system (e.g. EPSG:27700) and retry."
        ])
    return frame, notes
