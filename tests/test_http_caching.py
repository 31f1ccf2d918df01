"""Public pages speak standard HTTP caching: an ETag per data version, Cache-Control, 304s, one page store."""

import gzip
import json

import pytest
from django.test import Client, override_settings

from coverage.gap import gap_summary
from services.models import Service
from tests.factories import AdminBrowser, page_values, regional_steward

pytestmark = pytest.mark.django_db

RESULTS = "/services/find/W06000022/5-months/"
PAGES = [
    "/", "/cy/", "/gap/", "/gap/?sort=need&dir=desc", "/gap/print/", "/regions/gwent/",
    "/services/", "/services/?region=gwent", "/services/find/", RESULTS, "/services/g-pimhs/",
    "/geo/local-authorities.geojson", "/geo/regions.geojson",
    "/api/oruk/", "/api/oruk/services", "/api/oruk/services?per_page=1", "/api/oruk/docs", "/api/docs/",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_public_page_carries_an_etag_and_may_be_kept_by_any_cache_for_a_minute(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]


@pytest.mark.parametrize("url", PAGES)
def test_a_client_holding_the_current_page_is_answered_304_without_touching_the_database(
    client, url, django_assert_num_queries
):
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag and not again.content


@pytest.mark.parametrize("url", PAGES)
def test_a_repeated_page_is_answered_from_the_page_store_before_the_per_user_middleware(
    client, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert dict(again.items()) == dict(first.items())
    assert hasattr(first.wsgi_request, "session") and not hasattr(again.wsgi_request, "session")


@pytest.mark.parametrize("store", [True, False])
def test_conditional_requests_follow_rfc_9110(client, settings, store):
    settings.PAGE_STORE = store
    url = "/api/oruk/services"
    first = client.get(url)
    strong = first["ETag"].removeprefix("W/")
    # If-None-Match compares weakly: the tag without W/ matches too, and the 304 keeps the 200's Vary.
    again = client.get(url, HTTP_IF_NONE_MATCH=strong)
    assert again.status_code == 304 and again["Vary"] == first["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH="*").status_code == 304
    # A precondition is for an answer that would be 2xx: "*" does not turn a 404 or a 400 into a 304.
    assert client.get("/api/oruk/services/00000000-0000-4000-8000-000000000000",
                      HTTP_IF_NONE_MATCH="*").status_code == 404
    assert client.get("/api/oruk/services?page=0", HTTP_IF_NONE_MATCH="*").status_code == 400
    assert client.get("/regions/no-such-region/", HTTP_IF_NONE_MATCH="*").status_code == 404


@override_settings(PAGE_STORE=False)
def test_without_the_page_store_pages_still_answer_304_and_the_view_runs_each_time(client, monkeypatch):
    import coverage.dated

    computed = []
    monkeypatch.setattr(coverage.dated, "gap_summary", lambda: computed.append(1) or gap_summary())
    etag = client.get("/gap/")["ETag"]
    assert client.get("/gap/").status_code == 200
    assert client.get("/gap/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(computed) == 2


def test_a_change_to_the_data_gives_every_page_a_new_etag(client):
    before = client.get("/services/g-pimhs/")["ETag"]
    service = Service.objects.get(slug="g-pimhs")
    service.summary_en = "A new summary."
    service.save()
    after = client.get("/services/g-pimhs/", HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before
    assert "A new summary." in after.content.decode()


def test_a_stewards_save_in_the_admin_shows_on_the_next_public_request():
    public = Client()
    pages = ["/services/g-pimhs/", "/regions/gwent/"]
    for page in pages:
        assert "Summary rewritten by the steward" not in public.get(page).content.decode()
    steward = AdminBrowser(regional_steward("gw", "gwent"))
    url = f"/admin/services/service/{Service.objects.get(slug='g-pimhs').pk}/change/"
    form = steward.get(url)
    data = page_values(form) | {"summary_en": "Summary rewritten by the steward."}
    assert steward.post(url, data, page=form).status_code == 302
    for page in pages:
        assert "Summary rewritten by the steward" in public.get(page).content.decode(), page


def test_a_stored_page_is_gzipped_once_for_clients_that_take_gzip(client):
    plain = client.get("/gap/")
    zipped = client.get("/gap/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    again = client.get("/gap/", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain.content
    assert again.content == zipped.content and not hasattr(again.wsgi_request, "session")
    assert zipped["ETag"] == plain["ETag"], "one weak ETag for both encodings of the same page"


def test_the_geojson_is_stored_apart_for_clients_with_and_without_gzip(client):
    url = "/geo/local-authorities.geojson"
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(url)
    assert zipped["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain
    assert json.loads(plain.content)["type"] == "FeatureCollection"


def test_english_welsh_and_each_query_are_cached_apart(client):
    english, welsh = client.get("/gap/"), client.get("/cy/gap/")
    assert '<html lang="en">' in english.content.decode() and '<html lang="cy">' in welsh.content.decode()
    assert english["ETag"] != welsh["ETag"]
    by_name, by_need = client.get("/gap/?sort=name"), client.get("/gap/?sort=need&dir=desc")
    assert by_name.content != by_need.content and by_name["ETag"] != by_need["ETag"]


def test_a_signed_in_steward_is_never_served_nor_stores_a_stored_page(client, monkeypatch):
    import coverage.dated

    computed = []
    monkeypatch.setattr(coverage.dated, "gap_summary", lambda: computed.append(1) or gap_summary())
    public = Client()
    public.get("/gap/")
    client.force_login(regional_steward("gw", "gwent"))
    client.get("/gap/")
    client.get("/gap/?sort=name")
    assert len(computed) == 3
    public.get("/gap/?sort=name")  # the steward's visit stored nothing for the public
    public.get("/gap/?sort=name")
    assert len(computed) == 4


def test_a_search_is_never_stored_and_its_results_page_is(client):
    search = {"authority": "W06000022", "stage": "born", "age_months": "5"}
    first = client.post("/services/find/", search)
    assert first.status_code == 303 and first["Location"] == RESULTS
    assert "ETag" not in first and "public" not in first.get("Cache-Control", "")
    client.get(RESULTS)
    assert not hasattr(client.get(RESULTS).wsgi_request, "session"), "the results page comes from the store"


@override_settings(DOWNLOAD_THROTTLE_RATE="2/minute")
def test_downloads_are_cacheable_by_http_but_every_one_reaches_the_limit(client):
    answers = [client.get("/gap/download.csv") for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "public" in answers[0]["Cache-Control"] and answers[0]["ETag"]


def test_an_api_error_is_not_stored(client, monkeypatch):
    from openreferral import params

    read, calls = params.params_read, []
    monkeypatch.setattr(params, "params_read", lambda **kwargs: calls.append(1) or read(**kwargs))
    for _ in range(2):
        assert client.get("/api/oruk/services?per_page=nonsense").status_code == 400
    assert len(calls) == 2  # the view ran both times: the 400 was not stored
    for _ in range(2):
        assert client.get("/api/oruk/services").status_code == 200
    assert len(calls) == 3  # while a good answer is stored and replayed


def test_a_release_changing_any_app_of_the_project_changes_every_pages_version():
    from pirs_portal.pages import code_folders

    folders = code_folders()
    for app in ("pirs_portal", "regions", "services", "coverage", "openreferral", "recommendations"):
        assert app in folders, app
    assert {"templates", "static", "locale"} <= set(folders)
