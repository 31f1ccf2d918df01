"""Whatever is typed into the referral-route finder, the answer is a page, never a server error.

Its inputs: the postcode, the authority, the stage, the age in years and in months, and the date of birth.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from regions.models import LocalAuthority

from .pages import page_status
from .strategies import noise, numberish, query_string
from .tally import FUZZ, examples, tallied

pytestmark = pytest.mark.django_db

POSTCODES = ["NP20 4UR", "np204ur", " NP20-4UR ", "NP2O 4UR", "CF10 1AA", "CH1 1AA", "ZZ9 9ZZ", "LL11 1AA"]
POSTCODE_LIKE = r"[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9Oo][A-Za-z]{2}"
AGE_WORDS = ["years", "yrs", "y", "months", "m", "mis", "flwydd", "and", "a", "old", "-", ".", ","]
MONTH_NAMES = ["March", "mar", "Mawrth", "rhagfyr", "Febuary", "13", "0", "02", "٢"]


def typed_ages() -> st.SearchStrategy[str]:
    """An age as someone might type it: numbers and unit words in any order, "4 years", "2 flwydd a 6 mis"."""
    pieces = st.one_of(st.integers(-20, 300).map(str), st.sampled_from(AGE_WORDS))
    return st.lists(pieces, max_size=5).map(" ".join)


def birth_dates() -> dict[str, st.SearchStrategy[str]]:
    """Days, months and years near real ones: 29 and 31 February, month names, two-digit years, the future."""
    return {
        "dob_day": st.one_of(st.integers(-1, 33).map(str), st.just("")),
        "dob_month": st.one_of(st.integers(-1, 13).map(str), st.sampled_from(MONTH_NAMES), st.just("")),
        "dob_year": st.one_of(st.integers(1990, 2040).map(str), st.sampled_from(["24", "0", "99999", ""])),
    }


def searches_by_birth_date(*, codes: list[str]) -> st.SearchStrategy[str]:
    """A search by a whole date of birth, past or future, sometimes with an age beside it that may disagree."""
    today = datetime.date.today()
    near = st.dates(today - datetime.timedelta(days=19 * 366), today + datetime.timedelta(days=400))
    return st.tuples(
        st.sampled_from(codes), near, st.sampled_from(["", "", "born", "pregnant"]),
        st.sampled_from(["", "", "", "4", "4 years"]),
    ).map(lambda t: urlencode({"authority": t[0], "dob_day": t[1].day, "dob_month": t[1].month,
                               "dob_year": t[1].year, "stage": t[2], "age_years": t[3]}))


def finder_queries(*, codes: list[str]) -> st.SearchStrategy[str]:
    postcodes = st.one_of(st.sampled_from(POSTCODES), st.from_regex(POSTCODE_LIKE, fullmatch=True))
    authorities = st.one_of(st.sampled_from(codes), st.from_regex(r"[EKNSW][0-9]{8}", fullmatch=True))
    stages = st.sampled_from(["pregnant", "born"])
    any_query = query_string(
        {
            "postcode": st.one_of(postcodes, noise()),
            "authority": st.one_of(authorities, noise()),
            "stage": st.one_of(stages, st.just("PREGNANT"), noise()),
            "age_months": st.one_of(numberish(), typed_ages()),
            "age_years": st.one_of(numberish(), typed_ages()),
            **{name: st.one_of(values, numberish()) for name, values in birth_dates().items()},
        },
    )
    near_valid = st.fixed_dictionaries({
        # Mostly no postcode, so that the authority chosen is used; the age in years, months or both.
        "postcode": st.sampled_from(["", "", "", *POSTCODES]), "authority": st.sampled_from(codes),
        "stage": st.sampled_from(["pregnant", "born", "born", ""]),
        "age_months": st.one_of(st.integers(0, 216).map(str), st.sampled_from(["", "6 months", "-1", "217"])),
        "age_years": st.sampled_from(["", "", "", "", "", "4 years", "2 flwydd", "19"]),
    }).map(urlencode)
    return st.one_of(any_query, near_valid, searches_by_birth_date(codes=codes))


def _shown(response: HttpResponse) -> str:
    if response.context is None:  # the same results again, answered from the page store
        return "cached"
    if response.context.get("outside"):
        return "outside Wales"
    return "routes" if response.context.get("result") else "form"


@override_settings(FINDER_THROTTLE_RATE="100000/minute")
def test_any_finder_query_gets_a_page_never_a_server_error(client, postcodes):
    codes = sorted(LocalAuthority.objects.values_list("code", flat=True))
    with tallied("finder") as tally:

        @settings(max_examples=examples(300), **FUZZ)
        @given(query=finder_queries(codes=codes))
        def answers(query):
            # Sent as the form sends it; a search that finds an area leads on to its results page.
            assert page_status(client, "/services/find/", query, tally=tally, outcome=_shown, posted=True) in (200, 429)

        answers()
