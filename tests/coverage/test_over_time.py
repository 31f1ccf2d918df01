"""Coverage over time: a chart with its values written on it and a table beside it, each point the gap on its day."""

import datetime
import re

import pytest
from django.urls import reverse

from coverage.dated import gap_on
from coverage.gap import gap_summary, need_without_team
from tests.coverage.test_past import DAY, POWYS, dated
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def rows(text: str) -> list[list[str]]:
    body = text.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_a_team_that_started_shows_from_the_end_of_its_month_in_the_chart_and_the_table(client):
    team = make_service("powys-team", areas=[POWYS], capacity=50)
    dated(team, DAY)
    text = client.get(reverse("coverage:over_time")).content.decode()
    table = rows(text)
    days = [row[0] for row in table]
    assert days[0] == "4 October 2024" and days[1] == "30 June 2025" and days[-1].endswith("(today)")
    start, june = table[0], table[1]
    # Specialist team, partial, developing, none: one authority moved from none to a team.
    assert start[1:5] == ["8", "3", "3", "8"] and june[1:5] == ["9", "3", "3", "7"]
    # Cwm Taf Morgannwg's authorities have no births figure and no team: the ceiling bounds them, as on the map.
    assert june[5].startswith("between") and june[5] != start[5]
    assert table[-1][5].startswith(f"between {need_without_team(gap_summary()).low:,} and {need_without_team(gap_summary()).high:,}")
    # Each point is the gap on its day, by the same module.
    assert gap_on(datetime.date(2025, 6, 30)).wales.need == gap_summary().wales.need
    # The chart writes the values on it, and describes them for a screen reader.
    svg = text.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in text and "<title" in svg and "<desc" in svg
    assert "30 June 2025: Specialist team 9, Partial 3, Developing 3, None 7" in re.sub(r"\s+", " ", svg)
    assert re.search(r">9</text>", svg) and re.search(r">7</text>", svg)


def test_months_without_a_change_have_no_row(client):
    table = rows(client.get(reverse("coverage:over_time")).content.decode())
    assert [row[0] for row in table][0] == "4 October 2024" and len(table) == 2


def test_the_welsh_page_gives_the_same_figures_in_welsh(client):
    text = client.get("/cy/gap/over-time/").content.decode()
    assert '<html lang="cy">' in text
    assert rows(text)[0][1:5] == ["8", "3", "3", "8"]
    assert "Coverage over time" not in text
