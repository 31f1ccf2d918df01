"""Gap-summary downloads for policy staff: CSV, XLSX, GeoJSON and GeoPackage, built from the gap module.

Every format has the same columns (columns.py) and rows for Wales, each region
and each authority, named in the language of the request. What a file is
about (data date, method, sources, attribution) is given once per file: a
sheet, a top-level member, a table, or the CSV's last column on its first row.
"""

import datetime
import io
import json
import tempfile
from pathlib import Path

from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from pirs_portal.bilingual import pick
from pirs_portal.sources import ATTRIBUTION, paper_citation
from pirs_portal.spreadsheets import csv_bytes, sheet_append
from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region
from services.models import Organisation, Service

from .columns import ABOUT, AREA_COLUMNS, SERVICE_COLUMNS, column_names, gap_rows, named
from .gap import GapSummary


# What the figures are made of: a change to any of them is a change to the figures.
FIGURES_FROM = (Service, Organisation, LiveBirths, NeedParameters, LocalAuthority, Region)


def data_date() -> datetime.date | None:
    """The date of the newest fact the figures and files use: the latest review of a published service, or the
    latest change to a service, a host organisation, a births figure, need parameters or the geography."""
    days = [Service.objects.published().aggregate(latest=Max("last_reviewed"))["latest"]]
    days += [timezone.localdate(moment) for model in FIGURES_FROM
             if (moment := model.history.aggregate(latest=Max("history_date"))["latest"]) is not None]
    return max((day for day in days if day is not None), default=None)


def data_date_text() -> str:
    """The data date for a file: ISO format, or 'not known'."""
    latest = data_date()
    return latest.isoformat() if latest else "not known"


def method_lines() -> list[str]:
    return [
        _("Provision level: derived from the published services that cover each authority (specialist team, "
          "partial, developing, none); planned and unpublished services do not count."),
        _("Babies who would benefit = live births in a year × cohort years × prevalence."),
        _("Unmet need = all the need where there is no specialist team; need less capacity where there is one; "
          "between 0 and the need where a team's capacity is not published."),
        _("A region adds up its authorities, and Wales its regions: the known parts make the lower bound, and the "
          "upper bound is given when every part has one. An empty cell is not known, never zero."),
        _("Where some of a region's authorities publish no births, theirs are at most the births of all Wales in a "
          "year less those the other health boards and the region's other authorities published for that year "
          "from the same source: the region's need then has that upper bound too."),
    ]


def about(*, gap: GapSummary, columns_address: str) -> list[tuple[str, str]]:
    """What the file is about, once: (kind, text) pairs in the active language.

    ``columns_address`` is the full address of the data dictionary: a saved file has no site to read a path against.
    """
    births = [_("Live births %(year)s, %(source)s, %(count)s authorities: %(note)s")
              % {"year": year, "source": source, "count": count, "note": note}
              for source, year, note, count in gap.births_sources]
    need = [
        _("Need parameters for %(where)s: prevalence %(prevalence)s, from %(prevalence_source)s; %(years)s years "
          "of births, from %(years_source)s")
        % {"where": pick(area, "name") if area is not gap.wales else _("Wales (the default)"),
           "prevalence": f"{area.parameters.prevalence:.0%}", "prevalence_source": pick(area.parameters, "prevalence_citation"),
           "years": f"{area.parameters.cohort_years:g}", "years_source": pick(area.parameters, "cohort_years_citation")}
        for area in [gap.wales, *gap.overrides] if area.parameters is not None
    ]
    return (
        [(_("data date"), gap.on.isoformat() if gap.on else data_date_text()),
         (_("made on"), datetime.date.today().isoformat())]
        + ([(_("day shown"), _("As recorded at the end of %(day)s, not today.") % {"day": gap.on.isoformat()})]
           if gap.on else [])
        + [(_("method"), line) for line in method_lines()]
        + [(_("source"), line) for line in births]
        + [(_("source"), line) for line in need]
        + [(_("source"), _("Services: %(paper)s") % {"paper": paper_citation()})]
        + [(_("attribution"), str(line)) for line in ATTRIBUTION]
        + [(_("columns"), _("Each column is described on the data dictionary page: %(address)s")
            % {"address": columns_address})]
    )


def services_for_export() -> list[Service]:
    """Every published service with its host and areas, in two queries."""
    return list(
        Service.objects.published()
        .select_related("organisation")
        .prefetch_related(Prefetch("areas", queryset=LocalAuthority.objects.defer("boundary")))
    )


def services_of(*, gap: GapSummary) -> list[Service]:
    """The published services of a gap: as they stood on its day, with their areas then, for a past day's."""
    if gap.on is None:
        return services_for_export()
    by_code = {a.code: a for a in gap.authorities}
    for service in gap.services:
        service.areas_then = [by_code[code] for code in service.area_codes if code in by_code]
    return gap.services


def _service_row(service: Service) -> list:
    areas = getattr(service, "areas_then", None)
    return [
        service.slug, pick(service, "name"), pick(service.organisation, "name"), service.get_setting_display(),
        service.get_kind_display(), service.get_status_display(),
        "; ".join(pick(a, "name") for a in (service.areas.all() if areas is None else areas)),
        service.get_age_start_display(), service.age_end_months, service.capacity_families_per_year,
        service.last_reviewed.isoformat(), service.source_citation,
    ]


def gap_csv(*, gap: GapSummary, columns_address: str) -> bytes:
    """Every row; what the file is about once, in the last column of the first row."""
    notes = " | ".join(f"{kind}: {text}" for kind, text in about(gap=gap, columns_address=columns_address))
    return csv_bytes([column_names() + [ABOUT.name]] + [
        list(named(row).values()) + [notes if number == 0 else ""] for number, row in enumerate(gap_rows(gap))
    ])


def gap_xlsx(*, gap: GapSummary, services: list[Service], columns_address: str) -> bytes:
    """A workbook: the gap (Wales, regions, authorities), the services, and what it is about."""
    from openpyxl import Workbook

    book = Workbook()
    sheets = [
        (_("Gap"), column_names(), [list(named(row).values()) for row in gap_rows(gap)]),
        (_("Services"), column_names(SERVICE_COLUMNS), [_service_row(s) for s in services]),
        (_("About"), [_("about"), _("text")], [list(pair) for pair in about(gap=gap, columns_address=columns_address)]),
    ]
    book.remove(book.active)
    for title, columns, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(columns)
        for row in rows:
            sheet_append(sheet, row)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _geometries() -> dict[str, str]:
    """Each authority's and region's boundary as GeoJSON, by code."""
    shapes = {code: shape.json for code, shape in
              LocalAuthority.objects.filter(boundary__isnull=False).values_list("code", "boundary")}
    shapes |= {code: shape.json for code, shape in
               Region.objects.filter(boundary__isnull=False).values_list("health_board_code", "boundary")}
    return shapes


def gap_geojson(*, gap: GapSummary, columns_address: str) -> bytes:
    """Every row as a feature (Wales without a geometry), and what the file is about as a top-level member."""
    shapes = _geometries()
    features = [
        {"type": "Feature", "geometry": json.loads(shapes[row["code"]]) if row["code"] in shapes else None,
         "properties": named(row)}
        for row in gap_rows(gap)
    ]
    collection = {"type": "FeatureCollection", ABOUT.name:
                  [{_("about"): kind, _("text"): text} for kind, text in about(gap=gap, columns_address=columns_address)], "features": features}
    return json.dumps(collection, ensure_ascii=False).encode()


def gap_geopackage(*, gap: GapSummary, columns_address: str) -> bytes:
    """Layers for authorities, regions and Wales (EPSG:4326), and a table (no geometry) of what the file is about."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio
    import shapely

    shapes = {code: shapely.from_geojson(shape) for code, shape in _geometries().items()}
    regions = [shapes[r.code] for r in gap.regions if r.code in shapes]
    if regions:  # Wales drawn as its regions together, so its layer is polygons like the others
        shapes[gap.wales.code] = shapely.union_all(regions)
    rows = gap_rows(gap)
    whole = ("live_births", "births_year", "need_low", "need_high", "capacity_low", "capacity_high",
             "unmet_need_low", "unmet_need_high", "authorities_with_team", "authorities_partial",
             "authorities_developing", "authorities_none", "authorities")
    layers = {"local_authorities": "local_authority", "regions": "region", "wales": "wales"}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gap.gpkg"
        for layer, area_type in layers.items():
            chosen = [row for row in rows if row["area_type"] == area_type]
            frame = gpd.GeoDataFrame(
                [named(row) for row in chosen], columns=column_names(),  # columns even when empty
                geometry=[shapes.get(r["code"]) for r in chosen],
                crs="EPSG:4326",
            )
            # Whole numbers with gaps: stored as integers, an unknown figure as a null, never as text or zero.
            for column in AREA_COLUMNS:
                if column.key in whole:
                    frame[str(column.name)] = frame[str(column.name)].astype("Int64")
            frame.to_file(path, driver="GPKG", layer=layer)
        about_table = pd.DataFrame(about(gap=gap, columns_address=columns_address), columns=[_("about"), _("text")])
        pyogrio.write_dataframe(about_table, path, driver="GPKG", layer="about")  # an attributes table
        return path.read_bytes()
