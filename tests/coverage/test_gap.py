"""The gap module on tiny made-up areas: levels, need, capacity and unmet need, with missing figures kept missing.

No database: gap_build works on plain rows, so each test states its own small world
and the figure it expects, worked out by hand.
"""

from decimal import Decimal

from coverage.figures import Missing
from coverage.gap import Births, Parameters, gap_build
from regions.models import LocalAuthority, Region
from services.models import Service
from services.provision import Level

FIFTEEN = Parameters(Decimal("0.15"), Decimal("2"), "15% (a made-up citation)", "two years")
TWENTY = Parameters(Decimal("0.20"), Decimal("2"), "20% (a made-up citation)", "two years")
NORTH, SOUTH = Region(pk=1, slug="north", name_en="North", health_board_code="X1"), \
    Region(pk=2, slug="south", name_en="South", health_board_code="X2")
# Three authorities: A and B in the north, C in the south.
AREAS = [LocalAuthority(code=code, name_en=code, region_id=region) for code, region in (("A", 1), ("B", 1), ("C", 2))]


def service(pk: int, *areas: str, kind=Service.Kind.SPECIALIST_TEAM, status=Service.Status.ESTABLISHED,
            capacity: int | None = None, published: bool = True) -> Service:
    made = Service(pk=pk, slug=f"s{pk}", name_en=f"Service {pk}", kind=kind, status=status,
                   capacity_families_per_year=capacity, is_published=published)
    made.area_codes = list(areas)
    return made


def births(**counts: int) -> dict[str, Births]:
    return {code: Births(count, 2024, "made up") for code, count in counts.items()}


def gap(*services: Service, born: dict | None = None, parameters: dict | None = None):
    return gap_build(regions=[NORTH, SOUTH], authorities=AREAS, services=list(services),
                     births=births(A=1000, B=500, C=2000) if born is None else born,
                     parameters={None: FIFTEEN} if parameters is None else parameters)


def test_need_is_births_a_year_times_two_years_times_prevalence():
    summary = gap()
    assert [a.need.exact for a in summary.authorities] == [300, 150, 600]  # 1000, 500, 2000 births at 15% over 2 years


def test_a_regions_own_prevalence_replaces_the_default_for_its_authorities_only():
    summary = gap(parameters={None: FIFTEEN, 2: TWENTY})
    assert [a.need.exact for a in summary.authorities] == [300, 150, 800]
    assert summary.region("south").parameters == TWENTY and summary.region("north").parameters == FIFTEEN


def test_an_authority_without_births_has_no_bound_at_all_and_says_why():
    b = gap(born=births(A=1000, C=2000)).authority("B")
    assert (b.need.kind, b.unmet.kind) == ("unknown", "unknown")
    assert b.missing == (Missing("births", "B"),)


def test_without_any_need_parameters_need_is_not_known_and_says_why():
    a = gap(parameters={}).authority("A")
    assert a.need.kind == "unknown" and a.missing == (Missing("parameters", "A"),)


def test_unmet_need_is_all_the_need_where_there_is_no_specialist_team():
    summary = gap(service(1, "A", kind=Service.Kind.EMBEDDED))
    assert (summary.authority("A").level, summary.authority("A").unmet.exact) == (Level.PARTIAL, 300)
    assert summary.authority("C").unmet.exact == 600 and summary.authority("C").capacity is None


def test_a_teams_known_capacity_is_taken_from_the_need_it_meets():
    a = gap(service(1, "A", capacity=100)).authority("A")
    assert (a.level, a.capacity.exact, a.unmet.exact, a.missing) == (Level.TEAM, 100, 200, ())


def test_a_team_covering_two_authorities_shares_its_capacity_in_proportion_to_their_need():
    summary = gap(service(1, "A", "C", capacity=90))  # need 300 and 600: a third and two thirds
    assert (summary.authority("A").capacity.exact, summary.authority("C").capacity.exact) == (30, 60)
    assert (summary.authority("A").unmet.exact, summary.authority("C").unmet.exact) == (270, 540)


def test_capacity_beyond_the_need_leaves_no_unmet_need_rather_than_a_negative_one():
    assert gap(service(1, "B", capacity=1000)).authority("B").unmet.exact == 0


def test_a_team_whose_capacity_is_not_published_leaves_unmet_need_between_none_and_all_the_need():
    a = gap(service(1, "A")).authority("A")
    assert a.capacity.kind == "unknown"
    assert (a.unmet.low, a.unmet.high) == (0, 300)
    assert a.unmet.missing == (Missing("capacity", "Service 1"),)


def test_no_share_is_worked_out_for_a_team_covering_an_authority_without_births():
    summary = gap(service(1, "A", "B", capacity=90), born=births(A=1000, C=2000))
    a = summary.authority("A")
    assert a.capacity.kind == "unknown" and (a.unmet.low, a.unmet.high) == (0, 300)
    # The capacity is published: what is missing is B's births, and the range says so.
    assert a.unmet.missing == (Missing("births", "B"),)


def test_unpublished_planned_and_developing_services_set_no_team():
    summary = gap(service(1, "A", published=False), service(2, "B", status=Service.Status.PLANNED),
                  service(3, "C", status=Service.Status.DEVELOPING))
    assert [a.level for a in summary.authorities] == [Level.NONE, Level.NONE, Level.DEVELOPING]


def test_an_area_takes_the_best_level_of_the_services_covering_it():
    summary = gap(service(1, "A", kind=Service.Kind.WORKFORCE), service(2, "A", kind=Service.Kind.EMBEDDED))
    assert summary.authority("A").level == Level.PARTIAL
    assert summary.region("north").level_counts()[Level.PARTIAL] == 1


def test_a_region_adds_up_its_authorities_exactly_when_every_figure_is_known():
    north = gap(service(1, "A", capacity=100)).region("north")
    assert (north.births.count, north.need.exact, north.capacity.exact, north.unmet.exact) == (1500, 450, 100, 350)


def test_a_region_mixing_a_team_of_unknown_capacity_with_an_authority_without_a_team_is_a_range():
    north = gap(service(1, "A")).region("north")  # A: team, capacity not published (0 to 300); B: no team, 150
    assert (north.unmet.low, north.unmet.high, north.unmet.kind) == (150, 450, "range")
    assert north.unmet.missing == (Missing("capacity", "Service 1"),)
    assert north.need.exact == 450


def test_a_region_with_an_authority_without_births_gives_only_a_lower_bound_and_names_it():
    north = gap(service(1, "A"), born=births(A=1000, C=2000)).region("north")  # B has no births figure
    assert (north.need.low, north.need.high, north.need.kind) == (300, None, "at least")
    assert (north.unmet.low, north.unmet.high) == (0, None)
    assert set(north.missing) == {Missing("births", "B"), Missing("capacity", "Service 1")}


def test_wales_adds_up_every_authority_and_its_regions_reconcile_with_it():
    summary = gap(service(1, "A"), born=births(A=1000, C=2000))
    wales = summary.wales
    assert (wales.unmet.low, wales.unmet.high) == (600, None)  # C's 600 known; A's 0 to 300; B not known
    for measure in ("need", "unmet"):
        regions = [getattr(r, measure) for r in summary.regions]
        authorities = [getattr(a, measure) for a in summary.authorities]
        figure = getattr(wales, measure)
        assert figure.low == sum(f.low or 0 for f in regions) == sum(f.low or 0 for f in authorities)
        assert figure.missing == tuple(sorted({m for f in regions for m in f.missing}))


def wider(source: str = "made up", **by_code: int) -> dict:
    return {code.replace("WALES", "W92000004"): {2024: Births(count, 2024, source)} for code, count in by_code.items()}


def test_a_region_whose_authorities_publish_no_births_has_at_most_wales_less_the_other_health_boards():
    summary = gap_build(regions=[NORTH, SOUTH], authorities=AREAS, services=[], births=births(A=1000, B=500),
                        parameters={None: FIFTEEN}, wider=wider(WALES=4000, X1=1500))
    south = summary.region("south")
    assert (south.births_ceiling.births.count, south.births_ceiling.wales, south.births_ceiling.published) == (
        2500, 4000, 1500)
    assert (south.need.low, south.need.high) == (0, 750)  # at most 2500 births x 2 years x 15%
    assert (south.unmet.low, south.unmet.high) == (0, 750)
    assert south.missing == (Missing("births", "C"),), "the ceiling does not hide what is missing"
    assert summary.authority("C").need.kind == "unknown", "the ceiling bounds the region, not each authority"
    # Wales adds up its regions: the north's 450 exactly, the south's 0 to 750.
    assert (summary.wales.need.low, summary.wales.need.high) == (450, 1200)


def test_no_ceiling_without_a_wales_figure_and_none_taken_from_another_source():
    without = gap_build(regions=[NORTH, SOUTH], authorities=AREAS, services=[], births=births(A=1000, B=500),
                        parameters={None: FIFTEEN}, wider=wider(X1=1500))
    assert without.region("south").need.kind == "unknown" and without.wales.need.kind == "at least"
    mixed = wider(WALES=4000) | wider("another source", X1=1500)
    other = gap_build(regions=[NORTH, SOUTH], authorities=AREAS, services=[], births=births(A=1000, B=500),
                      parameters={None: FIFTEEN}, wider=mixed)
    # A figure from another source takes nothing away: all of Wales's births would bound nothing worth saying.
    assert other.region("south").births_ceiling is None and other.region("south").need.kind == "unknown"


def test_the_ceiling_takes_the_regions_own_authorities_away_too_and_keeps_their_figures():
    # B has no births; A's 1000 (same year and source as Wales's) are taken from what B can have.
    summary = gap_build(regions=[NORTH, SOUTH], authorities=AREAS, services=[], births=births(A=1000, C=2000),
                        parameters={None: FIFTEEN}, wider=wider(WALES=4000))
    north = summary.region("north")
    assert (north.births_ceiling.births.count, north.births_ceiling.own) == (3000, 1000)  # 4000 less A's 1000
    assert (north.need.low, north.need.high) == (300, 300 + 900)  # A's 300 exactly; B at most 3000 x 2 x 15%


def test_the_tightest_year_makes_the_ceiling():
    two_years = {"W92000004": {2023: Births(5000, 2023, "made up"), 2024: Births(4000, 2024, "made up")},
                 "X1": {2023: Births(1000, 2023, "made up")}}
    summary = gap_build(regions=[NORTH, SOUTH], authorities=AREAS, services=[], births=births(A=1000, B=500),
                        parameters={None: FIFTEEN}, wider=two_years)
    # 2024: 4000 less nothing of X1 (none that year) bounds nothing; 2023: 5000 - 1000 = 4000.
    assert (summary.region("south").births_ceiling.births.count,
            summary.region("south").births_ceiling.births.year) == (4000, 2023)


def test_the_ceiling_is_never_below_what_the_authorities_figures_add_up_to_once_each_is_rounded():
    three = [LocalAuthority(code="A", name_en="A", region_id=1)] + [
        LocalAuthority(code=code, name_en=code, region_id=2) for code in ("C", "D", "E")]
    world = {"regions": [NORTH, SOUTH], "authorities": three, "services": [], "parameters": {None: TWENTY},
             "wider": {"W92000004": {2024: Births(5167, 2024, "made up")}, "X1": {2024: Births(1000, 2024, "made up")}}}
    before = gap_build(births=births(A=1000), **world).region("south")
    # 4,167 births at most, x 2 years x 20% = 1,666.8; each of three authorities' needs rounds up by at most a half.
    assert (before.need.low, before.need.high) == (0, 1668)
    after = gap_build(births=births(A=1000, C=1299, D=594, E=2274), **world).region("south")
    assert after.need.exact == 520 + 238 + 910 == 1668 <= before.need.high
