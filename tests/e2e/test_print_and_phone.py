"""The briefing printed to PDF and read back, and the gap pages on a 390 px phone."""

import io
import re
import unicodedata

import pytest
from django.utils.translation import override
from pypdf import PdfReader

from pirs_portal.sources import ATTRIBUTION

from .conftest import RESULTS

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def printed(page, path: str) -> list[str]:
    """Print a page to A4 PDF as Chromium's print dialogue would (page CSS honoured) and return each page's text."""
    page.goto(path)
    page.wait_for_selector("svg.static-map")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"print{path.replace('/', '-')}pdf").write_bytes(pdf)
    # NFKC: the fonts set "ff" in Cardiff as one ligature glyph.
    return [" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_the_briefing_prints_with_its_tables_page_numbers_date_and_address(page, live_server, prefix):
    pages = printed(page, f"{prefix}/gap/print/")
    count = len(pages)
    assert 2 <= count <= 8, f"{count} pages"
    address = f"{live_server.url}{prefix}/gap/print/"
    for number, text in enumerate(pages, start=1):
        assert f"{number} / {count}" in text, f"page {number} has no page number: {text[-200:]}"
        assert address in text, f"page {number} has no address"
    whole = " ".join(pages)
    if not prefix:
        # The regions table starts on the page its heading is on: no heading is left alone at a page's foot.
        regions = next(text for text in pages if "Regions and Wales" in text)
        assert "Cardiff and Vale" in regions
        for heading in ("Local authorities", "How the gap is worked out"):
            assert heading in whole, heading
        assert re.search(r"Printed on \d{1,2} \w+ 20\d\d", pages[0])
    # Every region, Wales and every authority reach the paper, and the site's navigation does not.
    for name in ("Gwent", "Powys") + (("Wrecsam",) if prefix else ("Wrexham",)) + ("Merthyr",):
        assert name in whole, name
    for chrome in ("Skip to main content", "Service directory", "Cymraeg", "English"):
        assert chrome not in pages[0], chrome
    # The map's licence lines are on its page, though the printed page has no footer.
    with override(prefix.strip("/") or "en"):
        for line in ATTRIBUTION:
            assert str(line) in pages[0], line


def test_the_gap_page_on_a_phone_shows_each_key_figure_without_sideways_scrolling(page):
    page.set_viewport_size(PHONE)
    page.goto("/gap/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Each authority's unmet need is on screen when its row is: the rows stack, label beside figure.
    row = page.locator("table.sortable tbody tr").first
    cell = row.locator("td[data-label='Unmet need']")
    cell.scroll_into_view_if_needed()
    box = cell.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("path", ["/", "/gap/", "/gap/unknowns/", "/services/g-pimhs/", "/cy/", "/cy/gap/", "/cy/services/find/"])
def test_on_a_phone_the_header_takes_at_most_a_fifth_of_the_first_screen(page, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    header = page.locator("header").first.bounding_box()
    assert header is not None and header["y"] + header["height"] <= PHONE["height"] / 5, header


def test_the_site_has_a_favicon(page):
    page.goto("/")
    icon = page.locator("link[rel~='icon']").first.get_attribute("href")
    assert icon and page.request.get(icon).status == 200


@pytest.mark.parametrize("path", ["/gap/", "/gap/print/", "/gap/unknowns/", "/gap/columns/", "/services/g-pimhs/",
                                  "/regions/north-wales/", "/recommendations/", "/cy/gap/"])
def test_on_a_phone_no_table_needs_sideways_scrolling(page, path):
    page.set_viewport_size(PHONE)
    page.goto(path)
    widths = page.evaluate("Array.from(document.querySelectorAll('main table')).map(t => t.scrollWidth)")
    assert widths and max(widths) <= PHONE["width"], widths
