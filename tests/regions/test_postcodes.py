"""A practitioner's postcode finds its Welsh local authority, or says plainly why it cannot."""

import math

import pandas as pd
import pytest
from django.contrib.gis.geos import Point

from regions.models import WGS84, LocalAuthority, Postcode
from regions.postcode_import import postcodes_import
from regions.postcodes import Outcome, postcode_lookup, postcode_normalise

pytestmark = pytest.mark.django_db

# Where Newport's NP20 4UR sits: OSGB easting/northing and the same place in degrees.
NEWPORT_EAST_NORTH = (330405, 188247)
NEWPORT_LON_LAT = (-3.006, 51.589)
BRISTOL_LON_LAT = (-2.588, 51.454)
BRISTOL_CHANNEL_LON_LAT = (-4.6, 51.3)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("np204ur", "NP20 4UR"),
        ("NP20 4UR", "NP20 4UR"),
        ("  np20   4ur ", "NP20 4UR"),
        ("NP20-4UR", "NP20 4UR"),
        ("np20 our", "NP20 0UR"),  # a letter O typed for the zero in the inward code
        ("cf10 1aa", "CF10 1AA"),
        ("M1 1AE", "M1 1AE"),
        ("SA1 1AA", "SA1 1AA"),
        ("W1A 0AX", "W1A 0AX"),
        ("npt 0jh", "NPT 0JH"),  # Newport's older form, in the ONS directory (found by the API benchmark)
        ("NPX 0JH", None),
        ("NP2", None),
        ("NP20 4URX", None),
        ("NP20 4U", None),
        ("hello world", None),
        ("12345", None),
        ("", None),
        (None, None),
    ],
)
def test_postcodes_are_normalised_the_way_royal_mail_writes_them(typed, expected):
    assert postcode_normalise(typed) == expected


@pytest.fixture
def postcodes():
    Postcode.objects.bulk_create([
        Postcode(postcode="NP20 4UR", area_code="W06000022", point=Point(*NEWPORT_LON_LAT, srid=WGS84)),
        Postcode(postcode="CH1 1AA", area_code="E06000050"),
        Postcode(postcode="EH1 1AA", area_code="S12000036"),
    ])


def test_a_newport_postcode_finds_newport_in_gwent_with_its_point(postcodes):
    result = postcode_lookup(raw="np20 4ur")
    assert result.outcome is Outcome.FOUND
    assert result.postcode == "NP20 4UR"
    assert (result.local_authority.name_en, result.local_authority.region.name_en) == ("Newport", "Gwent")
    assert result.point.coords == pytest.approx(NEWPORT_LON_LAT)


def test_a_malformed_postcode_is_called_malformed_and_echoed_back(postcodes):
    result = postcode_lookup(raw="  not a postcode ")
    assert (result.outcome, result.postcode) == (Outcome.MALFORMED, "not a postcode")
    assert result.local_authority is None


def test_a_well_formed_postcode_that_is_not_in_the_directory_is_unknown(postcodes):
    result = postcode_lookup(raw="NP20 9ZZ")
    assert (result.outcome, result.postcode, result.local_authority) == (Outcome.UNKNOWN, "NP20 9ZZ", None)


@pytest.mark.parametrize(("raw", "country"), [("ch1 1aa", "England"), ("EH1 1AA", "Scotland")])
def test_a_postcode_in_another_country_says_which_country(postcodes, raw, country):
    result = postcode_lookup(raw=raw)
    assert (result.outcome, result.country, result.local_authority) == (Outcome.OUTSIDE_WALES, country, None)


def directory(rows: list[tuple]) -> pd.DataFrame:
    """A small ONS Postcode Directory extract with the columns the import reads."""
    return pd.DataFrame(rows, columns=["pcd_abbr", "oseast1m", "osnrth1m", "laua"])


DIRECTORY = [
    ("NP204UR", *NEWPORT_EAST_NORTH, "W06000022"),
    ("CF10 1AA", 318000, 176000, "W06000015"),
    ("CF99 9ZZ", math.nan, math.nan, "W06000015"),  # no grid reference yet
    ("CH1 1AA", 340500, 366200, "E06000050"),
    ("EH1 1AA", 325800, 673800, "S12000036"),
    ("BT1 1AA", 333800, 374200, "N09000003"),  # Irish Grid, not OSGB
    ("ZZ9 9ZZ", 100000, 100000, ""),  # terminated, no authority
]


def test_the_directory_import_gives_welsh_postcodes_a_point_in_their_authority():
    counts = postcodes_import(frame=directory(DIRECTORY))
    assert counts == {"W": 3, "E": 1, "S": 1, "N": 1}
    newport = Postcode.objects.get(postcode="NP20 4UR")
    assert newport.point.coords == pytest.approx(NEWPORT_LON_LAT, abs=0.001)
    assert LocalAuthority.objects.get(code="W06000022").boundary.contains(newport.point)
    assert postcode_lookup(raw="NP20 4UR").local_authority.code == "W06000022"


def test_the_directory_import_keeps_postcodes_outside_wales_without_a_point():
    postcodes_import(frame=directory(DIRECTORY))
    stored = dict(Postcode.objects.values_list("postcode", "point"))
    without_point = {code for code, point in stored.items() if point is None}
    assert without_point == {"CF99 9ZZ", "CH1 1AA", "EH1 1AA", "BT1 1AA"}
    assert "ZZ9 9ZZ" not in stored
    assert postcode_lookup(raw="BT1 1AA").country == "Northern Ireland"


def test_a_second_directory_import_replaces_the_first():
    postcodes_import(frame=directory(DIRECTORY))
    postcodes_import(frame=directory(DIRECTORY[:2] + [("SA1 1AA", 265000, 193000, "W06000011")]))
    assert sorted(Postcode.objects.values_list("postcode", flat=True)) == ["CF10 1AA", "NP20 4UR", "SA1 1AA"]


def test_a_directory_stitched_from_several_files_imports_every_row_once():
    stitched = pd.concat([directory(DIRECTORY[:3]), directory(DIRECTORY[3:])])  # the index restarts at 0
    counts = postcodes_import(frame=stitched)
    assert sum(counts.values()) == Postcode.objects.count() == 6
    assert Postcode.objects.get(postcode="CH1 1AA").point is None
    assert Postcode.objects.get(postcode="CF10 1AA").point is not None
