import csv
import datetime
import io

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from pirs_portal.loading import LoadOnceCommand
from pirs_portal.sources import SEED_DATE
from regions.importers import ImportRefused, births_import, boundaries_import
from regions.models import LocalAuthority, Region
from services.models import ReferralSource, RoutePointer, Service, ServiceFact, UniversalRoute

FIXTURES = settings.BASE_DIR / "fixtures"
BOUNDARY_SOURCE = (
    "Derived from the ONS Postcode Directory (OGL v3) and Natural Earth land; see derive_boundaries"
)


class Command(LoadOnceCommand, marker=Region, refused=ImportRefused):
    help = "Load the committed seed: geography, boundaries, births, need parameters and the directory."

    nothing_to_do = "Seed data is already loaded; nothing to do."
    # Loading again would put the seed's values over stewards' edits, and add its routes twice.
    loaded_already = ("Seed data is already loaded in this database, and it was left as it was. Loading the seed "
                      "again would overwrite stewards' edits. To start afresh, use a new, empty database.")
    failure = "The seed could not be loaded"

    def load(self) -> list[str]:
        call_command("loaddata", "geography", "need_parameters", "services", "universal_routes", verbosity=0)
        boundaries = boundaries_import(
            path=FIXTURES / "local_authorities.geojson", code_field="code", source=BOUNDARY_SOURCE
        )
        births = births_import(path=FIXTURES / "live_births.csv")
        facts = _facts_load(FIXTURES / "service_facts.csv")
        call_command("load_recommendations", stdout=self.stdout, stderr=self.stderr)  # the paper's nine
        _referral_sources_load(FIXTURES / "referral_detail_sources.csv")
        _route_pointers_load(FIXTURES / "route_pointers.csv")
        moment = _seed_history()
        # loaddata skips auto_now too: the seed's rows were last changed when their history begins, on the
        # day of the paper they come from, so "last changed" and the list of changes tell the same story.
        Service.objects.filter(updated_at__isnull=True).update(updated_at=moment)
        return [f"Boundaries: {boundaries.lines()[0]}", f"Live births: {births.lines()[0]}",
                f"Service facts: {facts} loaded, each with its source.", self.style.SUCCESS("Seed data loaded.")]


def _seed_history() -> datetime.datetime:
    """Give every seed record one starting version, dated to the paper the seed comes from, with its links.

    loaddata writes raw rows, which the audit history skips, except for the versions
    its many-to-many links set off; populate_history writes versions without links.
    So: drop those partial versions, write one version of each record, date it, and
    give each service's version its areas and other links (coverage/past.py reads them).
    """
    tracked = [model for name in ("regions", "services") for model in apps.get_app_config(name).get_models()
               if getattr(model._meta, "simple_history_manager_attribute", None) == "history"]
    for model in tracked:
        model.history.all().delete()
    call_command("populate_history", auto=True, verbosity=0, stderr=io.StringIO())
    moment = timezone.make_aware(datetime.datetime.combine(SEED_DATE, datetime.time.min))
    for model in tracked:
        model.history.all().update(history_date=moment)
    records = {record.id: record for record in Service.history.all()}
    for field in Service._meta.many_to_many:
        link = Service.history.model._meta.get_field(f"historicalservice_{field.name}").related_model
        target = field.m2m_reverse_field_name()
        link.objects.bulk_create(
            link(history=records[row.service_id], id=row.id, service_id=row.service_id,
                 **{f"{target}_id": getattr(row, f"{target}_id")})
            for row in field.remote_field.through.objects.filter(service_id__in=records)
        )
    return moment


def _service_rows(path, *, valid) -> tuple[list[dict], dict[str, Service]]:
    """Read a seed CSV of one row per service detail, refusing it whole if any row is not valid(row, services)."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    services = {service.slug: service for service in Service.objects.all()}
    problems = [
        f"{path.name} line {line}: {row}" for line, row in enumerate(rows, start=2)
        if row["service_slug"] not in services or not row["source"].strip() or not valid(row)
    ]
    if problems:
        raise ImportRefused(problems)
    return rows, services


def _facts_load(path) -> int:
    """Record each yes-or-no fact the seed's sources state; a fact they are silent on has no row."""
    answers = {"yes": True, "no": False}
    rows, services = _service_rows(path, valid=lambda row: row["key"] in ServiceFact.Key.values
                                   and row["holds"] in answers)
    ServiceFact.objects.bulk_create(
        ServiceFact(service=services[row["service_slug"]], key=row["key"], holds=answers[row["holds"]],
                    source=row["source"], checked_on=services[row["service_slug"]].last_reviewed)
        for row in rows
    )
    return len(rows)


def _referral_sources_load(path) -> int:
    """Record where each referral detail of the seed comes from; a detail that is not published has no row."""
    rows, services = _service_rows(path, valid=lambda row: row["detail"] in ReferralSource.Detail.values)
    ReferralSource.objects.bulk_create(
        ReferralSource(service=services[row["service_slug"]], detail=row["detail"], source=row["source"],
                       source_url=row["source_url"], checked_on=services[row["service_slug"]].last_reviewed)
        for row in rows
    )
    return len(rows)


def _route_pointers_load(path) -> int:
    """Record the contacts and pointers public pages give for the routes every family has, each with its page."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    routes = {route.name_en: route for route in UniversalRoute.objects.all()}
    regions = {region.slug: region for region in Region.objects.all()}
    authorities = {la.code: la for la in LocalAuthority.objects.all()}
    problems = [
        f"{path.name} line {line}: {row}" for line, row in enumerate(rows, start=2)
        if row["route"] not in routes or row["kind"] not in RoutePointer.Kind.values
        or (row["region"] and row["region"] not in regions) or (row["local_authority"] and row["local_authority"] not in authorities)
        or not (row["value_en"].strip() and row["source_title"].strip() and row["source_url"].strip())
    ]
    if problems:
        raise ImportRefused(problems)
    RoutePointer.objects.bulk_create(
        RoutePointer(route=routes[row["route"]], region=regions.get(row["region"]),
                     local_authority=authorities.get(row["local_authority"]), kind=row["kind"],
                     value_en=row["value_en"], value_cy=row["value_cy"], source_title=row["source_title"],
                     source_url=row["source_url"], source_date=row["source_date"] or None)
        for row in rows
    )
    return len(rows)
