"""Every page type passes axe-core's WCAG 2.2 A and AA rules, in English and in Welsh."""

import csv
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .axe import assert_no_violations, axe_violations, describe
from .pages import MAP_SHAPES, NEWPORT, map_drawn, shape

pytestmark = pytest.mark.e2e


def _pages() -> dict[str, tuple[str, str]]:
    """Each page type in accessibility_pages.csv: its path, and a selector that shows it has drawn (or "map")."""
    with (Path(__file__).parent / "accessibility_pages.csv").open(encoding="utf-8", newline="") as file:
        return {row["name"]: (row["path"], MAP_SHAPES if row["ready"] == "map" else row["ready"])
                for row in csv.DictReader(file)}


PAGES = _pages()
# The pages that take a day (?on=): on a past day, on a day before the record began, and with one that is no day.
for name, (path, ready) in [("home", PAGES["home"]), ("gap", PAGES["gap"]), ("region", PAGES["region with a team"])]:
    PAGES[f"{name} on a past day"] = (f"{path}?on=2025-06-01", ready)
PAGES["home before the record began"] = ("/?on=2024-01-01", ".notice")
PAGES["gap with a bad day"] = ("/gap/?on=bad-day", ".field-error")


def fits_320_pixels(page) -> bool:
    """Say whether the page reflows into 320 CSS pixels (1280 at 400% zoom) without scrolling sideways."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    try:
        return page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        page.set_viewport_size(size)


def open_drawn(page, path: str, ready: str, language: str) -> None:
    """Open a page and wait until it has drawn, the map's keyboard access included."""
    response = page.goto(path)
    expected = 404 if "no-such-page" in path else 400 if "bad-day" in path else 200
    assert response is not None and response.status == expected, f"{path}: {response and response.status}"
    if ready == MAP_SHAPES:
        map_drawn(page)
    else:
        expect(page.locator(ready).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations_in_english_or_welsh(page, name):
    path, ready = PAGES[name]
    report = []
    for language, prefix in (("en", ""), ("cy", "/cy")):
        open_drawn(page, prefix + path, ready, language)
        violations = axe_violations(page)
        if violations:
            report.append(f"{page.url}\n{describe(violations)}")
        if page.locator("h1").count() != 1:
            report.append(f"{page.url}\nthe page has {page.locator('h1').count()} h1 headings, not one")
        if not fits_320_pixels(page):
            report.append(f"{page.url}\nat 320 pixels wide the page scrolls sideways")
    assert not report, "\n\n".join(report)


@pytest.mark.parametrize("language, prefix, newport", [("en", "", "Newport"), ("cy", "/cy", "Casnewydd")])
def test_map_with_an_area_selected_has_no_wcag_violations(page, language, prefix, newport):
    open_drawn(page, prefix + "/", MAP_SHAPES, language)
    shape(page, NEWPORT).click()
    expect(page.locator("#area-panel h2")).to_have_text(newport)
    assert_no_violations(page)


def test_open_referral_docs_at_the_apis_own_address_have_no_wcag_violations(page):
    # The API's own base address has no /cy/ form; the same page in both languages is in PAGES as /api/docs/.
    open_drawn(page, reverse("openreferral:docs"), "h1", "en")
    assert_no_violations(page)
