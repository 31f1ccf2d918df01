"""A practitioner reaches a referral route from a postcode, with a mouse or with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

RESULT = re.compile(r"A family in Newport")


def test_a_newport_postcode_reaches_the_gwent_team(page):
    page.goto("/services/find/")
    page.get_by_label("Postcode").fill("np204ur")
    page.get_by_label("The baby has been born").check()
    page.get_by_label("The child’s age in months").fill("5")
    page.get_by_role("button", name="Find referral routes").click()

    expect(page.locator("#result-heading")).to_have_text(RESULT)
    expect(page).to_have_title(re.compile(r"^Newport: Find a referral route"))
    eligible = page.locator("h2", has_text="Services this family can be referred to").locator("+ ul")
    expect(eligible.get_by_role("link", name=re.compile("G-PIMHS"))).to_be_visible()


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page):
    page.goto("/services/find/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_finder_works_with_the_keyboard_alone(page):
    page.goto("/services/find/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")
    expect(page.locator("#id_postcode")).to_be_focused()
    page.keyboard.type("NP20 4UR")
    page.keyboard.press("Tab")
    expect(page.locator("#id_authority")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Expecting a baby")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("The baby has been born")).to_be_focused()
    expect(page.get_by_label("The baby has been born")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#id_age_months")).to_be_focused()
    page.keyboard.type("30")
    page.keyboard.press("Enter")

    # The search is sent in the body: the results address holds the authority and the age, not the postcode.
    expect(page).to_have_url(re.compile(r"/services/find/W06000022/30-months/$"))
    expect(page.locator("#result-heading")).to_have_text(RESULT)


def test_a_form_with_errors_links_each_error_to_its_field(page):
    page.goto("/services/find/?postcode=XX1&stage=born&age_months=many")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_postcode")).to_be_focused()
