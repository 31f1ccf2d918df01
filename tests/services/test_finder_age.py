"""The finder asks for the child's age as people know it: in years and months, or as a date of birth."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from services.finder_age import MONTH, YEAR, months_old, months_typed

pytestmark = pytest.mark.django_db

CARDIFF = "W06000015"
FOUR_YEARS = f"/services/find/{CARDIFF}/48-months/"


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day so many years before; 28 February for a 29 February that year lacks."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def birth(day: datetime.date) -> dict[str, str]:
    return {"dob_day": str(day.day), "dob_month": str(day.month), "dob_year": str(day.year)}


def search(client, **params):
    return client.post(reverse("services:finder"), params)


def routes(text: str) -> list[str]:
    """The services and other routes a results page offers, in order."""
    return re.findall(r'<h[34]><a href="(/services/[^"]+/)"', text) + re.findall(r"<h4>([^<]+)</h4>", text)


FOUR_YEARS_SAID = {
    "4 years typed in the years box": {"age_years": "4 years"},
    "4 years typed in the months box": {"age_months": "4 years"},
    "4 years 0 months": {"age_years": "4", "age_months": "0"},
    "48 months": {"age_months": "48"},
    "48 months, with the stage chosen": {"stage": "born", "age_months": "48"},
}


@pytest.mark.parametrize("said", FOUR_YEARS_SAID)
def test_four_years_said_any_way_gives_the_same_results_address_and_routes(client, said):
    answer = search(client, authority=CARDIFF, **FOUR_YEARS_SAID[said])
    assert answer.status_code == 303 and answer["Location"] == FOUR_YEARS
    text = client.get(answer["Location"]).content.decode()
    assert "A family in Cardiff, with a child aged 4 years" in text
    assert routes(text) == routes(client.get(FOUR_YEARS).content.decode()) != []


def test_a_date_of_birth_four_years_ago_gives_the_same_address_and_keeps_the_date_nowhere(client):
    born = years_before(timezone.localdate(), 4)
    answer = search(client, authority=CARDIFF, **birth(born))
    assert answer.status_code == 303 and answer["Location"] == FOUR_YEARS
    text = client.get(answer["Location"]).content.decode()
    assert str(born.year) not in answer["Location"] and f'value="{born.year}"' not in text
    assert 'name="age_years" value="4"' in text and 'name="age_months" value="0"' in text


def test_an_old_link_with_the_age_in_months_still_leads_to_its_results(client):
    old = client.get(reverse("services:finder"), {"authority": CARDIFF, "stage": "born", "age_months": "48"})
    assert old.status_code == 303 and old["Location"] == FOUR_YEARS


def test_an_age_given_means_the_baby_has_been_born_without_ticking_born(client):
    assert search(client, authority=CARDIFF, age_months="5")["Location"] == f"/services/find/{CARDIFF}/5-months/"


def test_expecting_a_baby_stays_a_choice_of_its_own(client):
    answer = search(client, authority=CARDIFF, stage="pregnant")
    assert answer["Location"] == f"/services/find/{CARDIFF}/expecting/"


def test_expecting_chosen_sets_aside_an_age_left_in_the_boxes_from_an_earlier_search(client):
    earlier = client.get(f"/services/find/{CARDIFF}/5-months/").content.decode()
    assert 'name="age_months" value="5"' in earlier
    answer = search(client, authority=CARDIFF, stage="pregnant", age_months="5", dob_day="31", dob_month="2")
    assert answer["Location"] == f"/services/find/{CARDIFF}/expecting/"


def test_an_age_and_a_date_of_birth_that_agree_are_accepted(client):
    born = years_before(timezone.localdate(), 4)
    assert search(client, authority=CARDIFF, age_years="4", **birth(born))["Location"] == FOUR_YEARS


def test_the_results_form_gives_the_age_back_in_years_and_months(client):
    text = client.get(f"/services/find/{CARDIFF}/30-months/").content.decode()
    assert 'name="age_years" value="2"' in text and 'name="age_months" value="6"' in text
    baby = client.get(f"/services/find/{CARDIFF}/5-months/").content.decode()
    assert 'name="age_years" class' in baby and 'name="age_months" value="5"' in baby


def _bad(**params) -> dict:
    return {"authority": CARDIFF, **params}


TODAY = timezone.localdate()
BAD_INPUT = {
    "a negative number of years": (_bad(age_years="-1"), "age_years", "Enter an age of 0 or more."),
    "a negative number of months": (_bad(age_months="-3"), "age_months", "Enter an age of 0 or more."),
    "years past 18": (_bad(age_years="19"), "age_years", "Enter an age of 18 years or under."),
    "months past 18 years": (_bad(age_months="217"), "age_months", "Enter an age of 18 years or under."),
    "a huge number": (_bad(age_months="9" * 18), "age_months", "Enter an age of 18 years or under."),
    "a fraction of a year": (_bad(age_years="4.5"), "age_years", "Enter the years as a whole number, such as 4."),
    "words": (_bad(age_months="abc"), "age_months", "Enter the months as a whole number, such as 6."),
    "two numbers with no units": (_bad(age_months="4 6"), "age_months", "Enter the months as a whole number"),
    "14 months beside years": (_bad(age_years="2", age_months="14"), "age_months", "Enter the months from 0 to 11"),
    "a date of birth in the future": (
        _bad(**birth(TODAY + datetime.timedelta(days=30))), "dob_day",
        "The date of birth must be today or in the past. If the baby is not born yet, choose ‘Expecting a baby’.",
    ),
    "31 February": (_bad(dob_day="31", dob_month="2", dob_year="2024"), "dob_day",
                    "The date of birth must be a real date"),
    "month 13": (_bad(dob_day="1", dob_month="13", dob_year="2024"), "dob_day",
                 "The date of birth must be a real date"),
    "no month": (_bad(dob_day="1", dob_year="2024"), "dob_month",
                 "The date of birth must include a day, a month and a year."),
    "a two-digit year": (_bad(dob_day="1", dob_month="3", dob_year="24"), "dob_year",
                         "The year of birth must have 4 numbers, such as 2024."),
    "a date of birth 20 years ago": (_bad(**birth(years_before(TODAY, 20))), "dob_day",
                                     "The date of birth must be no more than 18 years ago"),
    "an age that disagrees with the date of birth": (
        _bad(age_months="30", **birth(years_before(TODAY, 4))), "age_years",
        "The age and the date of birth do not agree: the date of birth makes the child 4 years.",
    ),
    "born, with no age": (_bad(stage="born"), "age_years", "Enter the child’s age or date of birth."),
    "neither a stage nor an age": (_bad(), "stage_0", "Choose ‘Expecting a baby’, or give the child’s age"),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_ages_and_dates_get_a_clear_message_linked_from_the_summary(client, case):
    params, field, message = BAD_INPUT[case]
    page = search(client, **params)
    text = page.content.decode()
    assert page.status_code == 200 and "There is a problem" in text
    assert f'<li><a href="#id_{field}">{message}' in text
    assert f'id="id_{field.removesuffix("_0")}_error"' in text, "the message is beside its box too"
    assert "A family in" not in text


def test_the_error_summary_can_take_focus(client):
    text = search(client, authority=CARDIFF, age_months="abc").content.decode()
    assert 'class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1"' in text


def test_the_age_and_the_date_of_birth_are_two_labelled_groups_of_boxes(client):
    text = client.get(reverse("services:finder")).content.decode()
    assert '<fieldset aria-describedby="id_age_hint">' in text and "<legend>The child’s age</legend>" in text
    assert '<label for="id_age_years">Years</label>' in text and '<label for="id_age_months">Months</label>' in text
    assert "<legend>Or the child’s date of birth</legend>" in text
    for box in ("Day", "Month", "Year"):
        assert f'<label for="id_dob_{box.lower()}">{box}</label>' in text


@pytest.mark.parametrize(("typed", "unit", "months"), [
    ("4", YEAR, 48), ("4 years", YEAR, 48), ("4 years", MONTH, 48), ("48", MONTH, 48), ("48 months", YEAR, 48),
    ("4yrs", YEAR, 48), ("2 years and 6 months", MONTH, 30), ("2 years 6 months old", YEAR, 30),
    ("2 flwydd a 6 mis", YEAR, 30), ("2 flynedd a 6 mis", YEAR, 30), ("0", MONTH, 0), ("  ", MONTH, None),
])
def test_an_age_can_be_typed_the_way_people_say_it(typed, unit, months):
    assert months_typed(typed, unit=unit) == months


@pytest.mark.parametrize(("born", "today", "months"), [
    ((2022, 3, 12), (2026, 3, 12), 48), ((2022, 3, 13), (2026, 3, 12), 47),
    ((2020, 2, 29), (2024, 2, 28), 47), ((2020, 2, 29), (2024, 2, 29), 48),
    ((2026, 1, 31), (2026, 2, 28), 0), ((2026, 3, 12), (2026, 3, 12), 0),
])
def test_a_date_of_birth_gives_the_whole_months_lived(born, today, months):
    assert months_old(born=datetime.date(*born), today=datetime.date(*today)) == months
