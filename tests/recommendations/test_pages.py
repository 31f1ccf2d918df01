"""The public recommendations pages, the region pages' evidence and the downloads, in English and Welsh."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from recommendations.models import Evidence, Recommendation
from tests.factories import national_steward

pytestmark = pytest.mark.django_db


def text_of(client, url: str) -> str:
    """The page or file as text; a CSV file's byte-order mark (for Excel) is not part of its text."""
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_the_list_shows_all_nine_with_their_status_and_latest_evidence(client):
    page = text_of(client, reverse("recommendations:list"))
    for recommendation in Recommendation.objects.all():
        assert reverse("recommendations:detail", args=[recommendation.number]) in page
    assert page.count('class="status status-') == 18  # the at-a-glance table, then each one's section
    assert page.count("No evidence recorded") >= 7 and page.count("Some progress") >= 2
    # Recommendation 9's latest entry is the Cardiff children's centre, December 2025.
    assert "8 December 2025" in page and "Ely &amp; Caerau Children&#x27;s Centre" in page
    assert "No evidence is recorded for this recommendation yet." in page  # recommendation 2
    assert "Set with the portal's starting data" in page


def test_a_recommendation_page_lists_its_evidence_newest_first_with_sources(client):
    page = text_of(client, reverse("recommendations:detail", args=[5]))
    assert page.index("1 October 2025") < page.index("1 October 2024") < page.index("14 May 2024")
    assert "https://www.theyworkforyou.com/senedd/?id=2024-05-14.2.590439" in page
    assert "Background" in page


def test_an_unknown_recommendation_is_not_found(client):
    assert client.get("/recommendations/10/").status_code == 404
    assert client.get("/recommendations/0/").status_code == 404
    assert client.get("/recommendations/nine/").status_code == 404


def test_welsh_pages_give_the_welsh_titles_and_entries_and_mark_english_source_titles(client):
    page = text_of(client, "/cy/recommendations/")
    assert Recommendation.objects.get(number=8).title_cy.replace("'", "&#x27;") in page
    assert '<html lang="cy">' in page
    detail = text_of(client, "/cy/recommendations/9/")
    assert "Canolfan Blant Trelái a Chaerau" in detail and "Rhagfyr 2025" in detail
    assert 'lang="en">First Minister announces £2m' in detail


def test_dates_are_shown_only_as_far_as_they_are_known(client):
    assert ">2019</time>" in text_of(client, reverse("recommendations:detail", args=[3]))
    assert ">February 2024</time>" in text_of(client, reverse("recommendations:detail", args=[7]))


def test_a_region_page_shows_the_evidence_that_happened_in_that_region_only(client):
    cardiff = text_of(client, reverse("coverage:region", args=["cardiff-and-vale"]))
    assert "Ely &amp; Caerau Children&#x27;s Centre" in cardiff and "Tumble Family Centre" not in cardiff
    gwent = text_of(client, reverse("coverage:region", args=["gwent"]))
    assert "No evidence on the paper's recommendations is recorded for the region of Gwent alone." in gwent
    assert reverse("recommendations:list") in gwent


def test_an_edit_shows_on_the_pages_at_once(client):
    assert "Some progress" in text_of(client, reverse("recommendations:detail", args=[9]))
    entry = Evidence.objects.get(region__slug="cardiff-and-vale")
    entry.summary_en = "The centre's funding was confirmed."
    entry.save()
    assert "The centre&#x27;s funding was confirmed." in text_of(client, reverse("coverage:region", args=["cardiff-and-vale"]))
    assert "The centre&#x27;s funding was confirmed." in text_of(client, reverse("recommendations:list"))


def test_the_recommendations_csv_has_a_row_for_each_with_its_status_and_no_person(client):
    steward = national_steward("named-steward")
    three = Recommendation.objects.get(number=3)
    three.status, three.status_decided_by, three.status_decided_as = "some_progress", steward, "national_steward"
    three.status_decided_at = datetime.datetime(2026, 3, 4, 12, tzinfo=datetime.UTC)
    three.save()
    body = text_of(client, reverse("recommendations:recommendations_csv"))
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [int(r["Number"]) for r in rows] == list(range(1, 10))
    assert rows[2]["Status"] == "Some progress" and rows[2]["Status set by"] == "a national data steward"
    assert rows[2]["Status set on"] == "2026-03-04"
    assert "named-steward" not in body


def test_the_evidence_csv_carries_each_entrys_facts(client):
    response = client.get(reverse("recommendations:evidence_csv"))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 15
    ely = next(r for r in rows if "nation.cymru" in r["Source address"])
    assert ely["Date"] == "2025-12-08" and ely["Recommendations"] == "9" and ely["Region"] == "Cardiff and Vale"
    assert ely["Publisher"] == "Nation.Cymru"


def test_the_welsh_evidence_csv_gives_the_welsh_sentence(client):
    rows = list(csv.DictReader(io.StringIO(text_of(client, "/cy/recommendations/evidence.csv"))))
    with translation.override("cy"):
        column = gettext("What happened")
    assert column != "What happened", "the Welsh file names its columns in Welsh"
    assert any(r[column].startswith("Bydd Canolfan Blant Trelái") for r in rows)


@pytest.mark.parametrize("url", ["/recommendations/recommendations.csv", "/recommendations/evidence.csv",
                                 "/cy/recommendations/recommendations.csv", "/cy/recommendations/evidence.csv"])
def test_each_csv_is_marked_as_utf8_for_excel_like_the_gap_csv(client, url):
    entry = Evidence.objects.first()
    entry.summary_en = entry.summary_cy = "Trelái: £40,000 i'r ganolfan"
    entry.save()
    body = client.get(url).content
    gap = client.get("/cy/gap/download.csv" if url.startswith("/cy") else "/gap/download.csv").content
    # Excel reads a file that starts with a byte-order mark as UTF-8, so "á" and "£" are not garbled.
    assert body.startswith(b"\xef\xbb\xbf") and gap.startswith(b"\xef\xbb\xbf")
    assert not body.startswith(b"\xef\xbb\xbf" * 2)
    if "evidence" in url:
        assert "Trelái: £40,000 i'r ganolfan" in body.decode("utf-8-sig")


def test_a_cell_a_spreadsheet_would_run_is_defused(client):
    entry = Evidence.objects.first()
    entry.summary_en = "=HYPERLINK(\"https://example.org\")"
    entry.save()
    assert "'=HYPERLINK" in text_of(client, reverse("recommendations:evidence_csv"))


def test_the_json_gives_both_languages_and_links_each_entry_to_its_recommendations(client):
    document = json.loads(text_of(client, reverse("recommendations:json")))
    assert [r["number"] for r in document["recommendations"]] == list(range(1, 10))
    nine = document["recommendations"][8]
    assert nine["status"] == "some_progress" and nine["status_set_by_role"] == "starting_data"
    assert nine["title"]["cy"] and nine["url"].endswith("/recommendations/9/")
    entries = {e["id"]: e for e in document["evidence"]}
    assert len(entries) == 15 and all(entries[i]["recommendations"] == [9] for i in nine["evidence_ids"])
    assert {e["region"] for e in entries.values()} == {None, "cardiff-and-vale", "west-wales"}
    assert "status_decided_by" not in json.dumps(document)


def test_the_pages_are_public_pages_with_an_etag(client):
    response = client.get(reverse("recommendations:list"))
    assert response["ETag"] and "public" in response["Cache-Control"]
    assert client.get(reverse("recommendations:list"), HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_main_navigation_links_to_the_recommendations(client):
    assert f'href="{reverse("recommendations:list")}"' in text_of(client, reverse("coverage:home"))
