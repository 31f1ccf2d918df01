"""The coverage map draws every authority, and a mouse or the keyboard opens an area's details."""

import re

import pytest
from playwright.sync_api import expect

from .pages import MAP_SHAPES, NEWPORT, map_drawn, open_map, shape

pytestmark = pytest.mark.e2e

POWYS = "W06000023"


def test_home_map_draws_the_22_local_authorities(page):
    open_map(page, "/")
    codes = {area.get_attribute("data-code") for area in page.locator(MAP_SHAPES).all()}
    assert len(codes) == 22 and all(code.startswith("W06") for code in codes)


def test_clicking_an_area_opens_its_details(page):
    open_map(page, "/")
    shape(page, NEWPORT).click()
    panel = page.locator("#area-panel")
    expect(panel.locator("h2")).to_have_text("Newport")
    expect(panel).to_contain_text("Specialist team")
    expect(panel.get_by_role("link", name=re.compile(r"\(G-PIMHS\)$"))).to_be_visible()


@pytest.mark.parametrize("prefix, link", [
    ("", "All 8 services covering this area"), ("/cy", "Pob un o'r 8 gwasanaeth sy'n cwmpasu'r ardal hon"),
])
def test_a_crowded_area_links_to_all_its_services_in_the_directory(page, prefix, link):
    from tests.factories import make_service
    from services.models import Service

    for n in range(7):
        make_service(f"workforce-offer-{n}", areas=[NEWPORT], kind=Service.Kind.WORKFORCE)
    open_map(page, prefix + "/")
    shape(page, NEWPORT).click()
    panel = page.locator("#area-panel")
    expect(panel.locator("li")).to_have_count(5)
    panel.get_by_role("link", name=link).click()
    expect(page).to_have_url(re.compile(re.escape(prefix) + r"/services/\?authority=W06000022$"))
    expect(page.locator("main")).to_contain_text("workforce-offer-6")


@pytest.mark.parametrize("prefix", ["", "/cy"])
def test_enter_on_a_focused_area_opens_its_details(page, prefix):
    open_map(page, prefix + "/")
    shape(page, POWYS).focus()
    page.keyboard.press("Enter")
    expect(page.locator("#area-panel h2")).to_have_text("Powys")


def test_tab_reaches_the_areas_in_alphabetical_order_with_a_visible_focus_ring(page):
    open_map(page, "/")
    page.locator("#coverage").focus()
    page.keyboard.press("Tab")
    expect(page.locator(MAP_SHAPES).first).to_be_focused()
    expect(page.locator(MAP_SHAPES).first).to_have_attribute("aria-label", "Blaenau Gwent: Specialist team")
    expect(page.locator(".leaflet-overlay-pane path[stroke='#ffdd00']")).to_have_count(1)
    page.keyboard.press("Tab")
    expect(page.locator(MAP_SHAPES).nth(1)).to_be_focused()
    expect(page.locator(".leaflet-overlay-pane path[stroke='#ffdd00']")).to_have_count(1)
    page.keyboard.press("Space")
    expect(page.locator("#area-panel h2")).to_have_text("Bridgend")
    expect(page.locator("#area-panel")).to_be_focused()


def test_welsh_map_names_its_areas_and_zoom_buttons_in_welsh(page):
    open_map(page, "/cy/")
    expect(shape(page, NEWPORT)).to_have_attribute("aria-label", "Casnewydd: Tîm arbenigol")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Chwyddo i mewn")
    expect(page.locator(".leaflet-control-zoom-out")).to_have_attribute("title", "Chwyddo allan")


def test_an_area_outside_a_region_map_comes_into_view_when_focused(page):
    open_map(page, "/regions/gwent/")
    anglesey = shape(page, "W06000001")
    expect(anglesey).to_have_attribute("d", "M0 0")  # outside the view, so not drawn
    anglesey.focus()
    expect(anglesey).to_be_in_viewport()
    expect(anglesey).not_to_have_attribute("d", "M0 0")


def test_without_javascript_the_page_says_where_the_facts_are_instead_of_showing_an_empty_map(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        expect(page.get_by_text("The interactive map needs JavaScript")).to_be_visible()
        expect(page.locator("#map-help")).to_be_hidden()
        expect(page.locator("#area-panel")).to_be_hidden()
        page.get_by_role("link", name="printable summary").click()
        expect(page.locator("svg.static-map")).to_be_visible()
    finally:
        context.close()


def test_with_javascript_the_map_help_shows_and_the_no_script_note_does_not(page):
    open_map(page, "/")
    expect(page.locator("#map-help")).to_be_visible()
    expect(page.get_by_text("The interactive map needs JavaScript")).to_be_hidden()
