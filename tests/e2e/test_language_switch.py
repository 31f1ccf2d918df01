"""The language switch keeps the page and its query string, into Welsh and back."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "path, query",
    [("/gap/", "?sort=need&dir=desc"), ("/services/find/W06000022/5-months/", "")],
)
def test_switching_to_welsh_and_back_keeps_the_page_and_query(page, path, query):
    page.goto(path + query)
    page.get_by_role("link", name="Cymraeg").click()
    expect(page).to_have_url(re.compile(re.escape("/cy" + path + query) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"//[^/]+" + re.escape(path + query) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
