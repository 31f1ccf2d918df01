"""A practitioner reaches a referral route from a postcode, by mouse or by keyboard alone, and prints it."""

import datetime
import io
import re
import unicodedata

import pytest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from playwright.sync_api import expect
from pypdf import PdfReader

from .axe import axe_violations, describe
from .conftest import NEWPORT_POSTCODE, RESULTS

pytestmark = pytest.mark.e2e

RESULT = re.compile(r"A family in Newport")
BRISTOL = "BS1 4ST"


@pytest.fixture
def bristol(seeded):
    from regions.models import Postcode

    Postcode.objects.get_or_create(postcode=BRISTOL, defaults={"area_code": "E06000023"})


def test_a_newport_postcode_reaches_the_gwent_team(page):
    page.goto("/services/find/")
    page.get_by_label("Postcode").fill("np204ur")
    page.get_by_label("Months", exact=True).fill("5")  # "born" follows from the age
    page.get_by_role("button", name="Find referral routes").click()

    expect(page.locator("#result-heading")).to_have_text(RESULT)
    expect(page).to_have_title(re.compile(r"^Newport: Find a referral route"))
    eligible = page.locator("h2", has_text="Services this family can be referred to").locator("+ ul")
    team = "Gwent Parent Infant Mental Health Service (G-PIMHS)"
    expect(eligible.get_by_role("link", name=team, exact=True)).to_be_visible()


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_main_content(page):
    page.goto("/services/find/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def printed_text(page) -> str:
    """Print the page to A4 PDF as Chromium's print dialogue would, and read the text back."""
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "finder-summary.pdf").write_bytes(pdf)
    # NFKC: the fonts set "ff" and "fi" as single ligature glyphs.
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(unicodedata.normalize("NFKC", p.extract_text()).split()) for p in pages)


def test_a_health_visitor_searches_by_keyboard_alone_lands_on_the_results_and_prints_a_summary(page):
    page.goto("/services/find/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link
    page.keyboard.press("Tab")
    expect(page.locator("#id_postcode")).to_be_focused()
    page.keyboard.type(NEWPORT_POSTCODE)
    page.keyboard.press("Tab")
    expect(page.locator("#id_authority")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Expecting a baby")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("The baby has been born")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Years", exact=True)).to_be_focused()
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Months", exact=True)).to_be_focused()
    page.keyboard.type("6")
    page.keyboard.press("Enter")

    # The search is sent in the body: the results address holds the authority and the age, not the postcode.
    expect(page).to_have_url(re.compile(r"/services/find/W06000022/18-months/$"))
    heading = page.locator("#result-heading")
    expect(heading).to_have_text("A family in Newport, with a child aged 18 months")
    expect(heading).to_be_focused()

    text = printed_text(page)
    today = date_format(timezone.localdate(), "j F Y")
    for wanted in ("A family in Newport, with a child aged 18 months", "Local authority Newport",
                   "Services this family can be referred to", "G-PIMHS", "How to refer",
                   f"Referral summary printed on {today}"):
        assert wanted in text, wanted
    for unwanted in (NEWPORT_POSTCODE, NEWPORT_POSTCODE.replace(" ", ""), "Skip to main content",
                     "Service directory", "Change the family’s details", "Find referral routes"):
        assert unwanted not in text, unwanted


def test_an_english_postcode_gets_its_countrys_pointers_and_focus_on_the_answer(page, bristol):
    page.goto("/services/find/")
    page.get_by_label("Postcode").fill(BRISTOL.lower())
    page.get_by_label("Expecting a baby").check()
    page.get_by_role("button", name="Find referral routes").click()

    expect(page).to_have_url(re.compile(r"/services/find/outside-wales/england/expecting/$"))
    expect(page.locator("#result-heading")).to_be_focused()
    expect(page.locator("#result-heading")).to_have_text("A family in England, expecting a baby")
    expect(page.get_by_role("link", name="Maps of specialist perinatal mental health services")).to_be_visible()
    text = printed_text(page)
    assert "This portal covers Wales only" in text and "GP, midwife or health visitor" in text
    assert BRISTOL not in text
    assert "maternalmentalhealthalliance.org" in text, "the pointers' addresses reach the paper"


def test_a_form_with_errors_focuses_the_summary_which_links_each_error_to_its_box(page):
    page.goto("/services/find/")
    page.get_by_label("Postcode").fill("XX1")
    page.get_by_label("Day", exact=True).fill("31")
    page.get_by_label("Month", exact=True).fill("2")
    page.get_by_label("Year", exact=True).fill("2024")
    page.get_by_role("button", name="Find referral routes").click()

    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary).to_contain_text("The date of birth must be a real date")
    summary.get_by_role("link", name=re.compile("real date")).click()
    expect(page.locator("#id_dob_day")).to_be_focused()


def test_without_javascript_the_finder_still_finds_and_shows_the_results(browser, live_server, seeded):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/services/find/")
    page.get_by_label("Or choose the local authority").select_option(label="Newport")
    page.get_by_label("Years", exact=True).fill("4 years")
    page.get_by_role("button", name="Find referral routes").click()
    expect(page).to_have_url(re.compile(r"/services/find/W06000022/48-months/$"))
    expect(page.locator("#result-heading")).to_have_text("A family in Newport, with a child aged 4 years")
    context.close()


def _fill_bad_search(page) -> None:
    """Give every new box something wrong: an age and a date of birth in the future."""
    future = timezone.localdate() + datetime.timedelta(days=40)
    page.locator("#id_stage_0").check()
    page.locator("#id_age_years").fill("-1")
    page.locator("#id_age_months").fill("many")
    page.locator("#id_dob_day").fill(str(future.day))
    page.locator("#id_dob_month").fill(str(future.month))
    page.locator("#id_dob_year").fill(str(future.year))
    page.locator("button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_focused()


# Each page the finder's new inputs and answers make, opened (or reached through the form) in each language.
FINDER_PAGES = {
    "the form": ("/services/find/", None),
    "errors in every new box": ("/services/find/", _fill_bad_search),
    "a result in Wales": ("/services/find/W06000022/18-months/", None),
    "a result in England": ("/services/find/outside-wales/england/expecting/", None),
    "a result in the Isle of Man, with no pointers": ("/services/find/outside-wales/isle-of-man/30-months/", None),
}


@pytest.mark.parametrize("name", FINDER_PAGES)
def test_the_finders_pages_have_no_wcag_violations_in_english_or_welsh(page, name):
    path, act = FINDER_PAGES[name]
    report = []
    for language, prefix in (("en", ""), ("cy", "/cy")):
        response = page.goto(prefix + path)
        assert response is not None and response.status == 200
        if act:
            act(page)
        expect(page.locator("html")).to_have_attribute("lang", language)
        if violations := axe_violations(page):
            report.append(f"{page.url}\n{describe(violations)}")
    assert not report, "\n\n".join(report)
