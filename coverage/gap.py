"""The gap: provision level, need, capacity and unmet need per authority, per region and for Wales.

Every page, export and API response that shows a gap calls ``gap_summary``.
It reads the data in a fixed number of queries and computes in Python, so its
cost does not grow with queries per service. Each figure is a ``Figure``: known
exactly, between two bounds, at least a bound, or not known, naming what it
lacks (figures.py). Missing is never zero.

The bounds:
- an authority's need is births a year x cohort years x prevalence, or not
  known (no births figure, or no need parameters);
- where there is no specialist team, all the need is unmet;
- a team's published capacity is shared among its authorities by need, and
  taken from it; where a team's capacity is not published, unmet need is
  between 0 and the need;
- a region and Wales add up their authorities (figures.total);
- where some of a region's authorities publish no births, their births are at
  most what Wales has in a year less what the other regions' health boards
  and the region's other authorities publish for that year from the same
  source (``births_ceiling``): the region's need then has an upper bound too,
  and Wales adds up its regions.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from pirs_portal.datacache import cached
from regions.models import WALES_CODE, LiveBirths, LocalAuthority, NeedParameters, Region
from regions.selectors import births_latest
from services.models import Organisation, Service
from services.provision import RANK, Level, is_team, level_of

from .figures import Figure, Missing, total


@dataclass(frozen=True)
class Births:
    count: int
    year: int
    source: str
    note: str = ""


@dataclass(frozen=True)
class Ceiling:
    """At most ``births.count`` births in a region's authorities without a figure of their own, in that year: the
    ``wales`` of all Wales less the ``published`` of the other health boards and the ``own`` of its other
    authorities, all of that year and source."""

    births: Births
    wales: int
    published: int
    own: int = 0


@dataclass(frozen=True)
class Parameters:
    prevalence: Decimal
    cohort_years: Decimal
    prevalence_citation: str
    cohort_years_citation: str
    prevalence_citation_cy: str = ""
    cohort_years_citation_cy: str = ""

    # The English of each citation, for pick() and {% bilingual %}: the stored field has no _en of its own.
    @property
    def prevalence_citation_en(self) -> str:
        return self.prevalence_citation

    @property
    def cohort_years_citation_en(self) -> str:
        return self.cohort_years_citation


@dataclass
class AreaGap:
    """The gap for one area: an authority, a region (its authorities added up) or Wales."""

    code: str
    name_en: str
    name_cy: str
    level: Level
    services: list[Service] = field(default_factory=list)
    births: Births | None = None
    parameters: Parameters | None = None
    need: Figure = field(default_factory=Figure)
    # None where no specialist team covers the area: there is no capacity to speak of.
    capacity: Figure | None = None
    unmet: Figure = field(default_factory=Figure)
    region_slug: str = ""
    region_name_en: str = ""
    region_name_cy: str = ""
    region_id: int | None = None
    authorities: list["AreaGap"] = field(default_factory=list)
    births_ceiling: Ceiling | None = None  # a region with authorities that publish no births: births_ceiling
    unknown_need_most: int | None = None  # the need of those authorities together, at most

    @property
    def has_team(self) -> bool:
        return self.level == Level.TEAM

    @property
    def births_published_nowhere(self) -> bool:
        """Say whether no authority of this region has a published births figure (else some may lack one)."""
        return bool(self.authorities) and all(a.births is None for a in self.authorities)

    @property
    def missing(self) -> tuple[Missing, ...]:
        """Everything the area's figures lack, each named once."""
        parts = [self.need, self.unmet] + ([self.capacity] if self.capacity else [])
        return tuple(sorted({m for figure in parts for m in figure.missing}))

    def level_counts(self) -> dict[str, int]:
        return {level: sum(1 for a in self.authorities if a.level == level) for level in Level}


@dataclass
class GapSummary:
    authorities: list[AreaGap]
    regions: list[AreaGap]
    wales: AreaGap
    services: list[Service] = field(default_factory=list)  # every published service, with ``area_codes``
    on: datetime.date | None = None  # the past day it was recorded on; None for today

    def authority(self, code: str) -> AreaGap | None:
        """The authority with this code, or None if it was not in the data when the summary was made."""
        return next((a for a in self.authorities if a.code == code), None)

    def region(self, slug: str) -> AreaGap | None:
        """The region with this slug, or None if it was not in the data when the summary was made."""
        return next((r for r in self.regions if r.region_slug == slug), None)

    @property
    def authorities_with_team(self) -> list[AreaGap]:
        return [a for a in self.authorities if a.has_team]

    @property
    def births_sources(self) -> list[tuple[str, int, str, int]]:
        """Each (source, year, most common note, number of authorities) behind the births figures in use."""
        groups: dict[tuple[str, int], list[str]] = {}
        for a in self.authorities:
            if a.births:
                groups.setdefault((a.births.source, a.births.year), []).append(a.births.note)
        return [
            (source, year, max(set(notes), key=notes.count), len(notes))
            for (source, year), notes in sorted(groups.items())
        ]

    @property
    def overrides(self) -> list[AreaGap]:
        """Regions whose need parameters differ from the default."""
        return [r for r in self.regions if r.parameters != self.wales.parameters]


def need_of(births: Births | None, parameters: Parameters | None, *, area: LocalAuthority) -> Figure:
    """Babies who would benefit = births a year x cohort years x prevalence, or not known and why."""
    if births is None:
        return Figure.unknown(Missing("births", area.name_en, area.name_cy))
    if parameters is None:
        return Figure.unknown(Missing("parameters", area.name_en, area.name_cy))
    return Figure.exactly(_babies(births, parameters))


def _babies(births: Births, parameters: Parameters) -> int:
    need = Decimal(births.count) * parameters.cohort_years * parameters.prevalence
    return int(need.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def births_ceiling(region: AreaGap, *, regions: list[Region],
                   wider: dict[str, dict[int, Births]]) -> Ceiling | None:
    """At most how many births a region's authorities without a figure have, as the tightest year allows.

    For each year with a Wales figure: Wales's births, less the births that the other regions' health boards
    and this region's other authorities publish for that year from the same source, so the ceiling is never
    below the truth. A year from which nothing can be taken away bounds nothing worth saying.
    """
    found = []
    for year, wales in wider.get(WALES_CODE, {}).items():
        same = lambda b: b is not None and (b.year, b.source) == (year, wales.source)  # noqa: E731
        published = sum(b.count for r in regions if r.health_board_code != region.code
                        for b in [wider.get(r.health_board_code, {}).get(year)] if same(b))
        own = sum(a.births.count for a in region.authorities if same(a.births))
        if published + own and published + own <= wales.count:
            found.append(Ceiling(Births(wales.count - published - own, year, wales.source), wales.count,
                                 published, own))
    return min(found, key=lambda c: (c.births.count, -c.births.year), default=None)


def _capacity_shares(authorities: list[AreaGap]) -> dict[str, Figure]:
    """Share each team's published capacity among the authorities it covers, in proportion to their need."""
    shares: dict[str, Decimal] = {}
    lacking: dict[str, list[Missing]] = {}
    by_code = {a.code: a for a in authorities}
    teams = {s.pk: s for a in authorities for s in a.services if is_team(s)}
    for team in teams.values():
        covered = [by_code[code] for code in team.area_codes if code in by_code]
        needs = [a.need.exact for a in covered]
        if team.capacity_families_per_year is None:
            for area in covered:
                lacking.setdefault(area.code, []).append(Missing("capacity", team.name_en, team.name_cy))
            continue
        # Without every covered area's need, no fair share can be worked out for any of them.
        if None in needs:
            for area in covered:
                lacking.setdefault(area.code, []).extend(m for other in covered for m in other.need.missing)
            continue
        for area, need in zip(covered, needs):
            # Areas with no need at all take no share (and no division by zero).
            share = Decimal(team.capacity_families_per_year) * need / sum(needs) if sum(needs) else Decimal(0)
            shares[area.code] = shares.get(area.code, Decimal(0)) + share
    return {
        a.code: Figure.unknown(*lacking[a.code]) if a.code in lacking
        else Figure.exactly(int(shares.get(a.code, Decimal(0)).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        for a in authorities if a.has_team
    }


def _unmet_of(area: AreaGap) -> Figure:
    """All the need where there is no team; need less capacity where there is; between 0 and need without it."""
    need = area.need
    if not area.has_team or not need.known:
        return need
    if area.capacity.known:
        return Figure.exactly(max(need.exact - area.capacity.exact, 0))
    return Figure(0, need.exact, area.capacity.missing)


def _total(code: str, name_en: str, name_cy: str, parts: list[AreaGap], *, region_slug: str = "") -> AreaGap:
    """Add up authorities into a region or Wales, as ranges: the known parts, and what the others lack."""
    best = min((a.level for a in parts), key=RANK.get, default=Level.NONE)
    services = list({s.pk: s for a in parts for s in a.services}.values())
    area = AreaGap(code=code, name_en=name_en, name_cy=name_cy, level=best, services=services,
                   region_slug=region_slug, region_name_en=name_en if region_slug else "",
                   region_name_cy=name_cy if region_slug else "", authorities=parts)
    area.need = total([a.need for a in parts])
    teams = [a.capacity for a in parts if a.has_team]
    area.capacity = total(teams) if teams else None
    area.unmet = total([a.unmet for a in parts])
    known = [a.births for a in parts if a.births is not None]
    if len(known) == len(parts) and parts:
        years = sorted({b.year for b in known})
        area.births = Births(
            count=sum(b.count for b in known), year=years[-1],
            source=", ".join(sorted({b.source for b in known})),
            note="" if len(years) == 1 else f"{years[0]}–{years[-1]}",
        )
    return area


def _bound_by_ceiling(region: AreaGap, ceiling: Ceiling | None) -> None:
    """Give a region whose authorities lack births an upper bound: its known need and the ceiling's need."""
    if ceiling is None:
        return
    known = [a for a in region.authorities if a.births is not None]
    unknown = len(region.authorities) - len(known)
    region.births_ceiling = ceiling
    # Each authority's need is rounded on its own once its births are known, each up by at most a half:
    # the ceiling allows for that, so it is never below what their figures will add up to.
    exact = Decimal(ceiling.births.count) * region.parameters.cohort_years * region.parameters.prevalence
    region.unknown_need_most = int((exact + Decimal(unknown) / 2).to_integral_value(rounding=ROUND_FLOOR))
    region.need = Figure(region.need.low or 0, sum(a.need.high for a in known) + region.unknown_need_most,
                         region.need.missing)
    region.unmet = Figure(region.unmet.low or 0, sum(a.unmet.high for a in known) + region.unknown_need_most,
                          region.unmet.missing)


def need_without_team(summary: GapSummary) -> Figure:
    """Babies who would benefit in the authorities with no specialist team, in all of Wales, bounded as the
    regions are: the authorities without births of a region with a ceiling add between 0 and its need."""
    parts = []
    for region in summary.regions:
        without = [a for a in region.authorities if not a.has_team]
        unknown = [a for a in without if not a.need.known]
        parts += [a.need for a in without if a.need.known]
        if unknown and region.unknown_need_most is not None:
            parts.append(Figure(0, region.unknown_need_most, tuple(m for a in unknown for m in a.need.missing)))
        else:
            parts += [a.need for a in unknown]
    return total(parts)


def gap_summary() -> GapSummary:
    """Return the gap for every authority, every region and Wales, cached until the data changes."""
    return cached("gap-summary", gap_compute)


def gap_summary_covering(*, region_slug: str = "", authority_code: str = "") -> GapSummary:
    """Return the cached summary if it holds this area, else one computed afresh from the committed rows.

    While a change is being committed, a page can read an area that the cached
    summary, made a moment before, does not hold yet: the page must then be made
    from the new rows throughout, never from a mix of new rows and the old summary.
    """
    summary = gap_summary()
    if (region_slug and summary.region(region_slug) is None) or (
        authority_code and summary.authority(authority_code) is None
    ):
        return gap_compute()
    return summary


def gap_compute() -> GapSummary:
    """Compute the gap for every authority, every region and Wales from the published directory."""
    return gap_build(**gap_rows())


def gap_rows() -> dict:
    """Read what the gap is made of, in a fixed number of queries: the arguments of ``gap_build``.

    Services share one copy of each host organisation and carry their areas as codes, read as
    plain pairs: the summary is pickled into the cache whole, and at 10,000 services a model
    instance for every service's host and every area link made that the slowest part of a
    first request after a change.
    """
    services = list(Service.objects.published())
    organisations = Organisation.objects.in_bulk({s.organisation_id for s in services})
    links: dict[int, list[str]] = {}
    for service_id, code in Service.areas.through.objects.filter(service__in=Service.objects.published()).values_list(
            "service_id", "localauthority__code").order_by("localauthority__code"):
        links.setdefault(service_id, []).append(code)
    for service in services:
        service.organisation = organisations[service.organisation_id]
        service.area_codes = links.get(service.pk, [])
    authorities = list(LocalAuthority.objects.defer("boundary").order_by("name_en"))
    regions = list(Region.objects.defer("boundary").order_by("name_en"))
    wider: dict[str, dict[int, Births]] = {}
    for row in LiveBirths.objects.filter(area_code__in=[WALES_CODE, *(r.health_board_code for r in regions)]):
        wider.setdefault(row.area_code, {})[row.year] = Births(row.births, row.year, row.source, row.note)
    return {
        "regions": regions,
        "wider": wider,
        "authorities": authorities,
        "services": services,
        "births": {
            code: Births(row.births, row.year, row.source, row.note)
            for code, row in births_latest(area_codes=[a.code for a in authorities]).items()
        },
        "parameters": {
            p.region_id: Parameters(p.prevalence, p.cohort_years, p.prevalence_citation, p.cohort_years_citation,
                                    p.prevalence_citation_cy, p.cohort_years_citation_cy)
            for p in NeedParameters.objects.all()
        },
    }


def gap_build(*, regions: list[Region], authorities: list[LocalAuthority], services: list[Service],
              births: dict[str, Births], parameters: dict[int | None, Parameters],
              wider: dict[str, dict[int, Births]] | None = None) -> GapSummary:
    """Work out the gap from plain rows, with no database: services carry ``area_codes``; None keys the default.

    ``wider`` holds the births of Wales and of health boards, by code and year, for ``births_ceiling``.

    Regions and authorities need only their names, codes and region; the tests build tiny made-up ones.
    """
    by_area: dict[str, list[Service]] = {}
    for service in services:
        for code in service.area_codes:
            by_area.setdefault(code, []).append(service)
    default = parameters.get(None)

    gaps = []
    for la in authorities:
        covering = by_area.get(la.code, [])
        area = AreaGap(code=la.code, name_en=la.name_en, name_cy=la.name_cy, level=level_of(covering),
                       services=covering, births=births.get(la.code), region_id=la.region_id)
        area.parameters = parameters.get(la.region_id, default)
        area.need = need_of(area.births, area.parameters, area=la)
        gaps.append(area)
    shares = _capacity_shares(gaps)
    for area in gaps:
        area.capacity = shares.get(area.code)
        area.unmet = _unmet_of(area)

    by_pk = {r.pk: r for r in regions}
    for area in gaps:
        region = by_pk[area.region_id]
        area.region_slug, area.region_name_en, area.region_name_cy = region.slug, region.name_en, region.name_cy
    region_gaps = [
        _total(r.health_board_code, r.name_en, r.name_cy, [a for a in gaps if a.region_id == r.pk], region_slug=r.slug)
        for r in regions
    ]
    for region_gap, region in zip(region_gaps, regions):
        region_gap.parameters = parameters.get(region.pk, default)
        if region_gap.parameters is not None and any(a.births is None for a in region_gap.authorities):
            _bound_by_ceiling(region_gap, births_ceiling(region_gap, regions=regions, wider=wider or {}))
    wales = _total(WALES_CODE, "Wales", "Cymru", gaps)
    wales.parameters = default
    # Wales adds up its regions, so that a region's ceiling bounds it too.
    wales.need, wales.unmet = total([r.need for r in region_gaps]), total([r.unmet for r in region_gaps])
    return GapSummary(authorities=gaps, regions=region_gaps, wales=wales, services=services)
