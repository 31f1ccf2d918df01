"""Someone who knows better tells the stewards, from a service's page, by keyboard alone, in either language."""

import re

import pytest
from playwright.sync_api import expect

from .axe import assert_no_violations

pytestmark = pytest.mark.e2e

LINK = re.compile(r"^Know how to refer to this service, or see something wrong\? Tell us\.")


def test_a_health_visitor_sends_a_suggestion_from_a_service_page_by_keyboard_alone(page):
    from suggestions.models import Suggestion

    page.goto("/services/g-pimhs/")
    page.get_by_role("link", name=LINK).focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(re.compile(r"^Suggest an update to "))
    page.get_by_label("What is wrong or missing?").focus()
    page.keyboard.type("The page does not say how to refer.")
    page.keyboard.press("Tab")
    page.keyboard.type("Health visitors refer with the team's form.")
    page.keyboard.press("Tab")  # to the first source, then the arrow keys choose within the group
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("I work for this service")).to_be_checked()
    page.get_by_role("button", name="Send the suggestion").focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Thank you: your suggestion has been sent")
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    sent = Suggestion.objects.get()
    assert sent.source == Suggestion.Source.WORKS_THERE and sent.service.slug == "g-pimhs"


@pytest.mark.parametrize("language, prefix", [("en", ""), ("cy", "/cy")])
def test_a_suggestion_with_problems_moves_focus_to_their_summary_with_no_wcag_violations(page, language, prefix):
    page.goto(prefix + "/services/g-pimhs/suggest/")
    page.locator("form.suggestion-form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_violations(page)
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_what_is_wrong")).to_be_focused()
