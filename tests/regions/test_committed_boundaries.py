"""The committed boundary fixture is fit for the map: right areas, no overlaps or holes, small to serve."""

from itertools import combinations
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from django.conf import settings

FIXTURE = settings.BASE_DIR / "fixtures" / "local_authorities.geojson"
# Approximate land areas from the project's shared data, for sanity checks only.
REFERENCE = Path(__file__).with_name("reference_land_areas.csv")
BRITISH_NATIONAL_GRID = "EPSG:27700"  # metres, so areas come out in square metres


@pytest.fixture(scope="module")
def boundaries() -> gpd.GeoDataFrame:
    return gpd.read_file(FIXTURE)


@pytest.fixture(scope="module")
def reference_km2() -> pd.Series:
    return pd.read_csv(REFERENCE, dtype={"code": str}).set_index("code")["approx_land_area_km2"]


def test_the_fixture_holds_exactly_the_22_welsh_authority_codes(boundaries, reference_km2):
    assert len(boundaries) == 22
    assert sorted(boundaries["code"]) == sorted(reference_km2.index)


def test_every_boundary_is_a_valid_polygon(boundaries):
    invalid = {
        code: shapely.is_valid_reason(geom)
        for code, geom in zip(boundaries["code"], boundaries.geometry)
        if not geom.is_valid
    }
    assert invalid == {}
    assert set(boundaries.geom_type) <= {"Polygon", "MultiPolygon"}


def test_areas_match_the_reference_land_areas_within_ten_percent_with_one_exception_within_25(
    boundaries, reference_km2
):
    km2 = boundaries.to_crs(BRITISH_NATIONAL_GRID).set_index("code").area / 1e6
    error = (km2 / reference_km2 - 1).abs()
    outside_ten = error[error > 0.10]
    assert len(outside_ten) <= 1, outside_ten.round(3).to_dict()
    assert (outside_ten <= 0.25).all(), outside_ten.round(3).to_dict()


def test_no_two_authorities_overlap_by_more_than_a_tenth_of_a_square_kilometre(boundaries):
    metric = boundaries.to_crs(BRITISH_NATIONAL_GRID)
    overlaps = {
        (a, b): round(ga.intersection(gb).area / 1e6, 3)
        for (a, ga), (b, gb) in combinations(zip(metric["code"], metric.geometry), 2)
        if ga.intersects(gb)
    }
    assert {pair: km2 for pair, km2 in overlaps.items() if km2 > 0.1} == {}


def test_wales_as_a_whole_has_no_holes(boundaries):
    wales = shapely.union_all(boundaries.geometry.to_numpy())
    holes = [list(ring.coords)[0] for part in shapely.get_parts(wales) for ring in part.interiors]
    assert holes == []


def test_the_file_is_small_enough_to_send_to_every_visitor():
    assert FIXTURE.stat().st_size < 150 * 1024
