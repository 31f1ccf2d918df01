from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseNotFound
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

from . import exports, geojson, timeline
from .columns import ABOUT, AREA_COLUMNS, SERVICE_COLUMNS
from .changes import changes_between
from .dated import ChangesForm, dated_gap
from .feeds import ChangesFeed
from .gap import gap_summary, gap_summary_covering
from .charts import need_capacity_rows
from .svgmap import svg_map
from .unknowns import unknowns_count, unknowns_list

def _in_name_order(areas: list) -> list:
    """Areas in alphabetical order of their names in the page's language."""
    return sorted(areas, key=lambda area: pick(area, "name"))


SORT_KEYS = {
    "name": lambda a: pick(a, "name"),
    # The region's name as the page gives it (Welsh on a Welsh page), then the authority's.
    "region": lambda a: (pick(a, "region_name"), pick(a, "name")),
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


def _map_labels(*, query: str = "") -> dict:
    """Interface text for the map script, translated here so the script needs no catalogue; links keep the day."""
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
        # The source may simply be silent about an area: say what is recorded, not that nothing is there.
        "no_services": _("No parent-infant relationship service is recorded for this area."),
        "go_to_region": _("Go to"),
        "load_failed": _("The map could not load its data. The table on this page has the same facts."),
        "attribution": str(sources.ATTRIBUTION_SHORT),
        "all_services": _("All __count__ services covering this area"),
        "directory_url": reverse("services:directory"),
        "service_url": reverse("services:service", args=["__slug__"]),
        "region_url": reverse("coverage:region", args=["__slug__"]) + query,
    }


@public_page
def home(request: HttpRequest) -> HttpResponse:
    dated = dated_gap(request)
    context = {**dated.context, "legend": _legend(), "map_labels": _map_labels(query=dated.query)}
    if dated.gap:
        context.update(regions=_in_name_order(dated.gap.regions), authorities=_in_name_order(dated.gap.authorities))
    return render(request, "coverage/home.html", context, status=dated.status)


@public_page
def gap_view(request: HttpRequest) -> HttpResponse:
    dated = dated_gap(request)
    sort = request.GET.get("sort", "")
    direction = request.GET.get("dir", "asc")
    authorities = _in_name_order(dated.gap.authorities) if dated.gap else []
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
        {**dated.context, "authorities": authorities, "sort": sort, "direction": direction, "legend": _legend()},
        status=dated.status,
    )


@public_page
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = selectors.region_get(slug=slug)
    dated = dated_gap(request)
    dated.within = {la.code for la in region.local_authorities.all()}
    if dated.form.errors:
        gap, services, status_note = None, [], None
    elif dated.day is None:
        gap = gap_summary_covering(region_slug=region.slug).region(region.slug)
        services, status_note = service_list_for_region(region=region), region_status_note(region=region)
    else:
        # On a past day: the services as they stood then, and no note (notes describe today).
        gap = dated.gap.region(region.slug) if dated.gap else None
        services, status_note = _services_of(gap), None
    context = {**dated.context, "region": region, "gap": gap, "legend": _legend(), "map_labels": _map_labels(query=dated.query),
               "services": services, "status_note": status_note}
    if gap:
        authorities = _in_name_order(gap.authorities)
        rows, chart_height = need_capacity_rows(areas=authorities)
        context.update(authorities=authorities, chart_rows=rows, chart_height=chart_height)
    return render(request, "coverage/region_detail.html", context, status=dated.status)


def _services_of(gap) -> list:
    """The services covering any authority of an area's gap, each once, in name order."""
    found = {s.pk: s for a in (gap.authorities if gap else []) for s in a.services}
    return sorted(found.values(), key=lambda s: pick(s, "name"))


GEOJSON = "application/geo+json"
CHANGES_PER_PAGE = 50


def _dated_body(request: HttpRequest, name: str, build, dated=None) -> bytes | HttpResponse:
    """A file built from the gap of the day the request names: once per data version for today's.

    A bad date, or a day before the records begin, is answered with a plain message instead.
    """
    dated = dated or dated_gap(request)
    if dated.form.errors:
        return HttpResponseBadRequest(f"{dated.form['on'].label}: {' '.join(dated.form.errors['on'])}",
                                      content_type="text/plain; charset=utf-8")
    if dated.gap is None:
        return HttpResponseNotFound(
            _("No record of coverage on that day: the portal's records begin on %(begins)s.")
            % {"begins": dated.begins.isoformat() if dated.begins else _("no day yet")},
            content_type="text/plain; charset=utf-8",
        )
    if dated.day is None:
        return cached(f"{name}-{get_language()}", lambda: build(dated.gap))
    return build(dated.gap)


@public_page
def authorities_geojson(request: HttpRequest) -> HttpResponse:
    body = _dated_body(request, "geojson-authorities", lambda gap: geojson.authorities_geojson(gap=gap).encode())
    return body if isinstance(body, HttpResponse) else HttpResponse(body, content_type=GEOJSON)


@public_page
def regions_geojson(request: HttpRequest) -> HttpResponse:
    body = _dated_body(request, "geojson-regions", lambda gap: geojson.regions_geojson(gap=gap).encode())
    return body if isinstance(body, HttpResponse) else HttpResponse(body, content_type=GEOJSON)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Each download: its content type, and how to build it from the gap summary and the data dictionary's address.
DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", lambda gap, columns: exports.gap_csv(gap=gap, columns_address=columns)),
    "xlsx": (XLSX, lambda gap, columns: exports.gap_xlsx(gap=gap, services=exports.services_of(gap=gap),
                                                         columns_address=columns)),
    "geojson": (GEOJSON, lambda gap, columns: exports.gap_geojson(gap=gap, columns_address=columns)),
    "gpkg": ("application/geopackage+sqlite3",
             lambda gap, columns: exports.gap_geopackage(gap=gap, columns_address=columns)),
}


def download_wait(*, request: HttpRequest) -> int:
    """Count a download against its client's limit: 0 if it may go ahead, else the seconds to wait.

    A HEAD request for today's file (a link checker, or a browser asking the size) takes nothing away and is
    answered from the cache, so it is not counted; a past day's file is built afresh, so HEAD counts for it.
    """
    return throttle_wait(request=request, scope="downloads", rate=settings.DOWNLOAD_THROTTLE_RATE,
                         setting="DOWNLOAD_RATE_LIMIT", count=request.method != "HEAD" or "on" in request.GET)


# Not kept in the page store, so that every download reaches the view and counts against the limit.
@public_page(store=False)
def gap_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Serve the gap summary as CSV, XLSX, GeoJSON or GeoPackage: built once per data version, language and site."""
    if wait := download_wait(request=request):
        return too_many(request, wait=wait, kind="downloads")
    content_type, build = DOWNLOADS[fmt]
    dated = dated_gap(request)
    # A saved file names the data dictionary by its full address; a file is kept per address, as per language.
    columns = request.build_absolute_uri(reverse("coverage:columns"))
    body = _dated_body(request, f"download-{fmt}-{columns}", lambda gap: build(gap, columns), dated)
    if isinstance(body, HttpResponse):
        return body
    response = HttpResponse(body, content_type=content_type)
    stamp = f"on-{dated.day.isoformat()}" if dated.day else exports.data_date_text().replace(" ", "-")
    welsh = "-cy" if get_language() == "cy" else ""
    response["Content-Disposition"] = f'attachment; filename="wales-pirs-gap-{stamp}{welsh}.{fmt}"'
    return response


@public_page
def data_dictionary(request: HttpRequest) -> HttpResponse:
    """Every column of the downloads: its name in English and in Welsh, and what it holds."""
    tables = [(_("The gap: a row for Wales, each region and each authority"), AREA_COLUMNS + [ABOUT]),
              (_("Services (in the Excel workbook): a row for each published service"), SERVICE_COLUMNS)]
    return render(request, "coverage/columns.html", {"tables": tables})


# Made afresh each day, as it says the day it was printed (every stored page's key holds its day).
@public_page(daily=True)
def gap_print(request: HttpRequest) -> HttpResponse:
    dated = dated_gap(request)
    context = {**dated.context, "legend": _legend(), "printed": timezone.localdate(),
               "address": f"{request.scheme}://{request.get_host()}{request.path}{dated.query}",
               "unknowns_address": f"{request.scheme}://{request.get_host()}{reverse('coverage:unknowns')}"}
    if dated.gap:
        shapes, view_box = svg_map(gap=dated.gap)
        context.update(shapes=shapes, view_box=view_box, authorities=_in_name_order(dated.gap.authorities))
    return render(request, "coverage/gap_print.html", context, status=dated.status)


# Made afresh each day, as a review falls due with the date.
@public_page(daily=True)
def unknowns(request: HttpRequest) -> HttpResponse:
    """What we don't know yet: every figure and fact the portal lacks, what would fill it, who can supply it."""
    topics = unknowns_list(gap=gap_summary(), today=timezone.localdate())
    sections = [(topic, [(unknown, "") for unknown in topic.unknowns]) for topic in topics]
    return render(request, "coverage/unknowns.html", {"sections": sections, "count": unknowns_count(topics)})


@public_page
def changes(request: HttpRequest) -> HttpResponse:
    """What changed: every change that matters to a reader, newest first, by region and days."""
    form = ChangesForm(request.GET)
    filters = form.filters()
    page = Paginator(changes_between(**filters), CHANGES_PER_PAGE).get_page(request.GET.get("page"))
    query = _query_without_page(request)
    return render(request, "coverage/changes.html", {"form": form, "page": page, "query": query,
                                                           "seed_date": sources.SEED_DATE},
                  status=400 if form.errors else 200)


@public_page
def changes_feed(request: HttpRequest) -> HttpResponse:
    """The same list as an Atom feed: the newest changes, with the page's filters."""
    form = ChangesForm(request.GET)
    if form.errors:
        said = [f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        return HttpResponseBadRequest("\n".join(said), content_type="text/plain; charset=utf-8")
    query = _query_without_page(request)
    host = request.get_host().rsplit(":", 1)[0] if not request.get_host().endswith("]") else request.get_host()
    return ChangesFeed(form.filters(), f"?{query}" if query else "", host)(request)


def _query_without_page(request: HttpRequest) -> str:
    """The filters of the request as a query string, the page number left out."""
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


# Made afresh each day, as its last point is today.
@public_page(daily=True)
def over_time(request: HttpRequest) -> HttpResponse:
    """Coverage over time: a chart with its values written on it, and the same figures as a table."""
    found = timeline.points()
    rows, height = timeline.chart_rows(found)
    return render(request, "coverage/over_time.html",
                  {"points": found, "rows": rows, "chart_height": height, "legend": _legend()})
