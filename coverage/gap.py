"""The gap: provision level, need, capacity and unmet need per authority, per region and for Wales.

Every page, export and API response that shows a gap calls ``gap_summary``.
It reads the data in a fixed number of queries and computes in Python, so its
cost does not grow with queries per service. Missing figures stay ``None``.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from pirs_portal.datacache import cached
from regions.models import LocalAuthority, NeedParameters, Region
from regions.selectors import births_latest

from services.models import Service
from services.provision import RANK, Level, is_team, level_of


@dataclass(frozen=True)
class Births:
    count: int
    year: int
    source: str
    note: str = ""


@dataclass(frozen=True)
class Parameters:
    prevalence: Decimal
    cohort_years: Decimal
    prevalence_citation: str
    cohort_years_citation: str


@dataclass
class AreaGap:
    """The gap for one area; ``None`` always means not known, never zero."""

    code: str
    name_en: str
    name_cy: str
    level: Level
    services: list[Service] = field(default_factory=list)
    births: Births | None = None
    parameters: Parameters | None = None
    need: int | None = None
    capacity: int | None = None
    unmet: int | None = None
    missing: list[str] = field(default_factory=list)
    region_slug: str = ""
    region_name_en: str = ""
    region_name_cy: str = ""
    region_id: int | None = None
    authorities: list["AreaGap"] = field(default_factory=list)

    @property
    def has_team(self) -> bool:
        return self.level == Level.TEAM

    @property
    def births_published_nowhere(self) -> bool:
        """Say whether no authority of this region has a published births figure (else some may lack one)."""
        return bool(self.authorities) and all(a.births is None for a in self.authorities)

    @property
    def capacity_unknown(self) -> bool:
        return self.has_team and self.capacity is None

    @property
    def unmet_unknown_reason(self) -> str:
        """Why unmet need is not known: "births", "parameters", "capacity", or "" when it is known."""
        if self.unmet is not None:
            return ""
        return next((m for m in ("births", "parameters") if m in self.missing), "capacity")


    def level_counts(self) -> dict[str, int]:
        return {level: sum(1 for a in self.authorities if a.level == level) for level in Level}


@dataclass
class GapSummary:
    authorities: list[AreaGap]
    regions: list[AreaGap]
    wales: AreaGap

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

    @property
    def need_without_team(self) -> int:
        """Babies who would benefit living where there is no specialist team, over areas with known births."""
        return sum(a.need for a in self.authorities if not a.has_team and a.need is not None)

    @property
    def unknown_need_without_team(self) -> list[AreaGap]:
        return [a for a in self.authorities if not a.has_team and a.need is None]


def need_of(births: Births | None, parameters: Parameters) -> int | None:
    """Babies who would benefit = births a year x cohort years x prevalence."""
    if births is None:
        return None
    need = Decimal(births.count) * parameters.cohort_years * parameters.prevalence
    return int(need.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _apportion_capacity(authorities: list[AreaGap]) -> None:
    """Share each team's known capacity among the authorities it covers, in proportion to their need."""
    shares: dict[str, Decimal] = {}
    unknown: set[str] = set()
    by_code = {a.code: a for a in authorities}
    teams = {s.pk: s for a in authorities for s in a.services if is_team(s)}
    for team in teams.values():
        covered = [by_code[code] for code in team.area_codes if code in by_code]
        total_need = sum(a.need or 0 for a in covered)
        # Without every covered area's need, no fair share can be worked out for any of them.
        if team.capacity_families_per_year is None or total_need == 0 or any(a.need is None for a in covered):
            unknown.update(a.code for a in covered)
            continue
        for area in covered:
            share = Decimal(team.capacity_families_per_year) * area.need / total_need
            shares[area.code] = shares.get(area.code, Decimal(0)) + share
    for area in authorities:
        if area.has_team and area.code not in unknown and area.code in shares:
            area.capacity = int(shares[area.code].quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _unmet_of(area: AreaGap) -> int | None:
    if area.need is None:
        return None
    if not area.has_team:
        return area.need
    if area.capacity is None:
        return None
    return max(area.need - area.capacity, 0)


def _sum_or_none(values: list[int | None]) -> int | None:
    return None if not values or any(v is None for v in values) else sum(values)


def _total(code: str, name_en: str, name_cy: str, parts: list[AreaGap], *, region_slug: str = "") -> AreaGap:
    """Add up authorities into a region or Wales; a sum with any unknown part is unknown."""
    best = min((a.level for a in parts), key=RANK.get, default=Level.NONE)
    services = list({s.pk: s for a in parts for s in a.services}.values())
    area = AreaGap(code=code, name_en=name_en, name_cy=name_cy, level=best, services=services,
                   region_slug=region_slug, region_name_en=name_en if region_slug else "",
                   region_name_cy=name_cy if region_slug else "", authorities=parts)
    area.need = _sum_or_none([a.need for a in parts])
    area.capacity = _sum_or_none([a.capacity for a in parts if a.has_team]) if any(a.has_team for a in parts) else None
    area.unmet = _sum_or_none([a.unmet for a in parts])
    area.missing = sorted({m for a in parts for m in a.missing})
    known = [a.births for a in parts if a.births is not None]
    if len(known) == len(parts) and parts:
        years = sorted({b.year for b in known})
        area.births = Births(
            count=sum(b.count for b in known), year=years[-1],
            source=", ".join(sorted({b.source for b in known})),
            note="" if len(years) == 1 else f"{years[0]}–{years[-1]}",
        )
    return area


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
    """Read what the gap is made of, in a fixed number of queries: the arguments of ``gap_build``."""
    published = (
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related(Prefetch("areas", queryset=LocalAuthority.objects.only("code", "region_id")))
    )
    services = list(published)
    for service in services:
        service.area_codes = [a.code for a in service.areas.all()]
    authorities = list(LocalAuthority.objects.defer("boundary").order_by("name_en"))
    return {
        "regions": list(Region.objects.defer("boundary").order_by("name_en")),
        "authorities": authorities,
        "services": services,
        "births": {
            code: Births(row.births, row.year, row.source, row.note)
            for code, row in births_latest(area_codes=[a.code for a in authorities]).items()
        },
        "parameters": {
            p.region_id: Parameters(p.prevalence, p.cohort_years, p.prevalence_citation, p.cohort_years_citation)
            for p in NeedParameters.objects.all()
        },
    }


def gap_build(*, regions: list[Region], authorities: list[LocalAuthority], services: list[Service],
              births: dict[str, Births], parameters: dict[int | None, Parameters]) -> GapSummary:
    """Work out the gap from plain rows, with no database: services carry ``area_codes``; None keys the default.

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
        area.need = need_of(area.births, area.parameters) if area.parameters else None
        gaps.append(area)
    _apportion_capacity(gaps)
    for area in gaps:
        area.unmet = _unmet_of(area)
        area.missing = (
            (["births"] if area.births is None else [])
            + (["parameters"] if area.parameters is None else [])
            + (["capacity"] if area.capacity_unknown else [])
        )

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
    wales = _total("W92000004", "Wales", "Cymru", gaps)
    wales.parameters = default
    return GapSummary(authorities=gaps, regions=region_gaps, wales=wales)
