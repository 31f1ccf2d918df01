"""The recommendations pages, their downloads and the region pages run a fixed number of queries at ten times the data."""

import datetime

import pytest
from django.urls import reverse

from pirs_portal.datacache import data_changed
from recommendations.models import Evidence, Recommendation
from regions.models import Region

pytestmark = pytest.mark.django_db

PAGES = [
    ("recommendations:list", []),
    ("recommendations:detail", [1]),
    ("recommendations:detail", [9]),
    ("recommendations:recommendations_csv", []),
    ("recommendations:evidence_csv", []),
    ("recommendations:json", []),
    ("coverage:region", ["cardiff-and-vale"]),
    # A region with evidence: one with none skips the query for the entries' recommendations, one fewer.
    ("coverage:region", ["west-wales"]),
]


def ten_times_the_data() -> None:
    """Nine recommendations become ninety, and fifteen entries a hundred and fifty, spread over regions."""
    seed = Recommendation.objects.count()
    for number in range(seed + 1, seed * 10 + 1):
        Recommendation.objects.create(number=number, title_en=f"Made {number}", title_cy=f"Gwnaed {number}",
                                      summary_en="Made for the query-count test.")
    recommendations = list(Recommendation.objects.all())
    regions = [None, *Region.objects.all()]
    for n in range(Evidence.objects.count() * 9):
        entry = Evidence.objects.create(
            happened_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=n), summary_en=f"Entry {n}.",
            summary_cy=f"Cofnod {n}.", source_url=f"https://example.org/{n}", source_title=f"Source {n}",
            publisher="Test", region=regions[n % len(regions)])
        entry.recommendations.set(recommendations[n % 90: n % 90 + 1 + n % 3])


def query_counts(client) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    counts = {}
    for name, args in PAGES:
        for prefix in ("", "/cy"):
            with translation.override("en"):
                path = prefix + reverse(name, args=args)
            data_changed()  # measure the work itself, not a stored page
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counts[f"{prefix}{name}{args}"] = len(queries)
    return counts


def test_query_counts_do_not_grow_with_ten_times_the_recommendations_and_evidence(client):
    seed = query_counts(client)
    ten_times_the_data()
    assert Evidence.objects.count() == 150 and Recommendation.objects.count() == 90
    assert query_counts(client) == seed
