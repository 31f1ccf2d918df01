"""A data steward replaces the 22 authority boundaries from a file: applied and reported, or refused whole."""

import json
import zipfile

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from django.contrib.gis.geos import GEOSGeometry, Point
from shapely.geometry import Polygon, box

from regions.models import WGS84, LocalAuthority, Region

from .commands import command_output, command_refused, stored_boundaries

pytestmark = pytest.mark.django_db

# A grid of touching squares over Carmarthenshire, in degrees; rounding keeps shared edges identical.
WEST, SOUTH, STEP, COLUMNS = -4.4, 51.7, 0.1, 6
NEWPORT = "W06000022"
# NP20 4UR on the British National Grid, and the same place in longitude and latitude.
NEWPORT_EAST_NORTH = (330405, 188247)
NEWPORT_LON_LAT = (-3.006, 51.589)


def cell(index: int) -> Polygon:
    column, row = index % COLUMNS, index // COLUMNS
    edges = [round(WEST + STEP * column, 6), round(SOUTH + STEP * row, 6)]
    return box(*edges, round(edges[0] + STEP, 6), round(edges[1] + STEP, 6))


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    """One square per Welsh authority, with ONS-style field names, in longitude and latitude."""
    authorities = LocalAuthority.objects.order_by("code")
    return gpd.GeoDataFrame(
        {"LAD24CD": [la.code for la in authorities], "LAD24NM": [la.name_en for la in authorities]},
        geometry=[cell(i) for i in range(len(authorities))],
        crs="EPSG:4326",
    )


def square_of(frame: gpd.GeoDataFrame, code: str) -> shapely.Geometry:
    return frame.loc[frame["LAD24CD"] == code].geometry.iloc[0]


def with_geometry(frame: gpd.GeoDataFrame, code: str, geometry: shapely.Geometry) -> gpd.GeoDataFrame:
    changed = frame.copy()
    changed.loc[changed["LAD24CD"] == code, "geometry"] = geometry
    return changed


def imported(frame: gpd.GeoDataFrame, path, **options) -> str:
    frame.to_file(path)
    return command_output("import_boundaries", str(path), code_field="LAD24CD", **options)


def file_refused(path, **options) -> str:
    options.setdefault("code_field", "LAD24CD")
    return command_refused("import_boundaries", str(path), snapshot=stored_boundaries, **options)


def refused(frame: gpd.GeoDataFrame, path, **options) -> str:
    frame.to_file(path)
    return file_refused(path, **options)


def as_geos(geometry: shapely.Geometry) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geometry)), srid=WGS84)


@pytest.mark.parametrize("filename", ["squares.gpkg", "squares.geojson", "squares.shp"])
def test_each_format_replaces_every_boundary_and_regions_become_their_union(squares, tmp_path, filename):
    output = imported(squares, tmp_path / filename)
    assert output.splitlines()[0] == "0 were created, 22 were updated, 0 unchanged."
    for la in LocalAuthority.objects.all():
        assert la.boundary.equals(as_geos(square_of(squares, la.code))), la.code
        assert la.boundary_source == filename
    for region in Region.objects.prefetch_related("local_authorities"):
        codes = [la.code for la in region.local_authorities.all()]
        expected = shapely.union_all([square_of(squares, code) for code in codes])
        assert region.boundary.equals(as_geos(expected)), region.slug


def test_importing_the_same_file_again_reports_every_boundary_unchanged(squares, tmp_path):
    imported(squares, tmp_path / "squares.gpkg")
    again = command_output("import_boundaries", str(tmp_path / "squares.gpkg"), code_field="LAD24CD")
    assert again.splitlines()[0] == "0 were created, 0 were updated, 22 unchanged."


def test_a_british_national_grid_file_is_reprojected_to_longitude_and_latitude(squares, tmp_path):
    east, north = NEWPORT_EAST_NORTH
    two_km_square = box(east - 1000, north - 1000, east + 1000, north + 1000)
    grid = with_geometry(squares.to_crs("EPSG:27700"), NEWPORT, two_km_square)
    output = imported(grid, tmp_path / "bng.gpkg")
    assert "  note: Reprojected from EPSG:27700 to EPSG:4326." in output.splitlines()
    newport = LocalAuthority.objects.get(code=NEWPORT).boundary
    assert newport.srid == WGS84
    assert newport.centroid.coords == pytest.approx(NEWPORT_LON_LAT, abs=0.001)
    assert newport.contains(Point(*NEWPORT_LON_LAT, srid=WGS84))


def test_heights_in_the_file_are_dropped_and_the_outlines_kept(squares, tmp_path):
    hills = squares.set_geometry(shapely.force_3d(squares.geometry.array, 120.0))
    output = imported(hills, tmp_path / "3d.geojson")
    assert output.startswith("0 were created, 22 were updated")
    newport = LocalAuthority.objects.get(code=NEWPORT).boundary
    assert not newport.hasz
    assert newport.equals(as_geos(square_of(squares, NEWPORT)))


def test_a_self_intersecting_bow_tie_is_repaired_and_reported(squares, tmp_path):
    west, south, east, north = square_of(squares, NEWPORT).bounds
    bow_tie = Polygon([(west, south), (east, north), (east, south), (west, north)])
    output = imported(with_geometry(squares, NEWPORT, bow_tie), tmp_path / "bow_tie.gpkg")
    assert f"  note: {NEWPORT}: repaired invalid geometry (Self-intersection" in output
    newport = LocalAuthority.objects.get(code=NEWPORT).boundary
    assert newport.valid and newport.num_geom == 2  # the two triangles either side of the crossing
    assert newport.area == pytest.approx(STEP * STEP / 2)


def test_features_outside_wales_are_reported_and_ignored(squares, tmp_path):
    english_and_scottish = gpd.GeoDataFrame(
        {"LAD24CD": ["E06000050", "S12000036"], "LAD24NM": ["Cheshire West and Chester", "Edinburgh"]},
        geometry=[cell(30), cell(31)],
        crs="EPSG:4326",
    )
    output = imported(pd.concat([squares, english_and_scottish]), tmp_path / "great_britain.gpkg")
    assert "  note: Ignored 2 features that are not Welsh local authorities: E06000050, S12000036" in output
    assert LocalAuthority.objects.count() == 22
    assert not LocalAuthority.objects.filter(code__in=["E06000050", "S12000036"]).exists()


def test_a_different_name_in_the_file_is_reported_and_the_portals_name_kept(squares, tmp_path):
    renamed = squares.copy()
    renamed.loc[renamed["LAD24CD"] == NEWPORT, "LAD24NM"] = "Casnewydd"
    output = imported(renamed, tmp_path / "welsh_names.gpkg", name_field="LAD24NM")
    assert f"{NEWPORT} is named 'Casnewydd' in the file and 'Newport' here; the name is kept." in output
    assert LocalAuthority.objects.get(code=NEWPORT).name_en == "Newport"


def test_a_dry_run_reports_what_would_change_and_changes_nothing(squares, tmp_path):
    before = stored_boundaries()
    output = imported(squares, tmp_path / "squares.gpkg", dry_run=True)
    assert output.splitlines()[0] == "0 would be created, 22 would be updated, 0 unchanged."
    assert "  updated: Newport (W06000022)" in output.splitlines()
    assert stored_boundaries() == before


def test_a_file_without_a_coordinate_reference_system_is_refused(squares, tmp_path):
    squares.to_file(tmp_path / "no_crs.shp")
    (tmp_path / "no_crs.prj").unlink()  # a shapefile that lost its .prj on the way
    message = file_refused(tmp_path / "no_crs.shp")
    assert "no_crs.shp does not say which coordinate reference system it uses; add one (.prj)" in message


def test_a_missing_welsh_authority_is_refused_and_named(squares, tmp_path):
    message = refused(squares[squares["LAD24CD"] != NEWPORT], tmp_path / "21.gpkg")
    assert f"Missing 1 of the 22 Welsh local authority codes: {NEWPORT}." in message


def test_a_code_that_appears_twice_is_refused(squares, tmp_path):
    twice = pd.concat([squares, squares[squares["LAD24CD"] == NEWPORT]])
    message = refused(twice, tmp_path / "twice.gpkg")
    assert f"These codes appear more than once: {NEWPORT}." in message


@pytest.mark.parametrize("shape", ["upright", "diagonal"])
def test_a_polygon_collapsed_onto_a_line_is_refused(squares, tmp_path, shape):
    west, south, east, north = square_of(squares, NEWPORT).bounds
    # Upright, the points are exactly in line; diagonal, rounding leaves a sliver of ~1e-16 square degrees.
    end = (west, north) if shape == "upright" else (east, north)
    middle = ((west + end[0]) / 2, (south + north) / 2)
    collapsed = Polygon([(west, south), middle, end, (west, south)])
    message = refused(with_geometry(squares, NEWPORT, collapsed), tmp_path / "collapsed.gpkg")
    assert f"{NEWPORT}: the geometry is not a valid polygon and could not be repaired." in message


def test_a_wrong_code_field_is_refused_with_the_fields_the_file_has(squares, tmp_path):
    message = refused(squares, tmp_path / "squares.gpkg", code_field="LAD23CD")
    assert "There is no field 'LAD23CD' (--code-field). The fields are: LAD24CD, LAD24NM." in message


def test_a_table_without_geometry_is_refused(tmp_path):
    table = tmp_path / "codes.gpkg"
    pyogrio.write_dataframe(pd.DataFrame({"LAD24CD": [NEWPORT], "LAD24NM": ["Newport"]}), table)
    message = file_refused(table)
    assert "codes.gpkg has no geometry" in message


def geojson_with_newport(squares: gpd.GeoDataFrame, path, ring: list) -> str:
    """Write the squares as GeoJSON by hand, Newport's outline replaced by a ring GEOS cannot build."""
    collection = json.loads(squares.to_json())
    for feature in collection["features"]:
        if feature["properties"]["LAD24CD"] == NEWPORT:
            feature["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    path.write_text(json.dumps(collection))  # json writes NaN as NaN, as some tools do
    return file_refused(path)


def test_a_ring_left_open_is_refused_naming_the_feature(squares, tmp_path):
    # Found by review: GEOS refused to build it, and the import crashed with a traceback.
    west, south, east, north = square_of(squares, NEWPORT).bounds
    open_ring = [[west, south], [east, south], [east, north], [west, north]]
    message = geojson_with_newport(squares, tmp_path / "open.geojson", open_ring)
    assert f"{NEWPORT}: the geometry cannot be read: a ring is not closed" in message


@pytest.mark.parametrize("where", ["where-the-ring-closes", "mid-ring"])
def test_a_coordinate_that_is_not_a_number_is_refused_naming_the_feature(squares, tmp_path, where):
    # Found by review: a NaN where the ring closes crashed the import with a traceback.
    west, south, east, north = square_of(squares, NEWPORT).bounds
    nan = float("nan")
    ring = [[nan, south], [east, south], [east, north], [west, north], [nan, south]]
    if where == "mid-ring":
        ring = [[west, south], [east, south], [nan, north], [west, north], [west, south]]
    message = geojson_with_newport(squares, tmp_path / "nan.geojson", ring)
    assert (f"{NEWPORT}: the geometry cannot be read: a ring is not closed" in message
            or f"{NEWPORT}: a coordinate is not a number (NaN or infinite)" in message)
    assert "W06000001" not in message


@pytest.mark.parametrize("filename", ["squares.json", "squares.zip"])
def test_a_json_file_or_a_zipped_shapefile_is_imported_too(squares, tmp_path, filename):
    path = tmp_path / filename
    if filename.endswith(".zip"):
        squares.to_file(tmp_path / "squares.shp")
        with zipfile.ZipFile(path, "w") as archive:
            for part in tmp_path.glob("squares.*"):
                if part != path:
                    archive.write(part, f"LAD24/{part.name}")
    else:
        path.write_text(squares.to_json())
    output = command_output("import_boundaries", str(path), code_field="LAD24CD")
    assert output.startswith("0 were created, 22 were updated")
    assert LocalAuthority.objects.get(code=NEWPORT).boundary.equals(as_geos(square_of(squares, NEWPORT)))


def test_grid_metres_in_a_geojson_that_claims_degrees_are_refused(squares, tmp_path):
    # GeoJSON without a "crs" member is read as longitude/latitude, whatever the numbers are.
    path = tmp_path / "metres.geojson"
    path.write_text(squares.to_crs("EPSG:27700").set_crs(None, allow_override=True).to_json())
    message = file_refused(path)
    assert "its coordinates are not longitude and latitude" in message


def test_an_empty_code_field_option_is_refused_with_the_fields_the_file_has(squares, tmp_path):
    # Found by tests/fuzz: --code-field "" skipped the check and crashed with a KeyError.
    message = refused(squares, tmp_path / "squares.gpkg", code_field="")
    assert "There is no field '' (--code-field). The fields are: LAD24CD, LAD24NM." in message


def test_features_with_no_code_are_left_out_and_counted(squares, tmp_path):
    # Found by tests/fuzz: pandas 3 reads an empty code as NaN, a float, which crashed the report.
    uncoded = gpd.GeoDataFrame({"LAD24CD": [None, None], "LAD24NM": ["Sea", "Sea"]},
                               geometry=[cell(30), cell(31)], crs="EPSG:4326")
    output = imported(pd.concat([squares, uncoded]), tmp_path / "uncoded.geojson")
    assert output.startswith("0 were created, 22 were updated")
    assert "  note: Left out 2 features with no LAD24CD." in output.splitlines()


@pytest.mark.parametrize("source", ["S" * 301, "ONS\x00"], ids=["longer-than-its-column", "with-a-nul"])
def test_a_source_the_database_cannot_hold_is_refused(squares, tmp_path, source):
    # Found by tests/fuzz: SQLite stored it, and PostgreSQL failed mid-import.
    message = refused(squares, tmp_path / "squares.gpkg", source=source)
    assert "is not plain text of at most 300 characters." in message
