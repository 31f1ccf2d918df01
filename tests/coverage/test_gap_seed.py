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
    assert newport.need.exact == 570  # 1,901 births in 2022, 2 years, 15%
    # Cwm Taf Morgannwg uses 20%; Bridgend has no births figure, so its need is missing, not zero.
    bridgend = gap.authority("W06000013")
    assert bridgend.parameters.prevalence == Decimal("0.2")
    assert bridgend.births is None and bridgend.need.kind == bridgend.unmet.kind == "unknown"
    assert [m.kind for m in bridgend.missing] == ["births"]


def test_unmet_need_is_all_need_where_there_is_no_specialist_team():
    gap = gap_summary()
    powys = gap.authority("W06000023")
    assert powys.unmet.exact == powys.need.exact == 274  # 914 births, 2 years, 15%: no team
    carmarthenshire = gap.authority("W06000010")  # partial is not a specialist team
    assert carmarthenshire.unmet == carmarthenshire.need


def test_cardiffs_team_has_no_published_capacity_so_its_unmet_need_is_between_none_and_all():
    cardiff = gap_summary().authority("W06000015")
    assert cardiff.level == Level.TEAM and cardiff.capacity.kind == "unknown"
    assert (cardiff.unmet.low, cardiff.unmet.high) == (0, 1102)
    assert [(m.kind, m.name_en) for m in cardiff.missing] == [
        ("capacity", "Cardiff Parents Plus Psychology-Led Service (0-5)")]


def test_north_wales_unmet_need_is_a_range_from_the_need_of_its_four_authorities_without_a_team():
    gap = gap_summary()
    north = gap.region("north-wales")
    without_team = [a for a in north.authorities if not a.has_team]
    assert len(without_team) == 4 and north.unmet.low == sum(a.need.exact for a in without_team) == 909
    assert north.unmet.high == 1674 and north.unmet.kind == "range"
    assert [m.name_en for m in north.unmet.missing] == ["Wrexham and Flintshire Early Years CAMHS"]
    assert gap.region("cardiff-and-vale").unmet.low == 336  # the Vale of Glamorgan


@pytest.mark.parametrize("source, most", [
    # From another source, Bridgend's figure takes nothing from the ceiling: the others have at most 9,509.
    ("Test", 480 + 3804),
    # From the Wales figure's own source and year, it is taken away: the others have at most 8,309 (3,324).
    ("NCCHD", 480 + 3324),
])
def test_a_region_with_an_authority_missing_births_gives_its_known_part_and_a_ceiling_and_names_what_it_lacks(
        source, most):
    LiveBirths.objects.create(area_code="W06000013", area_name="Bridgend", year=2024, births=1200, source=source)
    ctm = gap_summary().region("cwm-taf-morgannwg")
    # Rhondda Cynon Taf and Merthyr Tydfil are still missing: Bridgend's 1,200 births at 20% over 2 years is known.
    assert (ctm.need.low, ctm.need.high, ctm.births) == (480, most, None)
    assert {m.name_en for m in ctm.missing} == {"Rhondda Cynon Taf", "Merthyr Tydfil"}


def test_a_region_with_all_births_adds_up_its_authorities():
    gwent = gap_summary().region("gwent")
    assert gwent.births.count == 5881 and gwent.births.year == 2022
    assert gwent.need.exact == 1764
    assert gwent.level_counts()[Level.TEAM] == 5


def test_wales_is_at_least_the_need_where_there_is_no_team_and_the_regions_add_up_to_it():
    gap = gap_summary()
    assert (gap.wales.unmet.low, gap.wales.unmet.high) == (3363, 10799)
    assert sum(r.unmet.low or 0 for r in gap.regions) == gap.wales.unmet.low
    assert sum(r.unmet.high for r in gap.regions) == gap.wales.unmet.high
    assert (gap.wales.need.low, gap.wales.need.high) == (6994, 10799)  # three authorities have no births figure
    births = {m.name_en for m in gap.wales.missing if m.kind == "births"}
    assert births == {"Bridgend", "Rhondda Cynon Taf", "Merthyr Tydfil"}


def test_cwm_taf_morgannwg_has_at_most_the_births_wales_has_beyond_the_five_published_health_boards():
    # 2024, NCCHD: Wales 26,944; Betsi Cadwaladr 5,582, Powys 914, Hywel Dda 2,913, Swansea Bay 3,233,
    # Cardiff and Vale 4,793 (17,435): Cwm Taf Morgannwg and Aneurin Bevan together 9,509.
    region = gap_summary().region("cwm-taf-morgannwg")
    assert (region.births_ceiling.births.count, region.births_ceiling.births.year) == (9509, 2024)
    # 9,509 x 2 years x 20% = 3,803.6, and a half for each of its three authorities, whose needs will each be rounded:
    assert (region.need.low, region.need.high) == (0, 3805)  # never below what their figures will add up to


def test_a_region_with_some_births_explains_its_ceiling_on_its_page(client):
    LiveBirths.objects.create(area_code="W06000013", area_name="Bridgend", year=2024, births=1200, source="NCCHD")
    page = client.get("/regions/cwm-taf-morgannwg/").content.decode()
    assert ("Some of Cwm Taf Morgannwg's local authorities publish no births figure, so its need is a range: their "
            "live births in 2024 were at most 8,309, the 26,944 of all Wales less the 17,435 that the other health "
            "boards and the 1,200 that its other authorities published for that year") in page.replace("&#x27;", "'")
    assert "between 480 and 3,804" in page
