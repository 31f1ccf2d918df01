"""Selectors and waits shared by the browser tests."""

from playwright.sync_api import expect

MAP_SHAPES = ".leaflet-overlay-pane path[data-code]"
NEWPORT = "W06000022"


def map_drawn(page) -> None:
    """Wait until the map shows all 22 authorities, each reachable by keyboard."""
    expect(page.locator(MAP_SHAPES)).to_have_count(22)
    expect(page.locator(MAP_SHAPES).last).to_have_attribute("tabindex", "0")


def open_map(page, path: str) -> None:
    page.goto(path)
    map_drawn(page)


def shape(page, code: str):
    return page.locator(f"{MAP_SHAPES}[data-code={code}]")
