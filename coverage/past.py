"""What the gap was made of at the end of a past day, read from the recorded history.

Every record the gap reads keeps its versions (django-simple-history), and a
service's areas are kept with each of its versions, so ``rows_on`` gives
``gap.gap_build`` the same arguments as ``gap.gap_rows`` does for today, as
they stood then. The rules:
- provision (which services were published, their kind, status, areas and
  capacity) is exactly as recorded on that day: a service published later does
  not count, and a change of areas counts from the day it was made;
- geography, births and need parameters are as recorded on that day too; on a
  day before any of them was recorded they are the first figures recorded
  (each births figure names its year, so a reader sees which year it counts);
- a day before any record of provision or geography has no gap at all:
  ``rows_on`` returns None and the page says where the record begins.

The seed's records are dated to the paper they come from (sources.SEED_DATE);
provision before that is recorded by stewards with its source and date.
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from regions.models import WALES_CODE, LiveBirths, LocalAuthority, NeedParameters, Region
from services.models import PastProvision, Service

from .gap import Births, Parameters

AREAS_LINK = "historicalservice_areas"


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def records_begin() -> datetime.date | None:
    """The first day the portal holds a record of Wales's authorities and their provision, or None before any.

    Provision that stewards record from dated sources may go back further, but only
    for the services a source names: before this day the portal cannot say that an
    area had nothing, so it gives no gap, only what the sources record (``sourced_on``).
    """
    first = LocalAuthority.history.aggregate(first=Min("history_date"))["first"]
    return None if first is None else timezone.localdate(first)


def months_changed() -> set[datetime.date]:
    """The first day of every month in which any record the gap reads was changed."""
    return {moment.date() for model in (Service, LocalAuthority, LiveBirths, NeedParameters)
            for moment in model.history.datetimes("history_date", "month")}


def sourced_on(day: datetime.date) -> list[tuple[Service, PastProvision]]:
    """The services dated sources record as running at the end of a day before the record began, with the record."""
    before = _start_of(day + datetime.timedelta(days=1))
    codes = dict(LocalAuthority.objects.values_list("pk", "code"))
    services = _services(before, codes)
    records = {r.version_id: r for r in PastProvision.objects.filter(
        version__in=[s.version_id for s in services])}
    return [(s, records[s.version_id]) for s in services if s.version_id in records]


def _versions(model, before: datetime.datetime):
    """Each record's latest version made before the moment, records deleted by then left out.

    Two versions of a record made in the same instant are both "latest" to the
    database: the callers keep the one written last (``_last_written``).
    """
    return model.history.filter(history_date__lt=before).latest_of_each().exclude(history_type="-")


def _last_written(rows: list, key) -> list:
    """One row per record: of rows with the same record id, the one with the highest history_id."""
    found = {}
    for row in sorted(rows, key=lambda r: key(r)[1]):
        found[key(row)[0]] = row
    return list(found.values())


def _state(model, before: datetime.datetime, fields: tuple[str, ...]) -> list[dict]:
    """Each record as it stood at the moment, or as first recorded if nothing of the kind was recorded by then."""
    first = model.history.aggregate(first=Min("history_date"))["first"]
    if first is None:
        return []
    if first >= before:
        before = first + datetime.timedelta(microseconds=1)
    rows = _last_written(list(_versions(model, before).values("id", "history_id", *fields)),
                         key=lambda r: (r["id"], r["history_id"]))
    return [{name: row[name] for name in fields} for row in rows]


def _services(before: datetime.datetime, codes: dict[int, str]) -> list[Service]:
    """The services published at the moment, as they stood, each with the codes of its areas then."""
    versions = _last_written(list(_versions(Service, before).filter(is_published=True).select_related("organisation")),
                             key=lambda v: (v.id, v.history_id))
    link = Service.history.model._meta.get_field(AREAS_LINK).related_model
    areas: dict[int, list[str]] = {}
    for history_id, la_id in link.objects.filter(history_id__in=[v.history_id for v in versions]).values_list(
        "history_id", "localauthority_id"
    ):
        if la_id in codes:
            areas.setdefault(history_id, []).append(codes[la_id])
    published = set(Service.objects.published().values_list("slug", flat=True))
    services = []
    for version in versions:
        service = version.instance
        service.gone = service.slug not in published  # no page to link to today
        service.organisation = version.organisation
        service.area_codes = sorted(set(areas.get(version.history_id, [])))
        service.version_id = version.history_id
        services.append(service)
    return sorted(services, key=lambda s: s.name_en)


def _latest_births(rows: list[dict]) -> dict[str, Births]:
    latest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: -r["year"]):
        latest.setdefault(row["area_code"], row)
    return {code: Births(r["births"], r["year"], r["source"], r["note"]) for code, r in latest.items()}


def _births_by_year(rows: list[dict], *, codes: list[str]) -> dict[str, dict[int, Births]]:
    wider: dict[str, dict[int, Births]] = {}
    for r in rows:
        if r["area_code"] in codes:
            wider.setdefault(r["area_code"], {})[r["year"]] = Births(r["births"], r["year"], r["source"], r["note"])
    return wider


def rows_on(day: datetime.date) -> dict | None:
    """The arguments of ``gap_build`` as recorded at the end of this day, or None before any record."""
    begins = records_begin()
    if begins is None or day < begins:
        return None
    before = _start_of(day + datetime.timedelta(days=1))
    regions = [Region(**row) for row in _state(Region, before, ("id", "slug", "name_en", "name_cy",
                                                                "health_board_code"))]
    authorities = [LocalAuthority(**row) for row in _state(LocalAuthority, before, ("id", "code", "name_en",
                                                                                    "name_cy", "region_id"))]
    births = _state(LiveBirths, before, ("area_code", "year", "births", "source", "note"))
    parameters = _state(NeedParameters, before, ("region_id", "prevalence", "cohort_years", "prevalence_citation",
                                                 "cohort_years_citation", "prevalence_citation_cy",
                                                 "cohort_years_citation_cy"))
    return {
        "regions": sorted(regions, key=lambda r: r.name_en),
        "authorities": sorted(authorities, key=lambda a: a.name_en),
        "services": _services(before, {a.pk: a.code for a in authorities}),
        "births": _latest_births(births),
        "wider": _births_by_year(births, codes=[WALES_CODE, *(r.health_board_code for r in regions)]),
        "parameters": {
            p["region_id"]: Parameters(p["prevalence"], p["cohort_years"], p["prevalence_citation"],
                                       p["cohort_years_citation"], p["prevalence_citation_cy"],
                                       p["cohort_years_citation_cy"])
            for p in parameters
        },
    }
