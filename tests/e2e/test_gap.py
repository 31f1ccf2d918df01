"""The gap table sorts by the column heading a person chooses, with unknown figures last."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def need_column(page) -> list[int | None]:
    """Read the 'Babies who would benefit' column of the authorities table; None where not known."""
    # The cells after the row heading: unmet need, region, level, births, then need.
    cells = page.locator("table.sortable tbody tr td:nth-of-type(5)").all_inner_texts()
    return [int(text.replace(",", "")) if text.strip().replace(",", "").isdigit() else None for text in cells]


def test_choosing_a_column_heading_sorts_the_table_and_again_reverses_it(page):
    page.goto("/gap/")
    heading = page.locator("table.sortable thead th").filter(has_text="Babies who would benefit")
    expect(heading).to_have_attribute("aria-sort", "none")

    heading.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/gap/\?sort=need&dir=asc#authorities$"))
    expect(heading).to_have_attribute("aria-sort", "ascending")
    ascending = need_column(page)
    known = [n for n in ascending if n is not None]
    # 19 authorities have a births figure; Bridgend, Rhondda Cynon Taf and Merthyr Tydfil have none.
    assert len(known) == 19 and 570 in known, "Newport's need, 570, is among the figures"
    unknown = [None] * 3
    assert len(ascending) == 22 and known == sorted(known) and ascending[len(known):] == unknown

    heading.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/gap/\?sort=need&dir=desc#authorities$"))
    expect(heading).to_have_attribute("aria-sort", "descending")
    descending = need_column(page)
    assert descending[: len(known)] == sorted(known, reverse=True)
    assert descending[len(known):] == unknown
