"""Take the README's screenshots from a running portal in Debian's headless Chromium.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL]   (default http://127.0.0.1:8000)
The first printed page of the briefing is the PDF Chromium prints, drawn by
pdftoppm (apt-get install -y poppler-utils).
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PAGES = {
    "home-map.png": ("/", ".leaflet-overlay-pane path"),
    "region-gwent.png": ("/regions/gwent/", ".leaflet-overlay-pane path"),
    "finder-newport-30-months.png": ("/services/find/?postcode=NP20+4UR&stage=born&age_months=30", "main"),
    "finder-newport-5-months-how-to-refer.png": ("/services/find/W06000022/5-months/", "main"),
    "home-map-cy.png": ("/cy/", ".leaflet-overlay-pane path"),
    "finder-cy.png": ("/cy/services/find/?postcode=NP20+4UR&stage=born&age_months=5", "main"),
    "recommendations.png": ("/recommendations/", ".recommendation-list"),
    "suggestion-form.png": ("/services/g-pimhs/suggest/", "form.suggestion-form"),
    "coverage-over-time.png": ("/gap/over-time/", "svg.chart"),
    "home-on-a-past-day.png": ("/?on=2025-06-01", ".leaflet-overlay-pane path"),
    "what-changed.png": ("/changes/", "#changes-heading"),
}


def main(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        for name, (path, ready) in PAGES.items():
            page.goto(base + path)
            page.wait_for_selector(ready)
            page.wait_for_timeout(300)
            page.screenshot(path=OUT / name, full_page=name.startswith(("finder", "suggestion", "coverage-over-time")))
            print(f"wrote {OUT / name}")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(base + "/gap/")
        phone.screenshot(path=OUT / "gap-phone-390.png")
        print(f"wrote {OUT / 'gap-phone-390.png'}")
        finder_search(page, base, postcode="CH1 2HU", years="1", months="6", out=OUT / "finder-chester-england.png")
        page.goto(base + "/gap/print/")
        page.wait_for_selector("svg.static-map")
        first_printed_page(page.pdf(prefer_css_page_size=True, print_background=True), OUT / "gap-print-page-1.png")
        browser.close()


def finder_search(page, base: str, *, postcode: str, years: str, months: str, out: Path) -> None:
    """Search through the finder's form, as a practitioner does, and take the whole page it leads to."""
    page.goto(base + "/services/find/")
    page.get_by_label("Postcode").fill(postcode)
    page.get_by_label("Years", exact=True).fill(years)
    page.get_by_label("Months", exact=True).fill(months)
    page.get_by_role("button", name="Find referral routes").click()
    page.wait_for_selector("#result-heading")
    page.screenshot(path=out, full_page=True)
    print(f"wrote {out}")


def first_printed_page(pdf: bytes, out: Path) -> None:
    if not shutil.which("pdftoppm"):
        sys.exit("pdftoppm is not installed (apt-get install -y poppler-utils): the printed page was not drawn.")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "print.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(Path(tmp) / "print.pdf"), str(out.with_suffix(""))], check=True)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
