"""The service directory lists published services, filters them by GET, and never fails on a bad filter."""

import datetime
import re

import pytest
from django.urls import reverse

from pirs_portal.datacache import data_changed
from regions.models import LocalAuthority
from services.models import Intervention, Organisation, Service

pytestmark = pytest.mark.django_db

SEED_SERVICES = 5


def add_services(count: int, *, age_end_months: int = 24) -> list[Service]:
    """Add published services spread over every authority, each with interventions, as a large directory."""
    authorities = list(LocalAuthority.objects.order_by("code"))
    organisation = Organisation.objects.first()
    interventions = list(Intervention.objects.all())
    services = Service.objects.bulk_create(
        Service(
            slug=f"many-{n}", name_en=f"Many service {n}", summary_en="Made for a large directory.",
            organisation=organisation, setting=Service.Setting.THIRD_SECTOR, kind=list(Service.Kind)[n % 3],
            status=list(Service.Status)[n % 2], age_start=Service.AgeStart.BIRTH,
            age_end_months=age_end_months,
            source_citation="Test", last_reviewed=datetime.date(2026, 1, 1), is_published=True,
        )
        for n in range(count)
    )
    Service.areas.through.objects.bulk_create(
        Service.areas.through(service=service, localauthority=authorities[(n + k) % len(authorities)])
        for n, service in enumerate(services) for k in range(3)
    )
    Service.interventions.through.objects.bulk_create(
        Service.interventions.through(service=service, intervention=interventions[n % len(interventions)])
        for n, service in enumerate(services)
    )
    data_changed()  # bulk_create sends no signals, so say the data changed, as a bulk import must
    return services


def listed(client, **params) -> str:
    page = client.get(reverse("services:directory"), params)
    assert page.status_code == 200
    return page.content.decode()


def test_directory_lists_every_published_service_with_its_facts(client):
    text = listed(client)
    assert "5 services" in text
    assert f'href="{reverse("services:service", args=["g-pimhs"])}"' in text
    for fact in ("Aneurin Bevan University Health Board", "NHS public health nursing",
                 "Specialist parent-infant relationship team", "Established",
                 "Blaenau Gwent, Caerphilly, Monmouthshire, Newport, Torfaen",
                 "From pregnancy, until the child is 2 years old", "Last reviewed"):
        assert fact in text, fact


def test_directory_says_where_the_source_gives_no_setting_or_ages(client):
    text = listed(client, kind="workforce_offer")
    assert "Cwm Taf Morgannwg Nurturing Families Service" in text
    assert "Not stated in the source" in text
    assert "Start age not stated in the source" in text


def test_unpublished_services_are_not_listed(client):
    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    text = listed(client)
    assert "4 services" in text and "G-PIMHS" not in text


def test_filtering_by_region_keeps_only_services_covering_it(client):
    text = listed(client, region="north-wales")
    assert "1 service" in text and "Wrexham and Flintshire Early Years CAMHS" in text
    assert "G-PIMHS" not in text


def test_filtering_by_local_authority_uses_its_code(client):
    text = listed(client, authority="W06000010")
    assert "Hywel Dda perinatal mental health" in text and "1 service" in text


@pytest.mark.parametrize(("params", "expected"), [
    ({"setting": "nhs_camhs"}, {"wrexham-flintshire-early-years-camhs"}),
    ({"kind": "embedded_specialists"}, {"hywel-dda-perinatal-parent-infant-specialists"}),
    ({"status": "developing"}, {"cwm-taf-morgannwg-nurturing-families"}),
    ({"intervention": "video-interaction-guidance"}, {"g-pimhs", "wrexham-flintshire-early-years-camhs"}),
    ({"kind": "specialist_team", "region": "gwent"}, {"g-pimhs"}),
])
def test_each_filter_narrows_the_list(client, params, expected):
    text = listed(client, **params)
    shown = {slug for slug in Service.objects.values_list("slug", flat=True) if f"/services/{slug}/" in text}
    assert shown == expected


def test_filtering_by_pregnancy_keeps_services_that_start_in_pregnancy(client):
    text = listed(client, age="pregnancy")
    assert "G-PIMHS" in text and "Cardiff Parents Plus" in text
    assert "Early Years CAMHS" not in text  # from birth
    assert "Hywel Dda" not in text  # no age range stated, and the page says such services are left out
    assert "services whose age range is not stated in the source are left out" in text


def test_an_age_filter_that_finds_nothing_still_says_why_and_offers_the_search_without_the_age(client):
    page = client.get("/cy/services/", {"age": "5", "authority": "W06000010"}).content.decode()
    assert "0 gwasanaeth" in page
    assert "eu hepgor" in page, "the note on services whose ages are not stated"
    without = re.search(r'href="\?([^"]*)">[^<]*oedran', page).group(1)
    assert "age=" not in without and "authority=W06000010" in without
    assert "Hywel Dda" in client.get("/services/?" + without.replace("&amp;", "&")).content.decode()


@pytest.mark.parametrize(("age", "included", "excluded"), [
    ("5", ["G-PIMHS", "Cardiff Parents Plus", "Early Years CAMHS"], []),
    ("24", ["Cardiff Parents Plus", "Early Years CAMHS"], ["G-PIMHS"]),
    ("60", ["Early Years CAMHS"], ["G-PIMHS", "Cardiff Parents Plus"]),
    ("84", [], ["G-PIMHS", "Cardiff Parents Plus", "Early Years CAMHS"]),
])
def test_filtering_by_age_in_months_keeps_services_whose_range_includes_it(client, age, included, excluded):
    text = listed(client, age=age)
    for name in included:
        assert name in text, name
    for name in excluded:
        assert name not in text, name


@pytest.mark.parametrize("words, found", [
    ("gwent", {"g-pimhs"}),
    ("GWENT", {"g-pimhs"}),
    ("Cardiff psychology", {"cardiff-parents-plus"}),  # every word, in the name or the summary
    ("early years workforce", {"wrexham-flintshire-early-years-camhs", "g-pimhs", "cwm-taf-morgannwg-nurturing-families"}),
])
def test_text_search_matches_names_and_summaries(client, words, found):
    text = listed(client, q=words)
    assert set(re.findall(r'<h3><a href="/services/([a-z0-9-]+)/">', text)) == found


def test_text_search_ignores_the_case_of_welsh_letters_as_of_english_ones(client):
    Service.objects.filter(slug="g-pimhs").update(name_cy="Tîm Magu Gŵent")
    data_changed()
    for words in ("tîm magu gŵent", "TÎM MAGU GŴENT", "Tîm Magu Gŵent"):
        assert "/services/g-pimhs/" in listed(client, q=words), words


def test_text_search_matches_welsh_names(client):
    assert "No service matches these filters." in listed(client, q="magu")
    Service.objects.filter(slug="g-pimhs").update(name_cy="Tîm Magu Gwent")  # a word in no other text
    data_changed()  # update() sends no signal; a steward's save would
    text = listed(client, q="magu")
    assert "1 service" in text and "/services/g-pimhs/" in text


def test_text_search_matches_welsh_summaries(client):
    text = listed(client, q="babanod")  # "babies", in two Welsh summaries only
    assert set(re.findall(r'<h3><a href="/services/([a-z0-9-]+)/">', text)) == {
        "g-pimhs", "cwm-taf-morgannwg-nurturing-families"}


def test_an_empty_result_says_so_and_offers_to_clear_the_filters(client):
    text = listed(client, q="zebra")
    assert "0 services" in text
    assert "No service matches these filters." in text
    assert f'<a href="{reverse("services:directory")}">Clear the filters and see every service</a>' in text


@pytest.mark.parametrize(("params", "message"), [
    ({"region": "atlantis"}, "There is no such region."),
    ({"authority": "W99999999"}, "There is no such local authority."),
    ({"setting": "moon"}, "There is no such setting."),
    ({"kind": "x" * 500}, "There is no such kind of service."),
    ({"status": "closed"}, "There is no such status."),
    ({"intervention": "nope"}, "There is no such intervention."),
    ({"age": "-1"}, "Enter the age as a whole number of months"),
    ({"age": "abc"}, "Enter the age as a whole number of months"),
    ({"age": "²"}, "Enter the age as a whole number of months"),
    ({"age": "999"}, "Enter an age from 0 to 216 months"),
    ({"q": "a" * 500}, "Ensure this value has at most 200 characters"),
    ({"page": "banana", "region": "nowhere"}, "There is no such region."),
])
def test_a_bad_filter_gets_a_clear_message_and_the_rest_of_the_list(client, params, message):
    text = listed(client, **params)
    assert "Some filters could not be used. The list below leaves them out." in text
    assert message in text
    assert "5 services" in text


def test_a_bad_filter_is_linked_from_the_summary_and_described_on_its_field(client):
    text = listed(client, region="atlantis")
    assert 'href="#id_region"' in text
    assert 'aria-describedby="id_region_error"' in text and 'aria-invalid="true"' in text


def test_filters_are_a_labelled_get_form(client):
    text = listed(client)
    assert 'method="get"' in text
    for name in ("q", "region", "authority", "setting", "kind", "status", "intervention", "age"):
        assert f'<label for="id_{name}">' in text, name
    assert text.count("<h1>") == 1


def test_a_long_directory_is_paged_and_keeps_the_filters(client):
    add_services(60)
    first = listed(client, kind="specialist_team")
    assert "Page 1 of 1" not in first
    everything = listed(client)
    assert "65 services" in everything and "Page 1 of 2" in everything
    assert "Next page" in everything
    filtered = listed(client, q="many", page="2")
    assert "Page 2 of 2" in filtered and "q=many&amp;page=1" in filtered


def test_the_directory_runs_a_fixed_number_of_queries_whatever_the_number_of_services(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"age": "5", "region": "gwent"}
    with CaptureQueriesContext(connection) as seed:
        listed(client, **params)
    add_services(SEED_SERVICES * 12)
    with django_assert_max_num_queries(len(seed)):
        text = listed(client, **params)
    assert "Many service" in text
    with django_assert_max_num_queries(len(seed)):
        listed(client)


@pytest.mark.parametrize("path, params", [
    ("services:directory", {"q": "gwent\x00"}),
    ("services:finder", {"postcode": "NP20\x004UR", "stage": "born", "age_months": "5"}),
])
def test_a_null_character_is_refused_in_the_pages_language_and_not_echoed_back(client, path, params):
    english = client.get(reverse(path), params)
    assert english.status_code == 200 and b"\x00" not in english.content
    assert "This box holds a null character" in english.content.decode()
    welsh = client.get("/cy" + reverse(path), params).content.decode()
    assert "\x00" not in welsh and "nod nwl" in welsh
