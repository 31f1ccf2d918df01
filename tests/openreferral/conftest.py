import pytest
from django.contrib.gis.geos import Point
from django.core.cache import cache

from regions.models import Postcode


@pytest.fixture(autouse=True)
def fresh_throttle():
    """Start each test with no requests counted against the test client's address."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def postcodes(db):
    """A Newport postcode, an English one (Bristol) and a Newport one with no grid reference."""
    return Postcode.objects.bulk_create([
        Postcode(postcode="NP20 4UR", area_code="W06000022", point=Point(-2.99, 51.59, srid=4326)),
        Postcode(postcode="BS1 4DJ", area_code="E06000023", point=Point(-2.59, 51.45, srid=4326)),
        Postcode(postcode="NP20 9ZZ", area_code="W06000022", point=None),
    ])


@pytest.fixture
def api(client):
    """GET a path under the API's one base URL, with query parameters."""

    def get(path: str = "", **params):
        return client.get("/api/oruk/" + path, params)

    return get
