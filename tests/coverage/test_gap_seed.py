"""The gap of the committed seed: the figures the paper and the births data give, worked out once by hand."""

from decimal import Decimal

import pytest

from coverage.gap import gap_summary
from regions.models import LiveBirths
from services.provision import Level

pytestmark = pytest.mark.django_db


def test_eight_of_the_22_authorities_have_a_specialist_team_with_the_seed():
    gap = gap_summary()
    teams = {a.name_en for a in gap.authorities if a.level == Level.TEAM}
    assert len(gap.authorities) == 22
    assert teams == {"Newport", "Monmouthshire", "Caerphilly", "Blaenau Gwent", "Torfaen",
                     "Cardiff", "Wrexham", "Flintshire"}


@pytest.mark.parametrize("name", ["Vale of Glamorgan", "Gwynedd", "Swansea", "Powys"])
def test_areas_with_no_offer_are_at_none(name):
    gap = gap_summary()
    assert next(a for a in gap.authorities if a.name_en == name).level == Level.NONE


def test_carmarthenshire_is_partial_and_rhondda_cynon_taf_is_developing():
    gap = gap_summary()
    assert gap.authority("W06000010").level == Level.PARTIAL
    assert gap.authority("W06000016").level == Level.DEVELOPING


def test_need_is_births_times_cohort_years_times_prevalence_with_the_region_override():
    gap = gap_summary()
    newport = gap.authority("W06000022")
    assert (newport.births.count, newport.births.year, newport.births.source) == (1901, 2022, "ONS")
    assert newport.need == 570  # 1,901 births in 2022, 2 years, 15%
    # Cwm Taf Morgannwg uses 20%; Bridgend has no births figure, so its need is missing, not zero.
    bridgend = gap.authority("W06000013")
    assert bridgend.parameters.prevalence == Decimal("0.2")
    assert bridgend.births is None and bridgend.need is None and bridgend.unmet is None
    assert "births" in bridgend.missing


def test_unmet_need_is_all_need_where_there_is_no_specialist_team():
    gap = gap_summary()
    powys = gap.authority("W06000023")
    assert powys.unmet == powys.need == 274  # 914 births, 2 years, 15%: no team
    carmarthenshire = gap.authority("W06000010")  # partial is not a specialist team
    assert carmarthenshire.unmet == carmarthenshire.need


def test_unknown_capacity_leaves_unmet_need_unknown_for_a_team_area():
    gap = gap_summary()
    cardiff = gap.authority("W06000015")
    assert cardiff.level == Level.TEAM and cardiff.capacity is None
    assert cardiff.unmet is None and cardiff.capacity_unknown
    assert cardiff.missing == ["capacity"]


def test_a_region_with_an_authority_missing_births_has_unknown_need_and_says_why():
    LiveBirths.objects.create(area_code="W06000013", area_name="Bridgend", year=2024, births=1200, source="Test")
    ctm = gap_summary().region("cwm-taf-morgannwg")
    # Rhondda Cynon Taf and Merthyr Tydfil are still missing.
    assert ctm.need is None and ctm.births is None and ctm.unmet is None
    assert "births" in ctm.missing


def test_a_region_with_all_births_adds_up_its_authorities():
    gwent = gap_summary().region("gwent")
    assert gwent.births.count == 5881 and gwent.births.year == 2022
    assert gwent.need == 1764
    assert gwent.level_counts()[Level.TEAM] == 5


def test_wales_headline_counts_need_where_there_is_no_team_and_names_unknown_areas():
    gap = gap_summary()
    assert gap.need_without_team == 3363  # the eleven authorities without a team that have a births figure
    assert {a.name_en for a in gap.unknown_need_without_team} == {"Bridgend", "Rhondda Cynon Taf", "Merthyr Tydfil"}
    assert gap.wales.need is None  # three authorities have no births figure
