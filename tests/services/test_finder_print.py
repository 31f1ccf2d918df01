"""The finder's results print as a referral summary, and move focus to the results heading, on a cached page."""

import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.dateformat import format as date_format

pytestmark = pytest.mark.django_db

RESULTS = "/services/find/W06000022/5-months/"
OUTSIDE = "/services/find/outside-wales/england/expecting/"


def printed_on(day: datetime.date) -> str:
    return f"Referral summary printed on {date_format(day, 'j F Y')} from http://testserver"


@pytest.mark.parametrize("address", [RESULTS, OUTSIDE])
def test_a_results_page_prints_as_a_summary_with_the_day_and_no_form_or_navigation(client, address):
    text = client.get(address).content.decode()
    assert '<link rel="stylesheet" href="/static/css/print.css">' in text  # hides the site's navigation on paper
    assert f'<p class="print-only printed-on">{printed_on(timezone.localdate())}{address}.' in text
    assert '<section aria-labelledby="family-heading" class="no-print">' in text
    assert '<p class="lead no-print">' in text


def test_the_empty_form_has_no_print_summary(client):
    text = client.get("/services/find/").content.decode()
    assert "Referral summary printed on" not in text and "print.css" not in text


def test_a_results_page_kept_in_the_page_store_says_the_new_day_the_next_day(client):
    today = timezone.localdate()
    first = client.get(RESULTS)
    again = client.get(RESULTS)
    assert again.context is None, "the second answer came from the page store"
    assert printed_on(today) in again.content.decode()
    tomorrow = today + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        next_day = client.get(RESULTS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert next_day.status_code == 200 and next_day["ETag"] != first["ETag"]
    assert printed_on(tomorrow) in next_day.content.decode()


def test_after_a_search_a_script_of_the_sites_own_moves_focus_to_the_results_heading(client):
    page = client.get(RESULTS)
    text = page.content.decode()
    assert '<h2 id="result-heading" tabindex="-1">' in text
    assert '<script src="/static/js/finder.js"></script>' in text
    assert not re.search(r"<script(?![^>]*\ssrc=)", text), "no inline script: the page is the same for everyone"
    assert "'self'" in page["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    script = (Path(settings.BASE_DIR) / "static" / "js" / "finder.js").read_text()
    assert 'getElementById("result-heading")' in script and ".focus()" in script
