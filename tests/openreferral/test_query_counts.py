"""Every API request runs a fixed number of SQL queries, however many services there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openreferral.ids import organisation_id, service_at_location_id, service_id
from openreferral.taxonomies import INTERVENTION
from pirs_portal.datacache import data_changed
from regions.models import LocalAuthority
from services.models import Intervention, Organisation, Service

pytestmark = pytest.mark.django_db

GPIMHS_ID = service_id(slug="g-pimhs")
REQUESTS = [
    ("services", {"per_page": 200}),
    ("services", {"per_page": 200, "search": "service", "minimum_age": 0, "maximum_age": 3}),
    ("services", {"per_page": 200, "taxonomy_term_id": "intervention"}),
    ("services", {"per_page": 200, "taxonomy_id": INTERVENTION.id, "modified_after": "2020-01-01"}),
    (f"services/{GPIMHS_ID}", {}),
    ("service_at_locations", {"per_page": 200}),
    ("service_at_locations", {"per_page": 200, "postcode": "NP20 4UR", "proximity": 20000}),
    ("services", {"per_page": 200, "full": "true"}),
    ("services", {"minimal": "true", "organization_id": organisation_id(slug="aneurin-bevan-uhb")}),
    ("services", {"format": "ndjson", "full": "true", "modified_after": "2020-01-01T09:00:00Z"}),
    ("service_at_locations", {"per_page": 200, "full": "true"}),
    (f"service_at_locations/{service_at_location_id(slug='g-pimhs', code='W06000022')}", {}),
    ("organizations", {"per_page": 200, "search": "board"}),
    ("organizations", {"per_page": 200, "full_service": "true"}),
    (f"organizations/{organisation_id(slug='aneurin-bevan-uhb')}", {"full_service": "true"}),
    ("taxonomies", {}),
    ("taxonomy_terms", {"per_page": 200, "search": "circle"}),
    ("taxonomy_terms", {"per_page": 200}),
]


def grow_directory(*, to: int) -> None:
    """Add published services, each over three authorities with two interventions, until there are `to`."""
    authorities = list(LocalAuthority.objects.order_by("code"))
    interventions = list(Intervention.objects.order_by("slug"))
    organisation = Organisation.objects.order_by("slug").first()
    extra = to - Service.objects.published().count()
    added = Service.objects.bulk_create(
        Service(slug=f"grown-{n}", name_en=f"Grown service {n}", summary_en="Added to grow the directory.",
                organisation=organisation, kind=Service.Kind.SPECIALIST_TEAM,
                status=Service.Status.ESTABLISHED,
                setting=Service.Setting.CAMHS, age_start=Service.AgeStart.BIRTH, age_end_months=36,
                source_citation="Test", last_reviewed=datetime.date(2026, 1, 1), is_published=True)
        for n in range(extra)
    )
    Service.areas.through.objects.bulk_create(
        Service.areas.through(service=s, localauthority=authorities[(n + k * 7) % len(authorities)])
        for n, s in enumerate(added) for k in range(3)
    )
    Service.interventions.through.objects.bulk_create(
        Service.interventions.through(service=s, intervention=interventions[(n + k) % len(interventions)])
        for n, s in enumerate(added) for k in range(2)
    )
    data_changed()  # bulk_create sends no signals, so say the data changed, as a bulk import must


def query_counts(api, term: str) -> dict[str, int]:
    data_changed()  # count the queries that compute each answer, not a cached page's
    counts = {}
    for path, params in REQUESTS:
        params = {k: term if v == "intervention" else v for k, v in params.items()}
        with CaptureQueriesContext(connection) as queries:
            assert api(path, **params).status_code == 200
        counts[f"{path} {sorted(params)}"] = len(queries)
    return counts


def test_query_counts_stay_the_same_with_ten_times_the_services(api, postcodes):
    terms = api("taxonomy_terms").json()["contents"]
    term = next(t["id"] for t in terms if t["code"] == "video-interaction-guidance")
    seed = query_counts(api, term)
    grow_directory(to=10 * Service.objects.published().count())
    assert Service.objects.published().count() == 50
    assert api("services", per_page=200).json()["total_items"] == 50
    assert query_counts(api, term) == seed
    assert max(seed.values()) <= 6
