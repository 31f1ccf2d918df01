"""Gap-summary downloads for policy staff: CSV, XLSX, GeoJSON and GeoPackage, built from the gap module."""

import csv
import datetime
import io
import json
import tempfile
from pathlib import Path

from django.db.models import Max, Prefetch

from pirs_portal.sources import paper_citation
from regions.models import LocalAuthority
from services.models import Service

from . import geojson
from .gap import AreaGap, GapSummary
from .geojson import ATTRIBUTION  # the lines in English, as the licences word them

AREA_COLUMNS = [
    "code", "name_en", "name_cy", "region", "provision_level", "live_births", "births_year", "births_source",
    "prevalence", "cohort_years", "estimated_need", "known_capacity", "unmet_need", "missing", "services",
]
SERVICE_COLUMNS = [
    "slug", "name_en", "host", "setting", "kind", "status", "areas", "age_start", "age_end_months",
    "capacity_families_per_year", "last_reviewed", "source",
]
METHOD = [
    "Provision level: derived from the published services that cover each authority (specialist team, partial, "
    "developing, none); planned and unpublished services do not count.",
    "Estimated babies who would benefit = live births in a year x cohort years x prevalence.",
    "Unmet need = all need where there is no specialist team; need minus known capacity where there is one; "
    "empty where capacity or births are not known. Empty cells are not known, never zero.",
]
# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Defuse text that a spreadsheet would run as a formula by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def data_date() -> datetime.date | None:
    """The date of the newest fact in the directory: the latest service review (None with no services)."""
    return Service.objects.published().aggregate(latest=Max("last_reviewed"))["latest"]


def data_date_text() -> str:
    """The data date for a file: ISO format, or 'not known'."""
    latest = data_date()
    return latest.isoformat() if latest else "not known"


def births_sources(*, gap: GapSummary) -> list[str]:
    return [
        f"Live births {year}, {source}, {count} authorities: {note}" for source, year, note, count in gap.births_sources
    ]


def services_for_export() -> list[Service]:
    """Every published service with its host and areas, in two queries."""
    return list(
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related(Prefetch("areas", queryset=LocalAuthority.objects.defer("boundary")))
    )


def area_row(area: AreaGap) -> list:
    p = area.parameters
    return [
        area.code, area.name_en, area.name_cy, area.region_name_en, area.level.value,
        area.births.count if area.births else None, area.births.year if area.births else None,
        area.births.source if area.births else None,
        float(p.prevalence) if p else None, float(p.cohort_years) if p else None,
        area.need, area.capacity if area.has_team else None, area.unmet, ";".join(area.missing),
        "; ".join(s.name_en for s in area.services),
    ]


def service_row(service: Service) -> list:
    return [
        service.slug, service.name_en, service.organisation.name_en, service.setting, service.kind, service.status,
        "; ".join(a.name_en for a in service.areas.all()), service.age_start, service.age_end_months,
        service.capacity_families_per_year, service.last_reviewed.isoformat(), service.source_citation,
    ]


def metadata(*, gap: GapSummary) -> list[tuple[str, str]]:
    return (
        [("data_date", data_date_text()), ("generated", datetime.date.today().isoformat())]
        + [("method", line) for line in METHOD]
        + [("source", line) for line in births_sources(gap=gap)]
        + [("source", f"Services: {paper_citation()}")]
        + [("attribution", line) for line in ATTRIBUTION]
    )


def gap_csv(*, gap: GapSummary) -> bytes:
    """One row per authority; every row carries the data date, the sources and the attribution."""
    out = io.StringIO()
    writer = csv.writer(out)
    meta = metadata(gap=gap)
    sources = " | ".join(value for key, value in meta if key == "source")
    constant = [data_date_text(), sources, " | ".join(ATTRIBUTION)]
    writer.writerow(AREA_COLUMNS + ["data_date", "sources", "attribution"])
    for area in gap.authorities:
        writer.writerow([neutralise(v) for v in area_row(area) + constant])
    # A byte-order mark makes Excel read the file as UTF-8, so Welsh letters such as ŵ and ô survive.
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def gap_xlsx(*, gap: GapSummary, services: list[Service]) -> bytes:
    """A workbook with sheets for authorities, regions, services, and sources and method."""
    from openpyxl import Workbook

    book = Workbook()
    sheets = [
        ("Local authorities", AREA_COLUMNS, [area_row(a) for a in gap.authorities]),
        ("Regions", AREA_COLUMNS, [area_row(r) for r in gap.regions]),
        ("Services", SERVICE_COLUMNS, [service_row(s) for s in services]),
        ("Sources and method", ["about", "value"], [list(m) for m in metadata(gap=gap)]),
    ]
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet.append([neutralise(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def gap_geojson(*, gap: GapSummary) -> bytes:
    """The authorities' GeoJSON with every service listed, and the data date, method and sources beside the features."""
    collection = json.loads(geojson.authorities_geojson(gap=gap, services_listed=None))
    meta = metadata(gap=gap)
    about = {
        "data_date": data_date_text(),
        "generated": datetime.date.today().isoformat(),
        "method": [value for key, value in meta if key == "method"],
        "sources": [value for key, value in meta if key == "source"],
    }
    return json.dumps(about | collection, ensure_ascii=False).encode()


def gap_geopackage(*, gap: GapSummary) -> bytes:
    """A GeoPackage of the 22 authorities in EPSG:4326 with the gap figures as attributes."""
    import geopandas as gpd
    import shapely

    shapes = dict(LocalAuthority.objects.filter(boundary__isnull=False).values_list("code", "boundary"))
    areas = [a for a in gap.authorities if a.code in shapes]
    frame = gpd.GeoDataFrame(
        [dict(zip(AREA_COLUMNS, area_row(a))) for a in areas],
        columns=AREA_COLUMNS,  # so that an empty download still has its columns
        geometry=[shapely.from_wkb(bytes(shapes[a.code].wkb)) for a in areas],
        crs="EPSG:4326",
    )
    # Whole numbers with gaps: stored as integers, an unknown figure as a null, never as text or zero.
    for column in ("live_births", "births_year", "estimated_need", "known_capacity", "unmet_need"):
        frame[column] = frame[column].astype("Int64")
    frame["data_date"] = data_date_text()
    frame["sources"] = " | ".join(value for key, value in metadata(gap=gap) if key == "source")
    frame["attribution"] = " | ".join(ATTRIBUTION)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gap.gpkg"
        frame.to_file(path, driver="GPKG", layer="local_authorities")
        return path.read_bytes()
