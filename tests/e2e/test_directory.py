"""The service directory narrows to a region when a person filters by it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

GWENT = ("Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen")


def test_filtering_by_region_narrows_the_list_to_services_there(page):
    page.goto("/services/")
    cards = page.locator(".card-list > .card")
    expect(cards.first).to_be_visible()
    everything = cards.count()

    page.get_by_label("Region").select_option(label="Gwent")
    page.get_by_role("button", name="Show services").click()

    expect(page).to_have_url(re.compile(r"[?&]region=gwent(&|$)"))
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ services?$"))
    expect(cards.first).to_be_visible()
    assert 0 < cards.count() < everything
    for areas in cards.locator("dt:text-is('Areas covered') + dd").all_inner_texts():
        assert any(name in areas for name in GWENT), areas
    expect(page.get_by_label("Region")).to_have_value("gwent")
