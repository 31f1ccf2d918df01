"""Run a data command as a steward would, and check that a refusal left the database as it was."""

import io
from collections.abc import Callable

import pytest
from django.contrib.gis.geos import GEOSGeometry
from django.core.management import call_command
from django.core.management.base import CommandError

from regions.models import LiveBirths, LocalAuthority, Region


def stored_births() -> list[tuple]:
    """Every live births row, every field."""
    return list(LiveBirths.objects.order_by("area_code", "year").values_list())


def stored_boundaries() -> dict:
    """Every authority's and region's boundary as the database holds it, byte for byte."""
    def ewkb(geometry: GEOSGeometry | None) -> bytes | None:
        return None if geometry is None else bytes(geometry.ewkb)

    return {
        "authorities": {
            la.code: (ewkb(la.boundary), la.boundary_source) for la in LocalAuthority.objects.all()
        },
        "regions": {region.slug: ewkb(region.boundary) for region in Region.objects.all()},
    }


def command_output(command: str, *args, **options) -> str:
    """Run a management command and return what it printed."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def command_refused(command: str, *args, snapshot: Callable[[], object], **options) -> str:
    """Run a command that must refuse its input; assert nothing changed and return the message shown."""
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        command_output(command, *args, **options)
    assert snapshot() == before, "a refused import changed the database"
    message = str(refused.value)
    assert message.startswith("Nothing was imported")
    return message
