"""Selectors and waits shared by the browser tests."""

from playwright.sync_api import expect

MAP_SHAPES = ".leaflet-overlay-pane path[data-code]"
NEWPORT = "W06000022"


def map_drawn(page) -> None:
    """Wait until the map shows all 22 authorities, each reachable by keyboard, and the region outlines.

    Waiting for the outlines too means that no request of the map's is still in flight when the
    test ends and the database is emptied under the live server.
    """
    expect(page.locator(MAP_SHAPES)).to_have_count(22)
    expect(page.locator(MAP_SHAPES).last).to_have_attribute("tabindex", "0")
    expect(page.locator(".map-wrap")).to_have_attribute("data-state", "drawn")


def open_map(page, path: str) -> None:
    page.goto(path)
    map_drawn(page)


def shape(page, code: str):
    return page.locator(f"{MAP_SHAPES}[data-code={code}]")
