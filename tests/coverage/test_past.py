"""Coverage on a past day: the gap as the recorded history held it, by the same gap module as today's."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from coverage.dated import gap_on
from coverage.gap import gap_summary
from pirs_portal.sources import SEED_DATE
from regions.models import LocalAuthority
from services.models import Service
from services.provision import Level
from tests.factories import make_service

pytestmark = pytest.mark.django_db

POWYS, NEWPORT = "W06000023", "W06000022"
DAY = datetime.date(2025, 6, 1)


def dated(service: Service, day: datetime.date, *, since=None) -> None:
    """Move the versions of a service made since a moment (all of them by default) to the start of a day."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    versions = service.history.all() if since is None else service.history.filter(history_date__gte=since)
    versions.update(history_date=moment)


def level(gap, code: str) -> Level:
    return gap.authority(code).level


def test_a_day_before_a_service_was_published_does_not_count_it():
    team = make_service("powys-team", areas=[POWYS], capacity=50)
    dated(team, DAY)
    before, on_the_day = gap_on(DAY - datetime.timedelta(days=1)), gap_on(DAY)
    assert level(before, POWYS) == Level.NONE and "powys-team" not in {s.slug for s in before.services}
    assert level(on_the_day, POWYS) == Level.TEAM
    assert len(on_the_day.authorities_with_team) == len(before.authorities_with_team) + 1
    # The same module as today's: the day it began and today agree once nothing else has changed.
    assert on_the_day.wales.unmet == gap_summary().wales.unmet


def test_a_service_published_later_counts_only_from_the_day_it_was_published():
    team = make_service("powys-later", areas=[POWYS], published=False)
    dated(team, DAY)
    moment = timezone.now()
    team.is_published = True
    team.save()
    dated(team, DAY + datetime.timedelta(days=10), since=moment)
    assert level(gap_on(DAY + datetime.timedelta(days=9)), POWYS) == Level.NONE
    assert level(gap_on(DAY + datetime.timedelta(days=10)), POWYS) == Level.TEAM


def test_moving_a_teams_areas_changes_the_past_map_only_from_the_day_of_the_change():
    gpimhs = Service.objects.get(slug="g-pimhs")
    moment = timezone.now()
    gpimhs.areas.remove(LocalAuthority.objects.get(code=NEWPORT))
    dated(gpimhs, DAY, since=moment)
    assert level(gap_on(DAY - datetime.timedelta(days=1)), NEWPORT) == Level.TEAM
    assert level(gap_on(DAY), NEWPORT) != Level.TEAM
    assert level(gap_summary(), NEWPORT) != Level.TEAM
    # The other Gwent authorities keep their team on both sides of the change.
    assert level(gap_on(DAY), "W06000021") == level(gap_on(SEED_DATE), "W06000021") == Level.TEAM


def test_a_day_before_any_record_says_so_rather_than_showing_an_empty_wales(client):
    before = SEED_DATE - datetime.timedelta(days=1)
    assert gap_on(before) is None
    text = client.get(reverse("coverage:home"), {"on": before.isoformat()}).content.decode()
    assert "No record of coverage on 3 October 2024" in text
    assert "The portal’s records begin on 4 October 2024" in text and "It does not assume there were none" in text
    assert " of 22" not in text and "Every local authority" not in text
    assert client.get(reverse("coverage:gap_download", args=["csv"]), {"on": before.isoformat()}).status_code == 404


@pytest.mark.parametrize("name", ["coverage:home", "coverage:gap", "coverage:gap_print"])
def test_a_page_on_a_past_day_says_which_day_it_shows_and_keeps_it_in_its_links(client, name):
    page = client.get(reverse(name), {"on": "2025-06-01"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Coverage as recorded at the end of 1 June 2025, not today." in text
    assert 'name="on"' in text or name == "coverage:gap_print"
    if name != "coverage:gap_print":
        assert "?on=2025-06-01" in text  # the map's data, the downloads, the region links
    assert "8 of 22" in text  # the seed's coverage, as it was on that day


def test_a_region_page_on_a_past_day_shows_the_services_as_they_stood(client):
    gpimhs = Service.objects.get(slug="g-pimhs")
    moment = timezone.now()
    gpimhs.name_en = "A later name"
    gpimhs.save()
    dated(gpimhs, DAY, since=moment)
    then = client.get(reverse("coverage:region", args=["gwent"]), {"on": "2025-05-31"}).content.decode()
    now = client.get(reverse("coverage:region", args=["gwent"])).content.decode()
    assert "Gwent Parent Infant Mental Health Service (G-PIMHS)" in then and "A later name" not in then
    assert "A later name" in now


@pytest.mark.parametrize("value, message", [
    ("banana", "Give the date as year-month-day, for example 2025-06-01."),
    ("2025-02-30", "Give the date as year-month-day, for example 2025-06-01."),
    ("２０２５-06-01", "Give the date as year-month-day, for example 2025-06-01."),  # full-width digits
    ("2025-6-1", "Give the date as year-month-day, for example 2025-06-01."),
    ("2999-01-01", "That day is still to come: choose today or a day before it."),
])
def test_a_bad_day_is_said_clearly_and_no_figures_shown_to_be_quoted_by_mistake(client, value, message):
    page = client.get(reverse("coverage:gap"), {"on": value})
    assert page.status_code == 400
    text = page.content.decode()
    assert message in text and "Correct the day above to see the figures" in text
    assert "<title>Error: The gap" in text, "a screen reader hears the error first"
    assert "8 of 22" not in text and "between 3,363 and 10,799" not in text
    download = client.get(reverse("coverage:gap_download", args=["csv"]), {"on": value})
    assert download.status_code == 400 and message in download.content.decode()


def test_a_download_names_the_day_as_a_plain_date_whatever_spaces_were_sent(client):
    response = client.get(reverse("coverage:gap_download", args=["csv"]), {"on": "  2025-06-01 "})
    assert response["Content-Disposition"] == 'attachment; filename="wales-pirs-gap-on-2025-06-01.csv"'


def test_the_downloads_follow_the_day(client):
    team = make_service("powys-team", areas=[POWYS], capacity=50)
    dated(team, DAY)
    response = client.get(reverse("coverage:gap_download", args=["csv"]), {"on": "2025-05-31"})
    assert 'filename="wales-pirs-gap-on-2025-05-31.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    powys = next(r for r in rows if r["code"] == POWYS)
    assert powys["provision_level"] == "None"
    assert "As recorded at the end of 2025-05-31, not today." in rows[0]["about"]
    today = list(csv.DictReader(io.StringIO(client.get(reverse("coverage:gap_download", args=["csv"])).content
                                            .decode("utf-8-sig"))))
    assert next(r for r in today if r["code"] == POWYS)["provision_level"] == "Specialist team"


def test_the_map_data_follows_the_day(client):
    team = make_service("powys-team", areas=[POWYS], capacity=50)
    dated(team, DAY)
    then = client.get(reverse("coverage:authorities_geojson"), {"on": "2025-05-31"}).json()
    now = client.get(reverse("coverage:authorities_geojson")).json()
    level_of = lambda collection: next(f["properties"]["level"] for f in collection["features"]  # noqa: E731
                                       if f["properties"]["code"] == POWYS)
    assert level_of(then) == "none" and level_of(now) == "specialist_team"
    # The file says which day it holds, and its links to region pages keep that day.
    assert then["recorded_on"] == "2025-05-31" and now["recorded_on"] is None
    assert then["features"][0]["properties"]["region_url"].endswith("?on=2025-05-31")
    assert "?on=" not in now["features"][0]["properties"]["region_url"]
