"""The columns of every gap download, one set for CSV, XLSX, GeoJSON and GeoPackage, in English or Welsh.

Each column has a name in each language (a Welsh download names its columns in
Welsh) and a meaning, which the data dictionary page (/gap/columns/) lists. Rows
come for Wales, each region and each authority, from the gap module's figures:
a figure is its lower and upper bound (equal when it is known exactly; the
upper empty when there is none; both empty when it is not known).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pirs_portal.bilingual import pick
from services.provision import Level

from .figures import Figure, Missing
from .gap import AreaGap, GapSummary


@dataclass(frozen=True)
class Column:
    """A download column. Its names are identifiers, fixed here rather than in the translations,
    so that a script reading a column by name never breaks when a translation is reworded."""

    key: str  # the English name, also the field a row is built from
    welsh: str  # the name in a download from the Welsh pages
    meaning: Promise

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.welsh if get_language() == "cy" else self.key


_column = Column
ABOUT = Column("about", "ynghylch", _("What the file is about: its data date, method, sources and attribution."))

AREA_COLUMNS = [
    _column("area_type", "math_ardal", _("What the row is: wales, region or local_authority (in a Welsh download: "
                                         "cymru, rhanbarth or awdurdod_lleol).")),
    _column("code", "cod", _("The ONS code: W92000004 for Wales, the health board's code for a region, the authority's.")),
    _column("name_en", "enw_saesneg", _("The name in English.")),
    _column("name_cy", "enw_cymraeg", _("The name in Welsh.")),
    _column("region", "rhanbarth", _("For an authority, the region (Regional Partnership Board area) it is in.")),
    _column("provision_level", "lefel_darpariaeth", _("For an authority: specialist team, partial, developing or none, from the "
                                 "published services that cover it.")),
    _column("authorities_with_team", "awdurdodau_a_thim", _("For a region or Wales: how many of its authorities have a specialist team.")),
    _column("authorities_partial", "awdurdodau_rhannol", _("For a region or Wales: how many of its authorities have partial provision.")),
    _column("authorities_developing", "awdurdodau_yn_datblygu", _("For a region or Wales: how many of its authorities have developing "
                                        "provision.")),
    _column("authorities_none", "awdurdodau_heb_ddim", _("For a region or Wales: how many of its authorities have none.")),
    _column("authorities", "awdurdodau", _("For a region or Wales: how many authorities it has.")),
    _column("live_births", "genedigaethau_byw", _("Live births in a year: the latest published figure; for a region or "
                                                  "Wales, the sum of its authorities' figures, empty when any of them "
                                                  "has none (the missing column names it, and need_low is then a "
                                                  "lower bound).")),
    _column("births_year", "blwyddyn_genedigaethau", _("The year of the live births figure (the latest of them, for a total).")),
    _column("births_source", "ffynhonnell_genedigaethau", _("Where the live births figure comes from.")),
    _column("prevalence", "cyffredinrwydd", _("The share of babies who would benefit from specialist support, as a fraction.")),
    _column("cohort_years", "blynyddoedd_carfan", _("How many years of births make up the babies counted.")),
    _column("need_low", "angen_isaf", _("Babies who would benefit (births × cohort years × prevalence): the lower bound.")),
    _column("need_high", "angen_uchaf", _("Babies who would benefit: the upper bound, equal to the lower when known exactly; "
                           "empty where there is none.")),
    _column("capacity_low", "capasiti_isaf", _("Families a year the specialist teams covering the area can see: "
                                               "the lower bound; 0 where no specialist team covers it; empty where "
                                               "a team's capacity is not published.")),
    _column("capacity_high", "capasiti_uchaf", _("Team capacity: the upper bound.")),
    _column("unmet_need_low", "angen_heb_ei_ddiwallu_isaf", _("Unmet need: all the need where there is no team, need less capacity where there "
                                "is: the lower bound.")),
    _column("unmet_need_high", "angen_heb_ei_ddiwallu_uchaf", _("Unmet need: the upper bound; empty where there is none.")),
    _column("missing", "ar_goll", _("What the figures lack: births, a team's capacity or need parameters, and for whom.")),
    _column("services", "gwasanaethau", _("For an authority, the published services that cover it.")),
]

# The area types as a download names them, by language: identifiers, like the column names.
AREA_TYPES = {"wales": "cymru", "region": "rhanbarth", "local_authority": "awdurdod_lleol"}

LEVEL_COLUMNS = {Level.TEAM: "authorities_with_team", Level.PARTIAL: "authorities_partial",
                 Level.DEVELOPING: "authorities_developing", Level.NONE: "authorities_none"}


def _bounds(figure: Figure | None, key: str, *, none_is_zero: bool = False) -> dict:
    if figure is None:
        nothing = 0 if none_is_zero else None
        return {f"{key}_low": nothing, f"{key}_high": nothing}
    return {f"{key}_low": figure.low, f"{key}_high": figure.high}


def missing_text(missing: tuple[Missing, ...]) -> str:
    """What a row lacks, in the active language: "capacity: Cardiff Parents Plus; births: Bridgend"."""
    words = {"births": _("births"), "capacity": _("capacity"), "parameters": _("need parameters")}
    return "; ".join(f"{words[m.kind]}: {pick(m, 'name')}" for m in missing)


def _has_team(area: AreaGap, area_type: str) -> bool:
    if area_type == "local_authority":
        return area.level == Level.TEAM
    return bool(area.level_counts().get(Level.TEAM))


def area_row(area: AreaGap, *, area_type: str) -> dict:
    """One row of the gap, by English column key."""
    row = {
        "area_type": area_type, "code": area.code, "name_en": area.name_en, "name_cy": area.name_cy,
        "region": pick(area, "region_name") if area_type == "local_authority" else None,
        "provision_level": str(area.level.label) if area_type == "local_authority" else None,
        "live_births": area.births.count if area.births else None,
        "births_year": area.births.year if area.births else None,
        "births_source": area.births.source if area.births else None,
        "prevalence": float(area.parameters.prevalence) if area.parameters and area_type != "wales" else None,
        "cohort_years": float(area.parameters.cohort_years) if area.parameters else None,
        # Where no specialist team works, their capacity there is known: none.
        **_bounds(area.need, "need"), **_bounds(area.capacity, "capacity", none_is_zero=not _has_team(area, area_type)),
        **_bounds(area.unmet, "unmet_need"),
        "missing": missing_text(area.missing),
        "services": "; ".join(pick(s, "name") for s in area.services) if area_type == "local_authority" else None,
    }
    counts = area.level_counts() if area_type != "local_authority" else {}
    row |= {column: counts.get(level) for level, column in LEVEL_COLUMNS.items()}
    row["authorities"] = len(area.authorities) if area_type != "local_authority" else None
    return row


def gap_rows(gap: GapSummary) -> list[dict]:
    """Wales, then each region, then each authority, in that order, as rows by English column key."""
    return ([area_row(gap.wales, area_type="wales")]
            + [area_row(r, area_type="region") for r in gap.regions]
            + [area_row(a, area_type="local_authority") for a in gap.authorities])


SERVICE_COLUMNS = [
    _column("slug", "dynodwr", _("The service's identifier in this portal's addresses.")),
    _column("name", "enw", _("The service's name.")),
    _column("host", "sefydliad_lletyol", _("The organisation that hosts it.")),
    _column("setting", "lleoliad", _("The organisational setting it sits in; empty where the source does not say.")),
    _column("kind", "math", _("Specialist team, embedded specialists, workforce offer or other.")),
    _column("status", "statws", _("Established, developing or planned.")),
    _column("areas", "ardaloedd", _("The local authorities it covers.")),
    _column("age_start", "oedran_dechrau", _("Whether it starts in pregnancy or at birth; empty where not stated.")),
    _column("age_end_months", "oedran_gorffen_misoedd", _("The age in months it works until; empty where not "
                                                          "stated.")),
    _column("capacity_families_per_year", "capasiti_teuluoedd_y_flwyddyn", _("Families a year it can see; empty "
                                                                             "where not published.")),
    _column("last_reviewed", "adolygwyd_ddiwethaf", _("The day a steward last checked the record.")),
    _column("source", "ffynhonnell", _("Where the record's facts come from.")),
]


def column_names(columns: list[Column] = AREA_COLUMNS) -> list[str]:
    """The columns' names in the active language."""
    return [column.name for column in columns]


def named(row: dict) -> dict:
    """A row keyed by the columns' names in the active language, in column order, its area type in that language."""
    welsh = get_language() == "cy"
    row = row | {"area_type": AREA_TYPES[row["area_type"]]} if welsh else row
    return {column.name: row[column.key] for column in AREA_COLUMNS}
