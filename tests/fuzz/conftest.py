import logging

import pytest
from django.contrib.gis.geos import Point

from regions.models import Postcode

from .tally import COUNTS_FILE, SESSION


def pytest_terminal_summary(terminalreporter) -> None:
    """End the run with what each fuzz target tried and the server errors it met."""
    if not SESSION:
        return
    terminalreporter.section("fuzzing: inputs tried")
    for tally in SESSION:
        terminalreporter.write_line(tally.line())
    total = sum(t.inputs for t in SESSION)
    errors = sum(t.server_errors for t in SESSION)
    terminalreporter.write_line(f"all: {total} inputs, {errors} server errors (details in {COUNTS_FILE.name})")


@pytest.fixture
def postcodes(db) -> None:
    """Postcodes with each lookup outcome: Welsh, Welsh with no grid point, English, unknown authority."""
    Postcode.objects.bulk_create([
        Postcode(postcode="NP20 4UR", area_code="W06000022", point=Point(-2.99, 51.59, srid=4326)),
        Postcode(postcode="CF10 1AA", area_code="W06000015", point=None),
        Postcode(postcode="CH1 1AA", area_code="E06000050", point=Point(-2.89, 53.19, srid=4326)),
        Postcode(postcode="ZZ9 9ZZ", area_code="", point=None),
        Postcode(postcode="LL11 1AA", area_code="W06999999", point=None),
    ])


@pytest.fixture(autouse=True)
def quiet_logs():
    """Keep each refused request (django.request) and each file written (pyogrio) out of the output."""
    loggers = [logging.getLogger(name) for name in ("django.request", "pyogrio")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    yield
    for logger, level in zip(loggers, levels):
        logger.setLevel(level)
