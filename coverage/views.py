from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pirs_portal import sources
from pirs_portal.bilingual import pick
from pirs_portal.datacache import cached
from pirs_portal.pages import public_page
from pirs_portal.throttle import throttle_wait, too_many
from regions import selectors
from services.provision import Level
from services.selectors import region_status_note, service_list_for_region

from . import exports, geojson
from .columns import ABOUT, AREA_COLUMNS, SERVICE_COLUMNS
from .gap import gap_summary, gap_summary_covering
from .charts import need_capacity_rows
from .svgmap import svg_map
from .unknowns import unknowns_count, unknowns_list

def _in_name_order(areas: list) -> list:
    """Areas in alphabetical order of their names in the page's language."""
    return sorted(areas, key=lambda area: pick(area, "name"))


SORT_KEYS = {
    "name": lambda a: pick(a, "name"),
    "region": lambda a: a.region_slug,
    "level": lambda a: list(Level).index(a.level),
    "births": lambda a: a.births.count if a.births else None,
    # A figure sorts by its lower bound; one not known (or no capacity at all) sorts last.
    "need": lambda a: a.need.sort_key() if a.need.known else None,
    "capacity": lambda a: a.capacity.sort_key() if a.capacity and a.capacity.known else None,
    "unmet": lambda a: a.unmet.sort_key() if a.unmet.known else None,
}


def _legend() -> list[tuple[str, str, str]]:
    descriptions = {
        Level.TEAM: _("An established specialist parent-infant relationship team takes referrals for babies here."),
        Level.PARTIAL: _("Parent-infant specialists inside another service, for some families only."),
        Level.DEVELOPING: _("Workforce development or a service still being set up; no specialist therapy yet."),
        Level.NONE: _("No parent-infant relationship offer is recorded."),
    }
    return [(level.value, level.label, descriptions[level]) for level in Level]


def _map_labels() -> dict:
    """Interface text for the map script, translated here so the script needs no catalogue."""
    return {
        "levels": {level.value: str(level.label) for level in Level},
        "level": _("Provision level"),
        "region": _("Region"),
        "births": _("Live births (year, source)"),
        "need": _("Babies who would benefit"),
        "unmet": _("Unmet need"),
        "at_least": _("at least __low__"),
        "between": _("between __low__ and __high__"),
        "not_known": _("not known"),
        "services": _("Services"),
        "no_services": _("No parent-infant relationship service covers this area."),
        "go_to_region": _("Go to"),
        "load_failed": _("The map could not load its data. The table on this page has the same facts."),
        "attribution": str(sources.ATTRIBUTION_SHORT),
        "all_services": _("All __count__ services covering this area"),
        "directory_url": reverse("services:directory"),
        "service_url": reverse("services:service", args=["__slug__"]),
        "region_url": reverse("coverage:region", args=["__slug__"]),
    }


@public_page
def home(request: HttpRequest) -> HttpResponse:
    gap = gap_summary()
    return render(
        request,
        "coverage/home.html",
        {"gap": gap, "legend": _legend(), "regions": _in_name_order(gap.regions), "map_labels": _map_labels(),
         "authorities": _in_name_order(gap.authorities)},
    )


@public_page
def gap_view(request: HttpRequest) -> HttpResponse:
    gap = gap_summary()
    sort = request.GET.get("sort", "")
    direction = request.GET.get("dir", "asc")
    authorities = _in_name_order(gap.authorities)
    if sort in SORT_KEYS and direction in ("asc", "desc"):
        key = SORT_KEYS[sort]
        known = [a for a in authorities if key(a) is not None]
        unknown = [a for a in authorities if key(a) is None]
        # Unknown figures always sort last, whichever way the column is sorted.
        authorities = sorted(known, key=key, reverse=direction == "desc") + unknown
    else:
        sort, direction = "", "asc"
    return render(
        request,
        "coverage/gap.html",
        {"gap": gap, "authorities": authorities, "sort": sort, "direction": direction, "legend": _legend()},
    )


@public_page
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = selectors.region_get(slug=slug)
    gap = gap_summary_covering(region_slug=region.slug).region(region.slug)
    authorities = _in_name_order(gap.authorities)
    rows, chart_height = need_capacity_rows(areas=authorities)
    return render(
        request,
        "coverage/region_detail.html",
        {
            "region": region,
            "gap": gap,
            "chart_rows": rows,
            "authorities": authorities,
            "chart_height": chart_height,
            "legend": _legend(),
            "map_labels": _map_labels(),
            "services": service_list_for_region(region=region),
            "status_note": region_status_note(region=region),
        },
    )


GEOJSON = "application/geo+json"


@public_page
def authorities_geojson(request: HttpRequest) -> HttpResponse:
    body = cached(f"geojson-authorities-{get_language()}", lambda: geojson.authorities_geojson(gap=gap_summary()).encode())
    return HttpResponse(body, content_type=GEOJSON)


@public_page
def regions_geojson(request: HttpRequest) -> HttpResponse:
    body = cached(f"geojson-regions-{get_language()}", lambda: geojson.regions_geojson(gap=gap_summary()).encode())
    return HttpResponse(body, content_type=GEOJSON)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each download: its content type, and how to build it from the gap summary.
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", lambda gap: exports.gap_csv(gap=gap)),
    "xlsx": (XLSX, lambda gap: exports.gap_xlsx(gap=gap, services=exports.services_for_export())),
    "geojson": (GEOJSON, lambda gap: exports.gap_geojson(gap=gap)),
    "gpkg": ("application/geopackage+sqlite3", lambda gap: exports.gap_geopackage(gap=gap)),
}


def download_wait(*, request: HttpRequest) -> int:
    """Count a download against its client's limit: 0 if it may go ahead, else the seconds to wait."""
    return throttle_wait(request=request, scope="downloads", rate=settings.DOWNLOAD_THROTTLE_RATE,
                         setting="DOWNLOAD_RATE_LIMIT")


# Not kept in the page store, so that every download reaches the view and counts against the limit.
@public_page(store=False)
def gap_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Serve the gap summary as CSV, XLSX, GeoJSON or GeoPackage: built once per data version and language."""
    if wait := download_wait(request=request):
        return too_many(request, wait=wait, kind="downloads")
    content_type, build = DOWNLOADS[fmt]
    body = cached(f"download-{fmt}-{get_language()}", lambda: build(gap_summary()))
    response = HttpResponse(body, content_type=content_type)
    stamp = exports.data_date_text().replace(" ", "-")
    welsh = "-cy" if get_language() == "cy" else ""
    response["Content-Disposition"] = f'attachment; filename="wales-pirs-gap-{stamp}{welsh}.{fmt}"'
    return response


@public_page
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """Every column of the downloads: its name in English and in Welsh, and what it holds."""
    tables = [(_("The gap: a row for Wales, each region and each authority"), AREA_COLUMNS + [ABOUT]),
              (_("Services (in the Excel workbook): a row for each published service"), SERVICE_COLUMNS)]
    return render(request, "coverage/columns.html", {"tables": tables})


# Made afresh each day, as it says the day it was printed: kept by HTTP caches for its max-age only.
@public_page(store=False, daily=True)
def gap_print(request: HttpRequest) -> HttpResponse:
    gap = gap_summary()
    shapes, view_box = svg_map(gap=gap)
    return render(
        request,
        "coverage/gap_print.html",
        {"gap": gap, "shapes": shapes, "view_box": view_box, "legend": _legend(), "data_date": exports.data_date(),
         "authorities": _in_name_order(gap.authorities), "printed": timezone.localdate(),
         "address": f"{request.scheme}://{request.get_host()}{request.path}"},
    )


# Made afresh each day, as a review falls due with the date.
@public_page(daily=True)
def unknowns(request: HttpRequest) -> HttpResponse:
    """What we don't know yet: every figure and fact the portal lacks, what would fill it, who can supply it."""
    topics = unknowns_list(gap=gap_summary(), today=timezone.localdate())
    sections = [(topic, [(unknown, "") for unknown in topic.unknowns]) for topic in topics]
    return render(request, "coverage/unknowns.html", {"sections": sections, "count": unknowns_count(topics)})
