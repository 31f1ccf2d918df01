"""Whatever is sent to the suggestion form, the answer is the form with its problems or the thank-you page,
never a server error.

Its inputs: what is wrong, the correct information, the source and its address, the name and email,
and the box robots fill in; each near a real answer, or any text, or raw bytes.
"""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from suggestions.models import Suggestion

from .pages import page_status
from .strategies import noise, query_string
from .tally import FUZZ, examples, tallied

pytestmark = pytest.mark.django_db

# A service's form, and a route's in one area (route 1 is the seed's health visitor), in English and in Welsh.
FORMS = ["/services/g-pimhs/suggest/", "/cy/services/cardiff-parents-plus/suggest/",
         "/services/routes/1/W06000002/suggest/?stage=5", "/cy/services/routes/1/W06000022/suggest/?stage=expecting"]
ADDRESSES = ["", "https://www.example.org/referrals", "www.example.org", "javascript:alert(1)", "http://[::1",
             "https://exa mple.org", "ftp://example.org/a", "https://example.org/" + "a" * 600,
             "https://ëxample.org/"]
EMAILS = ["", "ann@example.org", "ann@", "@example.org", "a@b@c", "ann@xn--80ak6aa92e.com", "ann@[127.0.0.1]",
          "ann@ëxample.org", "ann@" + "a" * 300 + ".org"]


def suggestion_posts() -> st.SearchStrategy[str]:
    text = st.one_of(st.sampled_from(["", "The phone number has changed.", "<script>alert(1)</script>"]),
                     st.text(max_size=80), st.integers(1990, 2010).map(lambda n: "x" * n))
    likely = {
        "what_is_wrong": text,
        "correct_information": text,
        "source": st.sampled_from(["", "web_page", "works_there", "WEB_PAGE"]),
        "source_url": st.sampled_from(ADDRESSES),
        "name": st.sampled_from(["", "Ann Jones", "<b>Ann</b>", "A" * 101]),
        "email": st.sampled_from(EMAILS),
        "homepage": st.sampled_from(["", "", "", "", " ", "https://spam.example"]),
    }
    noisy = {name: st.one_of(values, noise()) for name, values in likely.items()}
    return query_string(noisy, likely=likely)


def _answered(response: HttpResponse) -> str:
    if response.redirect_chain:
        return "thanked"
    return "problems named" if response.context and response.context["form"].errors else "form"


@override_settings(SUGGESTION_THROTTLE_RATE="100000/minute")
def test_anything_sent_to_the_suggestion_form_gets_a_page_never_a_server_error(client):
    with tallied("suggestion form") as tally:

        @settings(max_examples=examples(300), **FUZZ)
        @given(path=st.sampled_from(FORMS), body=suggestion_posts())
        def answers(path, body):
            stored = Suggestion.objects.count()
            assert page_status(client, path, body, tally=tally, outcome=_answered, posted=True) == 200
            # Only a whole, valid answer is kept; a bad one is shown back with its problems, never half-stored.
            assert Suggestion.objects.count() - stored in (0, 1)

        answers()
