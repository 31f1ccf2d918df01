"""Every page type passes axe-core's WCAG 2.2 A and AA rules, in English and in Welsh."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .axe import assert_no_violations, axe_violations, describe
from .pages import MAP_SHAPES, NEWPORT, map_drawn, shape

pytestmark = pytest.mark.e2e

# path, and a selector that shows the page has finished drawing
PAGES = {
    "home": ("/", MAP_SHAPES),
    "gap": ("/gap/", "table.sortable"),
    "gap sorted": ("/gap/?sort=need&dir=desc", "th[aria-sort=descending]"),
    "gap print": ("/gap/print/", "svg.static-map"),
    "region with a team": ("/regions/gwent/", MAP_SHAPES),
    "region with no service": ("/regions/powys/", MAP_SHAPES),
    "region lacking births": ("/regions/cwm-taf-morgannwg/", MAP_SHAPES),
    "what we don't know yet": ("/gap/unknowns/", "table"),
    "data dictionary": ("/gap/columns/", "table"),
    "service": ("/services/g-pimhs/", "dl.facts"),
    "directory": ("/services/", ".card-list .card"),
    "directory with no results": ("/services/?q=zzzz", "#results-heading"),
    "directory with bad filters": ("/services/?region=atlantis&age=old", ".error-summary"),
    "finder": ("/services/find/", "form.finder-form"),
    "finder with errors": ("/services/find/?postcode=XX1&stage=born&age_months=many", ".error-summary"),
    "finder result": ("/services/find/?postcode=NP20+4UR&stage=born&age_months=5", "#result-heading"),
    "finder with no team": ("/services/find/W06000023/expecting/", ".notice-no-team"),
    "accessibility statement": ("/accessibility/", "h1"),
    "API page": ("/api/docs/", "h1"),
    "recommendations": ("/recommendations/", ".recommendation-list"),
    "a recommendation with evidence": ("/recommendations/9/", ".evidence-list"),
    "a recommendation with no evidence": ("/recommendations/2/", "p.missing"),
    "region with regional evidence": ("/regions/cardiff-and-vale/", MAP_SHAPES),
    "suggestion form": ("/services/g-pimhs/suggest/", "form.suggestion-form"),
    "suggestion sent": ("/services/g-pimhs/suggest/thanks/", "h1"),
    "page not found": ("/no-such-page/", "h1"),
    "what changed": ("/changes/", "#changes-heading"),
    "what changed with bad filters": ("/changes/?since=bad-day", ".error-summary"),
    "coverage over time": ("/gap/over-time/", "svg.chart"),
}
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
