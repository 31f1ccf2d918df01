"""Every page runs a fixed number of SQL queries, whatever the number of services."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pirs_portal.datacache import data_changed
from pirs_portal.sources import SEED_DATE
from regions.models import LocalAuthority
from services.models import Discipline, Intervention, Organisation, Service

pytestmark = pytest.mark.django_db

PAGES = [
    ("coverage:home", []),
    ("coverage:gap", []),
    ("coverage:region", ["gwent"]),
    ("coverage:region", ["north-wales"]),
    ("coverage:authorities_geojson", []),
    ("coverage:regions_geojson", []),
    ("coverage:gap_print", []),
    ("coverage:gap_download", ["csv"]),
    ("coverage:gap_download", ["xlsx"]),
    ("services:service", ["g-pimhs"]),
    ("coverage:changes", []),
    ("coverage:changes_feed", []),
    ("coverage:over_time", []),
]
# Pages on a past day (coverage/past.py): the same pages, read from the recorded history.
ON_A_PAST_DAY = ["coverage:home", "coverage:gap", "coverage:gap_download", "coverage:authorities_geojson"]
PAST_DAY = {"on": "2025-06-01"}


def add_services(count: int) -> None:
    authorities = list(LocalAuthority.objects.all())
    organisation = Organisation.objects.first()
    interventions = list(Intervention.objects.all())
    disciplines = list(Discipline.objects.all())
    for n in range(count):
        service = Service.objects.create(
            slug=f"bulk-{n}", name_en=f"Bulk service {n}", summary_en="Made for the query-count test.",
            organisation=organisation, setting=Service.Setting.CAMHS,
            kind=list(Service.Kind)[n % 3], status=list(Service.Status)[n % 3], age_start="birth",
            age_end_months=24, source_citation="Test", last_reviewed=datetime.date(2026, 1, 1), is_published=True,
        )
        service.areas.set(authorities[n % 22: n % 22 + 3])
        service.interventions.set(interventions[: n % 5 + 1])
        service.disciplines.set(disciplines[: n % 4 + 1])


def query_counts(client) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, args, query in visits():
        data_changed()  # measure the work itself, not a cached page or result
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args), query).status_code == 200
        counts[f"{name}{args}{query}"] = len(queries)
    return counts


def visits() -> list[tuple[str, list, dict]]:
    """Every page the test reads: each public page today, and the dated ones on a past day."""
    return [(name, args, {}) for name, args in PAGES] + [
        (name, [arg for n, arg in [("coverage:gap_download", "csv")] if n == name], PAST_DAY)
        for name in ON_A_PAST_DAY]


def test_query_counts_do_not_grow_with_ten_times_the_services(client, django_assert_max_num_queries):
    seed = query_counts(client)
    add_services(60)  # the seed has 5 services
    # Their history too, so that the past day reads ten times the versions: dated in the month the record
    # began, as the chart over time works out one point for each month with a change, whatever the data.
    Service.history.filter(slug__startswith="bulk-").update(
        history_date=timezone.make_aware(datetime.datetime.combine(SEED_DATE, datetime.time(12))))
    from coverage.dated import gap_on
    assert len(gap_on(datetime.date(2025, 6, 1)).services) == 65
    grown = query_counts(client)
    assert grown == seed
    for name, args, query in visits():
        data_changed()
        with django_assert_max_num_queries(seed[f"{name}{args}{query}"]):
            client.get(reverse(name, args=args), query)
