"""Every page runs a fixed number of SQL queries, whatever the number of services."""

import datetime

import pytest
from django.urls import reverse

from pirs_portal.datacache import data_changed
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
]


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
    for name, args in PAGES:
        data_changed()  # measure the work itself, not a cached page or result
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name, args=args)).status_code == 200
        counts[f"{name}{args}"] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_ten_times_the_services(client, django_assert_max_num_queries):
    seed = query_counts(client)
    add_services(60)  # the seed has 5 services
    grown = query_counts(client)
    assert grown == seed
    for name, args in PAGES:
        data_changed()
        with django_assert_max_num_queries(seed[f"{name}{args}"]):
            client.get(reverse(name, args=args))
