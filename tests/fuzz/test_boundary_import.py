"""Whatever geographic file a steward gives import_boundaries, it is imported or refused whole: no crash."""

import json
import os
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from shapely import affinity
from shapely.errors import GEOSException
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon, mapping

from regions.models import LocalAuthority
from tests.regions.test_boundary_files import listener, vrt_naming  # noqa: F401 (listener is a fixture)
from tests.regions.test_boundary_import import cell

from .imports import import_outcome
from .strategies import noise
from .tally import FUZZ, examples, tallied

pytestmark = [
    pytest.mark.django_db,
    # Writing odd tables makes pyogrio warn (long field values cut short, no CRS); that is the point here.
    pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning"),
]

FORMATS = ("geojson", "gpkg", "shp")
WGS84 = "EPSG:4326"
ALWAYS_REFUSED = ("vrt", "vrt named as another format", "address", "content not its name's", "not a file")
UNSAFE = (*ALWAYS_REFUSED, "zip", "unclosed ring", "not a number")
ADDRESSES = (
    "/vsicurl/http://127.0.0.1:{port}/x", "http://127.0.0.1:{port}/x.geojson", "http://127.0.0.1:9/x",
    "/vsizip//vsicurl/http://127.0.0.1:{port}/a.zip/a.shp", "/vsistdin/", "/vsimem/boundaries.geojson",
    "zip+https://127.0.0.1:{port}/a.zip",
)
ODD = object()  # stands for any text at all
# Longitude and latitude, British and Web grids, France's grid, a geocentric (3D) one and a world projection.
CRSES = (None, "EPSG:4326", "EPSG:27700", "EPSG:3857", "EPSG:2154", "EPSG:4978", "ESRI:54009")
DAMAGE = (
    "bow-tie", "spike", "collinear", "sliver", "empty", "missing", "point", "line", "collection",
    "overlapping parts", "hole outside", "3d", "huge", "random",
)


def damaged(square: Polygon, damage: str, points: list[tuple[float, float]]) -> shapely.Geometry | None:
    """The square of one authority, spoiled in one of the ways real files are."""
    west, south, east, north = square.bounds
    middle = (west + east) / 2
    shapes = {
        "bow-tie": lambda: Polygon([(west, south), (east, north), (east, south), (west, north)]),
        "spike": lambda: Polygon([(west, south), (east, south), (east, north), (middle, north),
                                  (middle, north + 1), (middle, north), (west, north)]),
        "collinear": lambda: Polygon([(west, south), (middle, (south + north) / 2), (east, north)]),
        "sliver": lambda: Polygon([(west, south), (west + 1e-6, south), (west, south + 1e-6)]),
        "empty": Polygon,
        "missing": lambda: None,
        "point": lambda: Point(west, south),
        "line": lambda: LineString([(west, south), (east, north)]),
        "collection": lambda: GeometryCollection([Point(west, south), square]),
        "overlapping parts": lambda: MultiPolygon([square, affinity.translate(square, (east - west) / 2)]),
        "hole outside": lambda: Polygon(square.exterior.coords, [cell(40).exterior.coords]),
        "3d": lambda: shapely.force_3d(square, 50.0),
        "huge": lambda: affinity.scale(square, 1e6, 1e6),
        "random": lambda: _polygon_or_empty(points),
    }
    return shapes[damage]()


def _polygon_or_empty(points: list[tuple[float, float]]) -> Polygon:
    try:
        return Polygon(points)
    except (ValueError, GEOSException):  # too few points, or NaNs that never close the ring
        return Polygon()


coordinates = st.tuples(
    st.floats(-8, 2, allow_nan=False), st.floats(50, 54, allow_nan=False)
) | st.tuples(st.floats(), st.floats())
columns_of_a_type = st.sampled_from([
    st.integers(-(2**31), 2**31 - 1), st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12), st.booleans(),
])


@st.composite
def features(draw, *, codes: list[str]) -> dict:
    """A table of features: mostly the 22 authorities, with codes dropped, repeated, foreign or odd,
    damaged geometries and extra columns."""
    missing = draw(st.sampled_from([0] * 8 + [1, 3, 22]))
    chosen = draw(st.permutations(codes))[missing:]
    extra = st.one_of(st.sampled_from(codes), st.from_regex(r"[ES][0-9]{8}", fullmatch=True), noise())
    chosen += [draw(extra) for _ in range(draw(st.sampled_from([0, 0, 0, 1, 3])))]
    if chosen and draw(st.integers(0, 9)) == 0:
        chosen[0] = f" {chosen[0]} "
    geometries = [cell(index % 36) for index in range(len(chosen))]
    damaged_count = min(len(chosen), draw(st.sampled_from([0] * 6 + [1, 1, 3])))
    for index in draw(st.permutations(range(len(chosen))))[:damaged_count]:
        damage = draw(st.sampled_from(DAMAGE))
        points = draw(st.lists(coordinates, max_size=8)) if damage == "random" else []
        geometries[index] = damaged(geometries[index], damage, points)
    table = {"code": chosen, "name": [draw(st.one_of(st.none(), noise())) for _ in chosen]}
    names = st.lists(st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True), max_size=3, unique=True)
    for name in draw(names):
        if name not in table:
            table[name] = draw(st.lists(draw(columns_of_a_type), min_size=len(chosen), max_size=len(chosen)))
    return {"table": table, "geometry": geometries}


def geojson_text(data: dict, *, crs_member: str | None) -> str:
    """A GeoJSON FeatureCollection written by hand, with an old-style "crs" member if asked."""
    table, geometries = data["table"], data["geometry"]
    rows = [dict(zip(table, values)) for values in zip(*table.values())]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": row,
             "geometry": None if geometry is None else mapping(geometry)}
            for row, geometry in zip(rows, geometries)
        ],
    }
    if crs_member is not None:
        collection["crs"] = {"type": "name", "properties": {"name": crs_member}}
    return json.dumps(collection)


@st.composite
def boundary_files(draw, *, codes: list[str], folder: Path) -> Path:
    """A boundary file in one of three formats and some CRS, honest about it or not; or a broken file."""
    fmt = draw(st.sampled_from(FORMATS))
    path = folder / f"boundaries.{fmt}"
    broken = draw(st.sampled_from([None] * 12 + ["bytes", "truncated", "no .dbf", "no .shx", "bad .prj"]))
    if broken == "bytes":
        path.write_bytes(draw(st.binary(max_size=200)))
        return path
    data = draw(features(codes=codes))
    crs = draw(st.sampled_from(CRSES))
    honest = draw(st.booleans())
    if fmt == "geojson" and draw(st.booleans()):
        member = draw(st.one_of(
            st.sampled_from(["urn:ogc:def:crs:EPSG::27700", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:999999"]),
            noise(),
        ))
        path.write_text(geojson_text(data, crs_member=member))
        return path
    frame = gpd.GeoDataFrame(data["table"], geometry=data["geometry"], crs="EPSG:4326")
    if crs is None:
        frame = frame.set_crs(None, allow_override=True)
    elif honest:
        frame = frame.to_crs(crs)
    else:
        frame = frame.set_crs(crs, allow_override=True)
    try:
        frame.to_file(path)
    except Exception:  # a table this format cannot hold (e.g. points and polygons in one shapefile)
        reject()
    if broken == "truncated":
        content = path.read_bytes()
        path.write_bytes(content[: draw(st.integers(0, len(content)))])
    elif fmt == "shp" and broken in ("no .dbf", "no .shx"):
        path.with_suffix(broken[3:]).unlink(missing_ok=True)
    elif fmt == "shp" and broken == "bad .prj":
        path.with_suffix(".prj").write_text(draw(noise()), errors="replace")
    return path


def _spoiled_ring(collection: dict, draw, how: str) -> None:
    """Leave one feature's first ring open, or put a NaN or an infinity in it where it closes or mid-way."""
    geometries = [feature["geometry"] or {} for feature in collection["features"]]
    polygons = [geometry for geometry in geometries if geometry.get("type") == "Polygon"]
    rings = [polygon["coordinates"][0] for polygon in polygons if polygon["coordinates"]]
    rings = [ring for ring in rings if len(ring) >= 4]
    if not rings:
        return
    ring = draw(st.sampled_from(rings))
    if how == "unclosed ring":
        ring.pop()
        return
    value = draw(st.sampled_from([float("nan"), float("inf"), -float("inf")]))
    spots = [0, len(ring) - 1] if draw(st.booleans()) else [draw(st.integers(1, len(ring) - 2))]
    axis = draw(st.integers(0, 1))
    for spot in spots:
        ring[spot] = list(ring[spot])
        ring[spot][axis] = value


@st.composite
def unsafe_files(draw, *, codes: list[str], folder: Path, port: int) -> tuple[Path | str, bool]:
    """What must never be read: a VRT, an address, a file whose content is not its name's, a pipe, NaNs;
    and whether it must be refused whatever else the file holds."""
    kind = draw(st.sampled_from(UNSAFE))
    return _unsafe_file(draw, kind, codes=codes, folder=folder, port=port), kind in ALWAYS_REFUSED


def _unsafe_file(draw, kind: str, *, codes: list[str], folder: Path, port: int) -> Path | str:
    squares = gpd.GeoDataFrame({"code": codes}, geometry=[cell(i) for i in range(len(codes))], crs=WGS84)
    if kind == "address":
        return draw(st.sampled_from(ADDRESSES)).format(port=port)
    if kind in ("vrt", "vrt named as another format"):
        squares.to_file(folder / "elsewhere.gpkg")  # a good file, which the VRT must not lead to
        source = draw(st.sampled_from([*ADDRESSES[:2], str(folder / "elsewhere.gpkg"), "/etc/hostname"]))
        named_as = st.sampled_from(["b.geojson", "b.json", "b.gpkg", "b.shp"])
        name = "boundaries.vrt" if kind == "vrt" else draw(named_as)
        (folder / name).write_text(vrt_naming(source.format(port=port)))
        return folder / name
    if kind == "content not its name's":
        written_as, named_as = draw(st.permutations(["geojson", "gpkg", "shp"]))[:2]
        squares.to_file(folder / f"made.{written_as}")
        (folder / f"made.{written_as}").rename(folder / f"boundaries.{named_as}")
        return folder / f"boundaries.{named_as}"
    if kind == "not a file":
        path = folder / draw(st.sampled_from(["boundaries.geojson", "boundaries.shp", "boundaries.zip"]))
        path.mkdir() if draw(st.booleans()) else os.mkfifo(path)  # a pipe would be read for ever
        return path
    if kind == "zip":
        squares.to_file(folder / "squares.shp")
        # With anything more than the one shapefile, it must be refused; kind "zip" is then not always so.
        extras = draw(st.lists(st.sampled_from(["boundaries.vrt", "second.shp", "README.txt", "squares.SHP"]),
                               max_size=2, unique=True))
        with zipfile.ZipFile(folder / "boundaries.zip", "w") as archive:
            for part in folder.glob("squares.*"):
                archive.write(part, part.name)
            for extra in extras:
                archive.writestr(extra, vrt_naming(ADDRESSES[0].format(port=port)))
        return folder / "boundaries.zip"
    collection = json.loads(geojson_text(draw(features(codes=codes)), crs_member=None))
    _spoiled_ring(collection, draw, kind)
    path = folder / "boundaries.geojson"
    path.write_text(json.dumps(collection))  # json writes NaN and Infinity as some tools do
    return path


def test_any_boundary_file_is_imported_or_refused_whole(tmp_path, listener):
    codes = sorted(LocalAuthority.objects.values_list("code", flat=True))
    port, connections = listener
    with tallied("import_boundaries") as tally:

        @settings(max_examples=examples(250), **FUZZ)
        @given(
            data=st.data(),
            # Mostly the right fields, so that the file itself is what is tried.
            code_field=st.sampled_from(["code"] * 12 + ["name", "geometry", "CODE", "", ODD]),
            name_field=st.sampled_from([None] * 3 + ["name"] * 3 + ["missing"]),
            source=st.sampled_from([""] * 4 + ["ONS 2024", "ONS " * 80]) | noise(),
            dry_run=st.booleans(),
        )
        def imported_or_refused(data, code_field, name_field, source, dry_run):
            folder = Path(tempfile.mkdtemp(dir=tmp_path))
            must_refuse = False
            if data.draw(st.integers(0, 3)) == 0:
                path, must_refuse = data.draw(unsafe_files(codes=codes, folder=folder, port=port))
            else:
                path = data.draw(boundary_files(codes=codes, folder=folder))
            if code_field is ODD:
                code_field = data.draw(noise())
            outcome = import_outcome(
                "import_boundaries", path, tally=tally, dry_run=dry_run,
                code_field=code_field, name_field=name_field, source=source,
            )
            assert connections == [], "a boundary file made the server open a network connection"
            assert outcome == "refused" or not must_refuse, f"{path} was read"

        imported_or_refused()
