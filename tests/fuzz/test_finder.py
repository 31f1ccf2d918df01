"""Whatever is typed into the referral-route finder, the answer is a page, never a server error."""

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


def finder_queries(*, codes: list[str]) -> st.SearchStrategy[str]:
    postcodes = st.one_of(st.sampled_from(POSTCODES), st.from_regex(POSTCODE_LIKE, fullmatch=True))
    authorities = st.one_of(st.sampled_from(codes), st.from_regex(r"[EKNSW][0-9]{8}", fullmatch=True))
    stages = st.sampled_from(["pregnant", "born"])
    return query_string(
        {
            "postcode": st.one_of(postcodes, noise()),
            "authority": st.one_of(authorities, noise()),
            "stage": st.one_of(stages, st.just("PREGNANT"), noise()),
            "age_months": numberish(),
        },
        likely={
            # Mostly no postcode, so that the authority chosen is used.
            "postcode": st.sampled_from(["", "", "", *POSTCODES]), "authority": st.sampled_from(codes),
            "stage": stages,
            "age_months": st.integers(-2, 230).map(str),
        },
    )


def _shown(response: HttpResponse) -> str:
    if response.context is None:  # the same results again, answered from the page store
        return "cached"
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
