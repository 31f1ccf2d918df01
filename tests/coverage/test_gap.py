"""The gap module: levels, need, capacity and unmet need, with missing figures kept missing."""

import datetime
from decimal import Decimal

import pytest

from regions.models import LiveBirths, LocalAuthority
from coverage.gap import gap_summary
from services.provision import Level
from services.models import Service
from tests.factories import make_service

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
    assert newport.need == round(1901 * 2 * 0.15)  # 570
    # Cwm Taf Morgannwg uses 20%; Bridgend has no births figure, so its need is missing, not zero.
    bridgend = gap.authority("W06000013")
    assert bridgend.parameters.prevalence == Decimal("0.2")
    assert bridgend.births is None and bridgend.need is None and bridgend.unmet is None
    assert "births" in bridgend.missing


def test_unmet_need_is_all_need_where_there_is_no_specialist_team():
    gap = gap_summary()
    powys = gap.authority("W06000023")
    assert powys.unmet == powys.need == round(914 * 2 * 0.15)
    carmarthenshire = gap.authority("W06000010")  # partial is not a specialist team
    assert carmarthenshire.unmet == carmarthenshire.need


def test_unknown_capacity_leaves_unmet_need_unknown_for_a_team_area():
    gap = gap_summary()
    cardiff = gap.authority("W06000015")
    assert cardiff.level == Level.TEAM and cardiff.capacity is None
    assert cardiff.unmet is None and cardiff.capacity_unknown
    assert cardiff.missing == ["capacity"]


def test_known_capacity_is_subtracted_from_need():
    Service.objects.filter(slug="cardiff-parents-plus").update(capacity_families_per_year=100)
    cardiff = gap_summary().authority("W06000015")
    assert cardiff.capacity == 100
    assert cardiff.unmet == cardiff.need - 100
    assert cardiff.missing == []


def test_a_service_covering_two_regions_shares_its_capacity_by_need():
    Service.objects.filter(slug="wrexham-flintshire-early-years-camhs").update(is_published=False)
    make_service("cross-border", areas=["W06000006", "W06000023"], capacity=300)  # Wrexham (North Wales), Powys
    gap = gap_summary()
    wrexham, powys = gap.authority("W06000006"), gap.authority("W06000023")
    assert wrexham.level == powys.level == Level.TEAM
    # Shares follow need: 1218 and 914 births.
    assert wrexham.capacity == round(300 * 1218 / (1218 + 914))
    assert powys.capacity == round(300 * 914 / (1218 + 914))
    assert gap.region("powys").capacity == powys.capacity
    assert any(s.slug == "cross-border" for s in gap.region("north-wales").services)
    assert any(s.slug == "cross-border" for s in gap.region("powys").services)


def test_a_team_covering_an_area_with_no_births_figure_gives_no_capacity_share_anywhere():
    make_service("swansea-bridgend", areas=["W06000011", "W06000013"], capacity=300)  # Bridgend has no births
    gap = gap_summary()
    swansea, bridgend = gap.authority("W06000011"), gap.authority("W06000013")
    assert swansea.capacity is None and swansea.unmet is None and swansea.unmet_unknown_reason == "capacity"
    assert bridgend.unmet is None and bridgend.unmet_unknown_reason == "births"


def test_unpublished_and_planned_services_do_not_count():
    make_service("hidden", areas=["W06000023"], published=False)
    make_service("planned", areas=["W06000002"], status=Service.Status.PLANNED)
    gap = gap_summary()
    assert gap.authority("W06000023").level == Level.NONE
    assert gap.authority("W06000002").level == Level.NONE


def test_an_area_with_two_services_of_different_kinds_takes_the_best_level():
    make_service("workforce", areas=["W06000011"], kind=Service.Kind.WORKFORCE, status=Service.Status.DEVELOPING)
    make_service("embedded", areas=["W06000011"], kind=Service.Kind.EMBEDDED)
    swansea = gap_summary().authority("W06000011")
    assert swansea.level == Level.PARTIAL
    assert {s.slug for s in swansea.services} == {"workforce", "embedded"}


def test_a_developing_specialist_team_is_developing_not_a_team():
    make_service("new-team", areas=["W06000002"], status=Service.Status.DEVELOPING)
    assert gap_summary().authority("W06000002").level == Level.DEVELOPING


def test_a_region_with_an_authority_missing_births_has_unknown_need_and_says_why():
    LiveBirths.objects.create(area_code="W06000013", area_name="Bridgend", year=2024, births=1200, source="Test")
    ctm = gap_summary().region("cwm-taf-morgannwg")
    # Rhondda Cynon Taf and Merthyr Tydfil are still missing.
    assert ctm.need is None and ctm.births is None and ctm.unmet is None
    assert "births" in ctm.missing


def test_a_region_with_all_births_adds_up_its_authorities():
    gwent = gap_summary().region("gwent")
    assert gwent.births.count == 1901 + 742 + 948 + 1620 + 670
    assert gwent.births.year == 2022
    assert gwent.need == sum(a.need for a in gwent.authorities)
    assert gwent.level_counts()[Level.TEAM] == 5


def test_wales_headline_counts_need_where_there_is_no_team_and_names_unknown_areas():
    gap = gap_summary()
    no_team = [a for a in gap.authorities if a.level != Level.TEAM]
    assert gap.need_without_team == sum(a.need for a in no_team if a.need is not None)
    assert {a.name_en for a in gap.unknown_need_without_team} == {"Bridgend", "Rhondda Cynon Taf", "Merthyr Tydfil"}
    assert gap.wales.need is None  # three authorities have no births figure
