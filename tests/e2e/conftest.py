"""A real headless Chromium against the live test server, with the seed loaded for every test."""

import io
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
RESULTS = Path(os.environ.get("TEST_RESULTS") or Path(__file__).resolve().parents[2] / "test-results")
NEWPORT_POSTCODE = "NP20 4UR"

expect.set_options(timeout=10_000)  # a loaded 2-core machine can be slow to draw the map


@pytest.fixture(scope="package")
def browser(django_db_setup):
    """Start one Chromium for these tests, after the test database exists; stop it when they are done."""
    # Playwright's sync API keeps an asyncio loop in this thread, and Django refuses
    # database work in a thread with a running loop. Nothing here is async: the
    # seed loading and the flush between tests are plain sync code.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def seeded(browser, live_server):
    """Reload the seed and a Newport postcode: the live server's database is flushed after each test."""
    from django.contrib.gis.geos import Point

    from regions.models import Postcode, Region

    if not Region.objects.exists():
        call_command("load_seed", verbosity=0, stdout=io.StringIO())
    newport = {"area_code": "W06000022", "point": Point(-2.99, 51.59, srid=4326)}
    Postcode.objects.get_or_create(postcode=NEWPORT_POSTCODE, defaults=newport)


@pytest.fixture
def page(browser, live_server, seeded, request):
    """Give each test a fresh page on the live server; save a screenshot when the test fails."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    # Let the page's own requests (the map's boundaries, say) finish before the
    # context closes: a request still running on the live server when the test
    # ends holds SQLite's lock, and the flush after the test then fails.
    try:
        page.wait_for_load_state("networkidle", timeout=10_000)
    except PlaywrightError:
        pass  # a page that never settles is the test's to report, not the teardown's
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        RESULTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        page.screenshot(path=RESULTS / f"{name}.png", full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so the page fixture can see a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
