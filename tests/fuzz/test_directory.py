"""Whatever filters the directory is given, it answers with a page, never a server error."""

import pytest
from django.http import HttpResponse
from hypothesis import given, settings
from hypothesis import strategies as st

from regions.models import LocalAuthority, Region
from services.models import Intervention, Service
from tests.services.test_directory import add_services

from .pages import page_status
from .strategies import noise, numberish, query_string
from .tally import FUZZ, examples, tallied

pytestmark = pytest.mark.django_db


def directory_queries() -> st.SearchStrategy[str]:
    choices = {
        "region": list(Region.objects.values_list("slug", flat=True)),
        "authority": list(LocalAuthority.objects.values_list("code", flat=True)),
        "setting": Service.Setting.values,
        "kind": Service.Kind.values,
        "status": Service.Status.values,
        "intervention": list(Intervention.objects.values_list("slug", flat=True)),
    }
    likely = {name: st.sampled_from(["", *values]) for name, values in choices.items()}
    likely |= {
        "age": st.one_of(st.just("pregnancy"), st.integers(-2, 230).map(str)),
        # Place names too, in both languages, whole and in part: a search naming a place lists its services.
        "q": st.sampled_from(["", "baby", "Gwent team", "babanod", "Swansea Bay", "powys", "Caerdydd", "Vale", "bwrdd"]),
        "page": st.integers(-1, 4).map(str),
    }
    noisy = {name: st.one_of(values, noise()) for name, values in likely.items()}
    noisy |= {"age": st.one_of(likely["age"], numberish()), "page": st.one_of(likely["page"], numberish())}
    return query_string(noisy, likely=likely)


def _listed(response: HttpResponse) -> str:
    if response.context is None:  # the same query again, answered from the page cache
        return "cached"
    return "services" if response.context["page"].object_list else "none"


def test_any_directory_filters_get_a_page_never_a_server_error(client):
    add_services(120)  # three pages, so that paging is tried too
    with tallied("directory") as tally:

        @settings(max_examples=examples(300), **FUZZ)
        @given(query=directory_queries())
        def answers(query):
            assert page_status(client, "/services/", query, tally=tally, outcome=_listed) == 200

        answers()
