"""build_synthetic_data adds marked, removable rows for benchmarks, and the pages see them at once."""

import pytest
from django.core.management.base import CommandError

from regions.models import LiveBirths, LocalAuthority, Region
from services.models import Organisation, Service
from tests.regions.commands import command_output

pytestmark = pytest.mark.django_db


def build(**options) -> str:
    return command_output("build_synthetic_data", services=60, areas=30, batch_size=7, throwaway_database=True,
                          **options)


def test_it_tops_the_seed_up_to_the_totals_asked_for_with_marked_rows():
    output = build()
    assert Service.objects.count() == 60 and LocalAuthority.objects.count() == 30
    assert Service.objects.exclude(slug__startswith="synthetic-").count() == 5
    synthetic = LocalAuthority.objects.filter(code__startswith="X")
    assert synthetic.count() == 8 and all(a.region.slug == "synthetic-region" for a in synthetic)
    assert LiveBirths.objects.filter(area_code__startswith="X").count() == 8
    assert "services: 55 of 55" in output and "Synthetic data built" in output


def test_every_synthetic_service_covers_an_area_and_has_disciplines():
    build()
    services = list(Service.objects.filter(slug__startswith="synthetic-").prefetch_related("areas", "disciplines"))
    assert len(services) == 55
    for service in services:
        assert service.areas.exists() and service.disciplines.exists()


def test_synthetic_areas_lie_clear_of_every_real_authority():
    build()
    outline = Region.objects.get(slug="synthetic-region").boundary
    assert not LocalAuthority.objects.filter(code__startswith="W", boundary__intersects=outline).exists()
    areas = list(LocalAuthority.objects.filter(code__startswith="X"))
    assert len(areas) == 8
    for area in areas:
        assert area.boundary.within(outline.buffer(1e-9))


def test_pages_show_the_synthetic_data_straight_away(client):
    assert "Synthetic area 001" not in client.get("/gap/").content.decode()
    build()
    assert "Synthetic area 001" in client.get("/gap/").content.decode()
    command_output("build_synthetic_data", delete=True)
    assert "Synthetic area 001" not in client.get("/gap/").content.decode()


def test_delete_removes_every_synthetic_row_and_nothing_else():
    before = (Service.objects.count(), LocalAuthority.objects.count(), Region.objects.count(),
              Organisation.objects.count(), LiveBirths.objects.count(), Service.history.count())
    build()
    output = command_output("build_synthetic_data", delete=True)
    after = (Service.objects.count(), LocalAuthority.objects.count(), Region.objects.count(),
             Organisation.objects.count(), LiveBirths.objects.count(), Service.history.count())
    assert after == before
    assert "55 services" in output and "8 areas" in output


def test_it_refuses_to_build_twice():
    build()
    with pytest.raises(CommandError, match="--delete"):
        build()


def test_it_refuses_a_database_without_the_seed():
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    with pytest.raises(CommandError, match="load_seed"):
        build()
    assert not Service.objects.exists()


def test_it_refuses_totals_the_seed_already_reaches():
    with pytest.raises(CommandError, match="22 areas"):
        command_output("build_synthetic_data", services=100, areas=22, throwaway_database=True)


def test_it_refuses_to_fill_a_database_not_declared_a_throwaway():
    with pytest.raises(CommandError, match="--throwaway-database"):
        command_output("build_synthetic_data", services=60, areas=30)
    assert not Service.objects.filter(slug__startswith="synthetic-").exists()
