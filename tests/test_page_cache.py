"""Public pages are answered from a cache until the data changes, and never for a signed-in user."""

import gzip
import json

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from pirs_portal.datacache import cached_page
from coverage.gap import gap_summary
from services.models import Service
from tests.services.test_audit_and_roles import change_url, form_data, staff

pytestmark = pytest.mark.django_db

FINDER = "/services/find/?authority=W06000022&stage=born&age_months=5"
PAGES = [
    "/", "/cy/", "/gap/", "/gap/?sort=need&dir=desc", "/gap/print/", "/regions/gwent/",
    "/services/", "/services/?region=gwent", FINDER, "/services/g-pimhs/",
    "/api/oruk/", "/api/oruk/services", "/api/oruk/services?per_page=1", "/api/oruk/docs",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_repeated_page_is_answered_from_the_cache_without_touching_the_database(
    client, url, django_assert_num_queries
):
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


EARLY = ["/", "/cy/", "/gap/", "/gap/print/", "/regions/gwent/", "/services/", "/services/g-pimhs/",
         "/geo/local-authorities.geojson", "/geo/regions.geojson", FINDER, "/api/oruk/services", "/api/oruk/docs"]


@pytest.mark.parametrize("url", EARLY)
def test_a_stored_public_page_is_answered_before_the_per_user_middleware_with_the_same_headers(client, url):
    first = client.get(url)
    again = client.get(url)
    assert hasattr(first.wsgi_request, "session") and not hasattr(again.wsgi_request, "session")
    assert again.content == first.content
    assert dict(again.items()) == dict(first.items())
    assert again["X-Frame-Options"] == "DENY" and again["Content-Language"] == first["Content-Language"]


def test_the_geojson_is_stored_apart_for_clients_with_and_without_gzip_and_still_answers_304(client):
    url = "/geo/local-authorities.geojson"
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(url)
    assert zipped["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert json.loads(plain.content)["type"] == "FeatureCollection"
    assert client.get(url, HTTP_ACCEPT_ENCODING="gzip").content == zipped.content
    assert client.get(url, HTTP_IF_NONE_MATCH=zipped["ETag"]).status_code == 304


def test_a_stored_page_is_gzipped_once_for_clients_that_take_gzip(client):
    plain = client.get("/gap/")
    zipped = client.get("/gap/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    again = client.get("/gap/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) / 3
    assert again.content == zipped.content and not hasattr(again.wsgi_request, "session")
    assert "Content-Encoding" not in client.get("/gap/")


def test_a_stewards_save_in_the_admin_shows_on_the_next_public_request(client):
    public = Client()
    pages = ["/services/g-pimhs/", "/regions/gwent/"]  # both show the summary, and both are cached
    for page in pages:
        assert "Summary rewritten by the steward" not in public.get(page).content.decode()
    client.force_login(staff("gwent", regions=["gwent"]))
    edit = form_data(client, "g-pimhs", summary_en="Summary rewritten by the steward.")
    assert client.post(change_url("g-pimhs"), edit).status_code == 302
    for page in pages:
        assert "Summary rewritten by the steward" in public.get(page).content.decode(), page


def test_unpublishing_a_service_takes_it_off_the_cached_map_and_finder(client):
    assert "Gwent Parent Infant" in client.get("/").content.decode()
    assert "Gwent Parent Infant" in client.get(FINDER).content.decode()
    service = Service.objects.get(slug="g-pimhs")
    service.is_published = False
    service.save()
    assert "Gwent Parent Infant" not in client.get("/").content.decode()
    assert "Gwent Parent Infant" not in client.get(FINDER).content.decode()


def test_english_and_welsh_pages_are_cached_apart(client):
    english = client.get("/gap/").content.decode()
    welsh = client.get("/cy/gap/").content.decode()
    assert '<html lang="en">' in english and '<html lang="cy">' in welsh
    assert client.get("/gap/").content.decode() == english
    assert '<html lang="cy">' in client.get("/cy/gap/").content.decode()


def test_pages_with_different_queries_are_cached_apart(client):
    newport = client.get(FINDER).content.decode()
    cardiff = client.get(FINDER.replace("W06000022", "W06000015")).content.decode()
    assert "Gwent Parent Infant" in newport and "Gwent Parent Infant" not in cardiff
    assert "Cardiff Parents Plus" in cardiff
    by_name = client.get("/gap/?sort=name").content.decode()
    by_need = client.get("/gap/?sort=need&dir=desc").content.decode()
    assert by_name != by_need
    assert client.get("/gap/?sort=name").content.decode() == by_name


@override_settings(FINDER_THROTTLE_RATE="2/minute")
def test_the_finder_rate_limit_counts_answers_from_the_cache(client):
    answers = [client.get(FINDER) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert not hasattr(answers[1].wsgi_request, "session")  # the second came from the stored page
    assert int(answers[2]["Retry-After"]) > 0


@override_settings(OPENREFERRAL_THROTTLE_RATE="2/minute")
def test_the_api_rate_limit_counts_answers_from_the_cache_and_keeps_the_cors_header(client):
    answers = [client.get("/api/oruk/services") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert not hasattr(answers[1].wsgi_request, "session")
    assert all(a["Access-Control-Allow-Origin"] == "*" for a in answers)
    assert answers[2].json()["status"] == 429


def test_a_signed_in_steward_is_never_served_nor_stores_a_cached_page(client, monkeypatch):
    import coverage.views

    computed = []
    monkeypatch.setattr(coverage.views, "gap_summary", lambda: computed.append(1) or gap_summary())
    public = Client()
    public.get("/gap/")
    client.force_login(staff("gwent", regions=["gwent"]))
    client.get("/gap/")
    client.get("/gap/?sort=name")
    assert len(computed) == 3
    public.get("/gap/?sort=name")  # the steward's visit stored nothing for the public
    public.get("/gap/?sort=name")
    assert len(computed) == 4


def test_an_api_error_is_not_cached(client, monkeypatch):
    from openreferral import params

    read, calls = params.params_read, []
    monkeypatch.setattr(params, "params_read", lambda **kwargs: calls.append(1) or read(**kwargs))
    for _ in range(2):
        assert client.get("/api/oruk/services?per_page=nonsense").status_code == 400
    assert len(calls) == 2  # the view ran both times: the 400 was not stored
    for _ in range(2):
        assert client.get("/api/oruk/services").status_code == 200
    assert len(calls) == 3  # while a good answer is stored and replayed


def counted(respond):
    """Wrap a view that answers with `respond(request)` in the page cache, counting the times it runs."""
    calls = []

    @cached_page
    def view(request):
        calls.append(request)
        return respond(request)

    return view, calls


def anonymous_get(path: str = "/page/"):
    request = RequestFactory().get(path)
    request.COOKIES = {}
    return request


def test_an_answer_that_sets_a_cookie_is_not_stored():
    def with_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "yes")
        return response

    view, calls = counted(with_cookie)
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 2


def test_an_answer_that_read_the_session_is_not_stored():
    class Session:
        accessed = True

    def personal(request):
        request.session = Session()
        return HttpResponse("hello, steward")

    view, calls = counted(personal)
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 2


def test_an_answer_with_headers_of_its_own_or_another_status_is_not_stored():
    def download(request):
        response = HttpResponse("a,b")
        response["Content-Disposition"] = 'attachment; filename="x.csv"'
        return response

    view, calls = counted(download)
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 2
    view, calls = counted(lambda request: HttpResponse("slow down", status=429))
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 2


def test_a_request_with_a_session_cookie_or_another_method_skips_the_cache():
    view, calls = counted(lambda request: HttpResponse("hello"))
    view(anonymous_get())
    view(anonymous_get())
    assert len(calls) == 1
    signed_in = anonymous_get()
    signed_in.COOKIES = {"sessionid": "abc"}
    view(signed_in)
    view(RequestFactory().post("/page/"))
    assert len(calls) == 3
