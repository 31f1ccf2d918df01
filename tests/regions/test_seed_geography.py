"""The committed seed gives every region and authority with its codes and Welsh names."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.gis.db.models import Union

from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region
from regions.selectors import births_latest

pytestmark = pytest.mark.django_db

# The seed's regions (Welsh name, health board code) and authorities (names, region), as they must be.
EXPECTED = json.loads((Path(__file__).parent / "seed_geography.json").read_text(encoding="utf-8"))
EXPECTED_REGIONS = {slug: tuple(row) for slug, row in EXPECTED["regions"].items()}
EXPECTED_AUTHORITIES = {code: tuple(row) for code, row in EXPECTED["authorities"].items()}


def test_wales_has_seven_regions_with_welsh_names_and_health_board_codes():
    regions = {r.slug: (r.name_cy, r.health_board_code) for r in Region.objects.all()}
    assert regions == EXPECTED_REGIONS


def test_wales_has_22_local_authorities_with_codes_welsh_names_and_regions():
    authorities = {
        la.code: (la.name_en, la.name_cy, la.region.slug) for la in LocalAuthority.objects.select_related("region")
    }
    assert authorities == EXPECTED_AUTHORITIES


def test_every_authority_has_a_valid_boundary_in_wgs84():
    for la in LocalAuthority.objects.all():
        assert la.boundary is not None, la.code
        assert la.boundary.srid == 4326
        assert la.boundary.valid, la.code


def test_region_boundary_is_the_database_union_of_its_authorities():
    gwent = Region.objects.get(slug="gwent")
    union = gwent.local_authorities.aggregate(shape=Union("boundary"))["shape"]
    parts = sum(la.boundary.area for la in gwent.local_authorities.all())
    assert union.area == pytest.approx(parts, rel=1e-3)
    assert gwent.boundary.area == pytest.approx(union.area, rel=1e-6)
    # Neighbouring authorities merge: the union has fewer outlines than its parts.
    assert union.num_geom < sum(la.boundary.num_geom for la in gwent.local_authorities.all())


def test_births_keep_their_year_and_source_and_missing_areas_stay_missing():
    latest = births_latest()
    assert latest["W06000022"].year == 2022 and latest["W06000022"].source == "ONS"
    assert latest["W06000015"].births == 3674 and latest["W06000015"].year == 2024
    for missing in ("W06000013", "W06000016", "W06000024"):  # Bridgend, Rhondda Cynon Taf, Merthyr Tydfil
        assert missing not in latest
    assert not LiveBirths.objects.filter(births=0).exists()


def test_need_parameters_have_a_default_and_a_cwm_taf_morgannwg_override_with_citations():
    default = NeedParameters.objects.get(region__isnull=True)
    override = NeedParameters.objects.get(region__slug="cwm-taf-morgannwg")
    assert (default.prevalence, default.cohort_years) == (Decimal("0.15"), Decimal("2"))
    assert override.prevalence == Decimal("0.20")
    assert "1999" in default.prevalence_citation and "Securing Healthy Lives" in override.prevalence_citation
