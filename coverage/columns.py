"""The columns of every gap download, one set for CSV, XLSX, GeoJSON and GeoPackage, in English or Welsh.

Each column has a name in each language (a Welsh download names its columns in
Welsh) and a meaning in each, which the data dictionary page (/gap/columns/)
lists: all four are in columns.csv, one row a column. Rows
come for Wales, each region and each authority, from the gap module's figures:
a figure is its lower and upper bound (equal when it is known exactly; the
upper empty when there is none; both empty when it is not known).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pirs_portal.bilingual import pick
from services.provision import Level

from .figures import Figure, Missing
from .gap import AreaGap, GapSummary


@dataclass(frozen=True)
class Column:
    """A download column. Its names are identifiers, fixed in columns.csv rather than in the translations,
    so that a script reading a column by name never breaks when a translation is reworded."""

    key: str  # the English name, also the field a row is built from
    welsh: str  # the name in a download from the Welsh pages
    meaning_en: str
    meaning_cy: str

    @property
    def name(self) -> str:
        """The name in the active language."""
        return self.welsh if get_language() == "cy" else self.key

    @property
    def meaning(self) -> str:
        """What the column holds, in the active language."""
        return pick(self, "meaning")


def _tables() -> dict[str, list[Column]]:
    """Every column of every table, in order, from columns.csv: its names and meanings in both languages side by side."""
    tables: dict[str, list[Column]] = {}
    with open(Path(__file__).with_name("columns.csv"), newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            tables.setdefault(row["table"], []).append(
                Column(row["key"], row["welsh"], row["meaning_en"], row["meaning_cy"]))
    return tables


TABLES = _tables()
AREA_COLUMNS, SERVICE_COLUMNS, (ABOUT,) = TABLES["area"], TABLES["service"], TABLES["about"]

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



def column_names(columns: list[Column] = AREA_COLUMNS) -> list[str]:
    """The columns' names in the active language."""
    return [column.name for column in columns]


def named(row: dict) -> dict:
    """A row keyed by the columns' names in the active language, in column order, its area type in that language."""
    welsh = get_language() == "cy"
    row = row | {"area_type": AREA_TYPES[row["area_type"]]} if welsh else row
    return {column.name: row[column.key] for column in AREA_COLUMNS}
