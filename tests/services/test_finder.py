"""The referral-route finder says where a family can be referred, and why not where it cannot."""

import datetime
import re

import pytest
from django.contrib.gis.geos import Point
from django.test import override_settings
from django.urls import reverse

from regions.models import LocalAuthority, Postcode
from regions.postcodes import postcode_lookup
from services.finder import Fit, age_phrase, postcode_problem, route_find, service_route
from services.models import Organisation, Service, UniversalRoute

from .test_directory import SEED_SERVICES, add_services

pytestmark = pytest.mark.django_db

NEWPORT, WREXHAM, CARDIFF, POWYS, CARMARTHENSHIRE, BRIDGEND = (
    "W06000022", "W06000006", "W06000015", "W06000023", "W06000010", "W06000013",
)
UNIVERSAL = ["Health visitor", "Midwife", "GP", "Specialist perinatal mental health team", "Flying Start"]


@pytest.fixture
def newport_postcode():
    point = Point(-3.0, 51.59, srid=4326)
    return Postcode.objects.create(postcode="NP20 4UR", area_code=NEWPORT, point=point)


def find(client, **params) -> str:
    """Search as the form does (a POST), then follow the answer to the results address."""
    page = client.post(reverse("services:finder"), params, follow=True)
    assert page.status_code == 200
    return page.content.decode()


def section(text: str, heading: str) -> str:
    """Return the part of a page from a heading to the next heading of the same level."""
    start = text.index(heading)
    end = text.find("<h2", start)
    return text[start:end if end != -1 else None]


def route(slug: str, *, pregnant: bool = False, age_months: int | None = None):
    return service_route(service=Service.objects.get(slug=slug), pregnant=pregnant, age_months=age_months)


def authority(code: str) -> LocalAuthority:
    return LocalAuthority.objects.select_related("region").get(code=code)


# The eligibility rules, on their own.

def test_g_pimhs_takes_a_five_month_old():
    assert route("g-pimhs", age_months=5).fit == Fit.ELIGIBLE


def test_g_pimhs_stops_at_the_second_birthday_and_says_so_in_plain_words():
    assert route("g-pimhs", age_months=23).fit == Fit.ELIGIBLE
    at_two = route("g-pimhs", age_months=24)
    assert at_two.fit == Fit.NOT_ELIGIBLE
    assert at_two.reason == "This team works with families from pregnancy until the child is 2 years old."


def test_a_service_from_birth_is_not_open_in_pregnancy():
    early_years = route("wrexham-flintshire-early-years-camhs", pregnant=True)
    assert early_years.fit == Fit.NOT_ELIGIBLE
    assert early_years.reason == "This team works with babies and children from birth, not in pregnancy."


def test_hywel_dda_is_open_only_to_parents_already_with_perinatal_mental_health_and_states_no_ages():
    hywel_dda = route("hywel-dda-perinatal-parent-infant-specialists", age_months=5)
    assert hywel_dda.fit == Fit.MAYBE and hywel_dda.restricted
    assert hywel_dda.reason == "The age range is not stated in the source."


def test_a_workforce_offer_is_consultation_for_the_practitioner_not_a_route_for_the_family():
    assert route("cwm-taf-morgannwg-nurturing-families", age_months=5).fit == Fit.CONSULTATION


def test_a_planned_service_does_not_take_referrals_yet():
    Service.objects.filter(slug="g-pimhs").update(status=Service.Status.PLANNED)
    planned = route("g-pimhs", age_months=5)
    assert planned.fit == Fit.NOT_ELIGIBLE and "does not take referrals yet" in planned.reason


@pytest.mark.parametrize(("months", "said"), [
    (0, "under one month"), (1, "1 month"), (5, "5 months"), (18, "18 months"),
    (24, "2 years"), (30, "2 years and 6 months"), (37, "3 years and 1 month"), (216, "18 years"),
])
def test_ages_are_said_the_way_people_say_them(months, said):
    assert age_phrase(months=months) == said


def test_each_postcode_problem_has_its_own_message():
    Postcode.objects.create(postcode="BS1 4ST", area_code="E06000023")
    assert postcode_problem(result=postcode_lookup(raw="NP20")) == (
        "“NP20” is not a full UK postcode; check it and try again."
    )
    assert postcode_problem(result=postcode_lookup(raw="np209zz")).startswith(
        "We cannot find the postcode NP20 9ZZ."
    )
    assert postcode_problem(result=postcode_lookup(raw="bs1 4st")) == (
        "BS1 4ST is in England. This portal covers Wales only."
    )


def test_route_find_sorts_the_services_of_an_area_and_always_adds_the_routes_every_family_has():
    with_team = route_find(local_authority=authority(NEWPORT), pregnant=False, age_months=5)
    assert [r.service.slug for r in with_team.eligible] == ["g-pimhs"]
    # A team takes the family, and the routes every family has are still there (the health visitor, the GP).
    assert with_team.has_team and [u.name_en for u in with_team.universal][:2] == ["Health visitor", "GP"]
    too_old = route_find(local_authority=authority(NEWPORT), pregnant=False, age_months=30)
    assert not too_old.has_team and [r.service.slug for r in too_old.not_eligible] == ["g-pimhs"]
    assert [u.name_en for u in too_old.universal] == ["Health visitor", "GP", "Flying Start"]


@pytest.mark.parametrize("age_months, routes", [
    (0, UNIVERSAL),  # a baby under one month: the midwife still visits
    (1, ["Health visitor", "GP", "Specialist perinatal mental health team", "Flying Start"]),
    (11, ["Health visitor", "GP", "Specialist perinatal mental health team", "Flying Start"]),
    (12, ["Health visitor", "GP", "Flying Start"]),  # past the first year after birth
    (59, ["Health visitor", "GP", "Flying Start"]),
    (60, ["GP", "Flying Start"]),  # five years old: no longer a health visitor's
    (216, ["GP", "Flying Start"]),  # Flying Start's ages are not stated in our sources: its text says so
])
def test_the_routes_open_to_every_family_fit_the_childs_age(age_months, routes):
    result = route_find(local_authority=authority(POWYS), pregnant=False, age_months=age_months)
    assert [u.name_en for u in result.universal] == routes


def test_route_find_leaves_out_the_health_visitor_in_pregnancy():
    pregnant = route_find(local_authority=authority(POWYS), pregnant=True, age_months=None)
    # Flying Start is listed in pregnancy as at every age: the sources we hold say neither, and it says so.
    assert [u.name_en for u in pregnant.universal] == UNIVERSAL[1:]
    assert "whether it helps before the birth" in pregnant.universal[-1].description_en
    assert pregnant.level == "none"


def test_route_find_offers_partial_and_developing_offers_elsewhere_in_the_region():
    offer = Service.objects.create(
        slug="swansea-embedded", name_en="Swansea embedded specialists", summary_en="Test",
        organisation=Organisation.objects.first(), kind=Service.Kind.EMBEDDED,
        status=Service.Status.ESTABLISHED,
        source_citation="Test", last_reviewed=datetime.date(2026, 1, 1), is_published=True,
    )
    offer.areas.set(LocalAuthority.objects.filter(code="W06000011"))
    neath = route_find(local_authority=authority("W06000012"), pregnant=False, age_months=5)
    assert [s.slug for s in neath.regional] == ["swansea-embedded"]
    swansea = route_find(local_authority=authority("W06000011"), pregnant=False, age_months=5)
    assert swansea.regional == [] and [r.service.slug for r in swansea.maybe] == ["swansea-embedded"]


# The page, through the client.

def test_a_newport_family_with_a_five_month_old_is_routed_to_g_pimhs(client, newport_postcode):
    text = find(client, postcode="np20 4ur", stage="born", age_months="5")
    eligible = section(text, "Services this family can be referred to")
    assert f'href="{reverse("services:service", args=["g-pimhs"])}"' in eligible
    assert "A wide range of professionals." in eligible  # who can refer
    assert "Not published yet" in eligible  # how to refer: no source gives it yet, and none is invented
    assert "From pregnancy, until the child is 2 years old" in eligible
    assert "NP20 4UR" in text and "with a child aged 5 months" in text
    assert f'href="{reverse("coverage:region", args=["gwent"])}">Gwent</a>' in text
    assert "Specialist team" in text
    assert "There is no specialist parent-infant relationship team" not in text


def test_a_newport_family_with_a_thirty_month_old_is_told_g_pimhs_works_up_to_two_and_shown_other_routes(
    client, newport_postcode
):
    text = find(client, postcode="NP20 4UR", stage="born", age_months="30")
    assert "There is no specialist parent-infant relationship team for this family." in text
    assert "The specialist team in Newport cannot take this family: the reason is below." in text
    cannot = section(text, "Services in Newport this family cannot use")
    assert "G-PIMHS" in cannot
    assert "This team works with families from pregnancy until the child is 2 years old." in cannot
    others = text[text.index('id="other-routes"'):]
    assert "<h4>Health visitor</h4>" in others and "<h4>GP</h4>" in others
    assert "<h4>Midwife</h4>" not in others  # a midwife sees a baby in its first days only
    assert "Families with a child under five have a health visitor" in others  # the steward's text


def test_a_pregnant_mother_in_wrexham_is_told_early_years_camhs_starts_from_birth(client):
    text = find(client, authority=WREXHAM, stage="pregnant")
    cannot = section(text, "Services in Wrexham this family cannot use")
    assert "/services/wrexham-flintshire-early-years-camhs/" in cannot
    assert "works with babies and children from birth, not in pregnancy." in cannot
    assert "Health visitor" not in text[text.index('id="other-routes"'):]  # not open in pregnancy


def test_a_cardiff_family_with_a_three_year_old_is_routed_to_cardiff_parents_plus(client):
    text = find(client, authority=CARDIFF, stage="born", age_months="36")
    assert "/services/cardiff-parents-plus/" in section(text, "Services this family can be referred to")
    assert "with a child aged 3 years" in text


def test_powys_has_no_team_and_gets_the_plain_statement_and_the_universal_routes(client):
    text = find(client, authority=POWYS, stage="born", age_months="5")
    assert "There is no specialist parent-infant relationship team for this family." in text
    assert "No service in Powys takes referrals of families for the parent-infant relationship." in text
    for name in ["Health visitor", "GP", "Specialist perinatal mental health team"]:  # at 5 months
        assert f"<h4>{name}</h4>" in text, name
    assert "<h4>Midwife</h4>" not in text


def test_carmarthenshire_shows_the_hywel_dda_offer_as_restricted(client):
    text = find(client, authority=CARMARTHENSHIRE, stage="born", age_months="5")
    maybe = section(text, "Services that may be open to this family")
    assert "Hywel Dda perinatal mental health" in maybe
    assert "This family may be eligible only if:" in maybe
    assert "Only parents who are already open to the perinatal mental health service" in maybe
    assert "The age range is not stated in the source." in maybe
    assert "There is no specialist parent-infant relationship team for this family." in text
    assert "No specialist team covers Carmarthenshire." in text


def test_bridgend_lists_nurturing_families_as_consultation_for_practitioners(client):
    text = find(client, authority=BRIDGEND, stage="born", age_months="5")
    others = text[text.index('id="other-routes"'):]
    assert "Consultation for practitioners" in others and "Nurturing Families" in others
    assert "Services this family can be referred to" not in text


def test_a_malformed_postcode_gets_a_message_on_the_page(client):
    text = find(client, postcode="NP20", stage="born", age_months="5")
    assert "“NP20” is not a full UK postcode; check it and try again." in text
    assert '<a href="#id_postcode">' in text


def test_an_unknown_postcode_gets_its_own_message(client):
    assert "We cannot find the postcode NP20 9ZZ." in find(client, postcode="NP20 9ZZ", stage="pregnant")


@pytest.mark.parametrize(("params", "field", "message"), [
    ({"authority": NEWPORT, "stage": "twins", "age_months": "5"}, "stage_0", "Choose whether the family"),
    ({"postcode": "", "authority": "", "stage": "born", "age_months": "5"}, "postcode",
     "Enter the family’s postcode or choose their local authority."),
    ({"authority": "W99999999", "stage": "pregnant"}, "authority", "Choose a local authority from the list."),
    ({"postcode": "N" * 500, "stage": "pregnant"}, "postcode", "A postcode has at most 8 characters"),
])
def test_nonsense_input_gets_a_clear_error_linked_from_the_summary(client, params, field, message):
    text = find(client, **params)
    assert "There is a problem" in text
    assert f'<a href="#id_{field}">' in text
    assert message in text
    assert "Services this family can be referred to" not in text


def test_each_field_error_is_tied_to_its_field(client):
    text = find(client, authority=NEWPORT, postcode="NP20", age_months="abc")
    assert 'aria-describedby="id_postcode_helptext id_postcode_error"' in text
    assert 'aria-describedby="id_age_months_error"' in text
    assert '<fieldset aria-describedby="id_age_hint id_age_months_error">' in text
    assert '<fieldset aria-describedby="id_stage_error">' in find(client, authority=NEWPORT, stage="twins")
    assert '<p class="hint" id="id_postcode_helptext">' in text and 'id="id_age_months_error"' in text


def test_the_form_is_a_labelled_post_form_with_a_fieldset_for_the_stage(client):
    text = client.get(reverse("services:finder")).content.decode()
    assert 'method="post"' in text and "There is a problem" not in text
    assert "csrfmiddlewaretoken" not in text, "a search changes nothing: the page is the same for everyone"
    assert '<label for="id_postcode">' in text and '<label for="id_authority">' in text
    assert '<label for="id_age_months">' in text and '<label for="id_stage_0">' in text
    assert "<legend>Is the family expecting a baby, or has the baby been born?</legend>" in text
    assert text.count("<h1>") == 1


def test_a_postcode_search_ends_on_an_address_with_no_postcode_that_keeps_the_rest(client, newport_postcode):
    answer = client.post(reverse("services:finder"), {"postcode": "NP20 4UR", "stage": "born", "age_months": "5"})
    assert answer.status_code == 303 and answer["Location"] == "/services/find/W06000022/5-months/"
    text = client.get(answer["Location"]).content.decode()
    assert 'value="NP20' not in text, "the postcode is not kept, even in the form"
    assert 'value="5"' in text and re.search(r'<option value="W06000022" selected>', text)
    assert re.search(r'value="born"[^>]* checked>', text)
    assert not re.search(r'value="pregnant"[^>]* checked>', text)


def test_the_finder_works_in_welsh(client):
    page = client.post("/cy/services/find/", {"authority": POWYS, "stage": "pregnant"}, follow=True)
    assert page.redirect_chain == [(f"/cy/services/find/{POWYS}/expecting/", 303)]
    assert page.status_code == 200 and 'lang="cy"' in page.content.decode()
    assert "Bydwraig" in page.content.decode()  # the steward's Welsh name for the midwife route


def test_the_finder_runs_a_fixed_number_of_queries_whatever_the_number_of_services(
    client, newport_postcode, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"postcode": "NP20 4UR", "stage": "born", "age_months": "30"}
    with CaptureQueriesContext(connection) as seed:
        find(client, **params)
    add_services(SEED_SERVICES * 12, age_end_months=60)
    with django_assert_max_num_queries(len(seed)):
        text = find(client, **params)
    assert "Many service" in text
    with django_assert_max_num_queries(len(seed)):
        find(client, authority=CARMARTHENSHIRE, stage="pregnant")


@override_settings(FINDER_THROTTLE_RATE="2/minute")
def test_the_finder_is_rate_limited_with_a_clear_page_and_retry_after(client):
    params = {"authority": "W06000022", "stage": "born", "age_months": "5"}
    assert [client.post(reverse("services:finder"), params).status_code for _ in range(2)] == [303, 303]
    limited = client.post(reverse("services:finder"), params)
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert "Too many searches" in limited.content.decode()
    assert client.get(reverse("services:finder")).status_code == 200  # the empty form is never limited


def test_a_developing_specialist_team_is_not_offered_as_a_team_that_will_take_the_family(client):
    service = Service.objects.create(
        slug="new-team", name_en="New Gwynedd team", summary_en="Being set up.", organisation=Organisation.objects.first(),
        setting=Service.Setting.CAMHS, kind=Service.Kind.SPECIALIST_TEAM, status=Service.Status.DEVELOPING,
        age_start="birth", age_end_months=24, source_citation="Test", last_reviewed=datetime.date(2026, 1, 1),
        is_published=True,
    )
    service.areas.set(LocalAuthority.objects.filter(code="W06000002"))
    result = route_find(local_authority=LocalAuthority.objects.get(code="W06000002"), pregnant=False, age_months=5)
    assert not result.has_team and not result.eligible
    assert [r.service.slug for r in result.maybe] == ["new-team"]
    assert "still being developed" in result.maybe[0].reason
    assert result.universal  # the other routes are shown


@pytest.mark.parametrize("after_birth, age, problem", [
    (True, 0, "must stay open past birth"),
    (False, 12, "only applies to a route open after birth"),
])
def test_a_routes_upper_age_must_make_sense(after_birth, age, problem):
    from django.core.exceptions import ValidationError

    route = UniversalRoute(name_en="Test", description_en="Test", after_birth=after_birth, age_end_months=age)
    with pytest.raises(ValidationError, match=problem):
        route.full_clean()


def test_the_migration_gives_routes_seeded_without_ages_the_ages_their_descriptions_state():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("services.migrations.0006_universal_route_ages")
    UniversalRoute.objects.update(age_end_months=None)
    UniversalRoute.objects.filter(name_en="Midwife").update(age_end_months=2)  # a steward's own choice stays
    migration.fill_ages(apps, None)
    ages = dict(UniversalRoute.objects.values_list("name_en", "age_end_months"))
    assert ages == {"Health visitor": 60, "Midwife": 2, "GP": None, "Specialist perinatal mental health team": 12,
                    "Flying Start": None}


def test_a_null_character_in_the_age_is_refused_and_not_echoed_back(client):
    page = client.get(reverse("services:finder"), {"authority": POWYS, "stage": "born", "age_months": "5\x00"})
    assert page.status_code == 200 and b"\x00" not in page.content
    assert "This box holds a null character" in page.content.decode()
