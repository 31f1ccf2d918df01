"""A practitioner who finds no contact for a route open to every family in their area (the health visitor in
Gwynedd, say) can tell the portal, and a national steward adds it from the suggestion; no one else decides it.

The seed holds no contact for Gwynedd's health visitors, so the finder's result there names the route and no way
to reach it: the suggestion is the step after.
"""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from regions.models import LocalAuthority, Region
from services.models import RoutePointer, UniversalRoute
from suggestions.models import Suggestion
from tests.factories import AdminBrowser, national_steward, page_values, regional_steward

from .helpers import ANSWERS

pytestmark = pytest.mark.django_db

RESULT = "/services/find/W06000002/5-months/"  # Gwynedd, a baby of 5 months
LINK_TEXT = "Know how to reach this route in Gwynedd, or see something wrong? Tell us."
QUEUE = "/admin/suggestions/suggestion/"


def health_visitor() -> UniversalRoute:
    return UniversalRoute.objects.get(name_en="Health visitor")


def form_address() -> str:
    return f"/services/routes/{health_visitor().pk}/W06000002/suggest/?stage=5"


def route_cards(page: str) -> list[str]:
    section = page[page.index("Routes open to every family"):page.index("Change the family’s details")]
    return ['<h4>' + card for card in section.split('<li class="card"><h4>')[1:]]


def test_each_route_on_a_finder_result_links_to_a_suggestion_about_it_in_that_area(client):
    page = client.get(RESULT).content.decode()
    cards = route_cards(page)
    assert len(cards) == 4  # health visitor, GP, perinatal team, Flying Start: the routes open at 5 months
    for card in cards:
        link = re.search(r'<a href="(/services/routes/(\d+)/W06000002/suggest/\?stage=5)">' + re.escape(LINK_TEXT),
                         card)
        assert link, card
        name = re.search(r"<h4>(.*?)</h4>", card).group(1)
        assert UniversalRoute.objects.get(pk=int(link.group(2))).name_en == html.unescape(name)


def test_the_form_names_the_route_and_the_area_and_says_only_national_stewards_see_it(client):
    page = client.get(form_address()).content.decode()
    assert "<h1>Suggest an update to Health visitor in Gwynedd</h1>" in page
    assert "only the portal’s national data stewards" in page
    assert f'action="/services/routes/{health_visitor().pk}/W06000002/suggest/?stage=5"' in page
    assert f'<a href="{RESULT}">Back to the finder’s result</a>' in page


def test_a_sent_suggestion_is_stored_about_the_route_in_that_authority_and_the_thanks_lead_back_to_the_result():
    browser = Client()
    browser.get(form_address())
    sent = browser.post(form_address(), ANSWERS)
    assert sent.status_code == 303
    assert sent["Location"] == f"/services/routes/{health_visitor().pk}/W06000002/suggest/thanks/?stage=5"
    suggestion = Suggestion.objects.get()
    assert (suggestion.service, suggestion.route, suggestion.local_authority.code) == (
        None, health_visitor(), "W06000002")
    thanks = browser.get(sent["Location"]).content.decode()
    assert "Nothing the finder shows for Health visitor in Gwynedd changes until a data steward has checked it." \
        in thanks
    assert f'<a href="{RESULT}">Back to the finder’s result</a>' in thanks


def test_an_expecting_family_result_leads_back_to_itself(client):
    midwife = UniversalRoute.objects.get(name_en="Midwife")
    page = client.get("/services/find/W06000002/expecting/").content.decode()
    form = f"/services/routes/{midwife.pk}/W06000002/suggest/?stage=expecting"
    assert f'<a href="{form}">' in page
    assert '<a href="/services/find/W06000002/expecting/">Back to the finder’s result</a>' in \
        client.get(form).content.decode()


@pytest.mark.parametrize("stage", ["9999", "-1", "5.5", "٥", "expecting2"])
def test_a_stage_the_finder_never_gives_is_dropped_and_the_page_leads_to_the_finder(client, stage):
    page = client.get(f"/services/routes/{health_visitor().pk}/W06000002/suggest/", {"stage": stage})
    assert page.status_code == 200
    assert '<a href="/services/find/">Find a referral route</a>' in page.content.decode()


@pytest.mark.parametrize("address", ["/services/routes/9999/W06000002/suggest/",
                                     "/services/routes/1/W99999999/suggest/",
                                     "/services/routes/1/E06000001/suggest/thanks/"])
def test_an_unknown_route_or_area_is_not_found(client, address):
    assert client.get(address).status_code == 404


def test_the_welsh_form_names_the_route_and_the_area_in_welsh(client):
    page = client.get("/cy" + form_address()).content.decode()
    assert "Ymwelydd iechyd yn ardal Gwynedd" in page  # "yn ardal": no mutation of the name to get wrong
    assert 'action="/cy/services/routes/' in page


def accept_page(steward: AdminBrowser, suggestion: Suggestion) -> str:
    page = steward.get(f"{QUEUE}{suggestion.pk}/change/").content.decode()
    return html.unescape(re.search(r'<a class="button default" href="([^"]+)">Accept and edit the route</a>',
                                   page).group(1))


def test_only_a_national_steward_sees_it_and_accepts_it_by_adding_the_contact_to_the_route():
    Client().post(form_address(), ANSWERS)
    suggestion = Suggestion.objects.get()
    north = AdminBrowser(regional_steward("north-steward", "north-wales"))
    assert f"Suggestion {suggestion.pk}" not in north.get(QUEUE).content.decode()
    assert north.get(f"{QUEUE}{suggestion.pk}/change/").status_code in (302, 403, 404)

    steward = AdminBrowser(national_steward())
    assert "Health visitor in Gwynedd" in steward.get(QUEUE).content.decode()
    link = accept_page(steward, suggestion)
    route = health_visitor()
    assert link == f"/admin/services/universalroute/{route.pk}/change/?suggestion={suggestion.pk}"

    edit = steward.get(link)
    assert "Gwynedd (W06000002)" in edit.content.decode()
    data = page_values(edit)
    row = int(data["pointers-INITIAL_FORMS"])  # the blank row the page adds for the suggestion
    gwynedd = LocalAuthority.objects.get(code="W06000002")
    assert data[f"pointers-{row}-local_authority"] == gwynedd.pk  # it starts with the suggestion's authority
    data |= {f"pointers-{row}-kind": "phone", f"pointers-{row}-value_en": "01248 000 000",
             f"pointers-{row}-source_title": "Health visiting in Gwynedd (example page)",
             f"pointers-{row}-source_url": "https://www.example.org/gwynedd-health-visiting"}
    saved = steward.post(link, data, page=edit)
    assert saved.status_code == 302 and saved["Location"] == QUEUE

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED and suggestion.decided_by == steward.user
    pointer = RoutePointer.objects.get(route=route, local_authority=gwynedd, value_en="01248 000 000")
    reason = f"Suggestion {suggestion.pk} accepted"
    assert route.history.latest().history_change_reason == reason
    assert pointer.history.latest().history_change_reason == reason  # the row it added says why, too
    # The route's history page says which contact was added, and why: not just "Changed".
    history = steward.get(f"/admin/services/universalroute/{route.pk}/history/").content.decode()
    rows = history[history.index("Changes to its contacts and pointers"):]
    assert "Gwynedd, Phone: 01248 000 000" in rows and f"Created ({reason})" in rows
    assert 'href="tel:01248000000">01248 000 000</a>' in Client().get(RESULT).content.decode()
    assert 'href="tel:01248000000">01248 000 000</a>' in Client().get("/cy" + RESULT).content.decode()


def opened_to_accept(address: str = "") -> tuple[Suggestion, AdminBrowser, str, object]:
    """A practitioner's suggestion sent from a finder result, and a national steward on the route's page to accept
    it: the suggestion, the steward, the page's address and the page."""
    Client().post(address or form_address(), ANSWERS)
    suggestion = Suggestion.objects.get()
    steward = AdminBrowser(national_steward())
    link = accept_page(steward, suggestion)
    return suggestion, steward, link, steward.get(link)


def test_saving_the_route_with_nothing_changed_leaves_the_suggestion_waiting_and_says_so():
    suggestion, steward, link, edit = opened_to_accept()
    saved = steward.post(link, page_values(edit), page=edit)  # the blank row left as it came
    assert saved.status_code == 302 and saved["Location"] == link
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.PENDING
    assert "is still waiting: make the change it asks for" in steward.get(link).content.decode()
    assert not health_visitor().history.filter(history_change_reason__startswith="Suggestion").exists()


def test_a_regional_steward_opening_the_route_page_with_a_suggestion_sees_no_talk_of_saving():
    Client().post(form_address(), ANSWERS)
    suggestion = Suggestion.objects.get()
    north = AdminBrowser(regional_steward("north-steward", "north-wales"))
    page = north.get(f"/admin/services/universalroute/{health_visitor().pk}/change/?suggestion={suggestion.pk}")
    assert page.status_code == 200
    assert "cannot be accepted here" not in page.content.decode()
    assert f"Suggestion {suggestion.pk}, to apply here" not in page.content.decode()


def test_the_queue_links_a_pregnancy_only_route_to_a_result_that_shows_it():
    midwife = UniversalRoute.objects.get(name_en="Midwife")
    midwife.after_birth, midwife.age_end_months = False, None
    midwife.save()
    Client().post(f"/services/routes/{midwife.pk}/W06000002/suggest/?stage=expecting", ANSWERS)
    suggestion = Suggestion.objects.get()
    page = AdminBrowser(national_steward()).get(f"{QUEUE}{suggestion.pk}/change/").content.decode()
    assert '<a href="/services/find/W06000002/expecting/">Midwife in Gwynedd</a>' in page


def test_a_suggestion_decided_meanwhile_leaves_the_untouched_blank_row_ignored_and_the_route_saves():
    suggestion, steward, link, edit = opened_to_accept()
    Suggestion.objects.filter(pk=suggestion.pk).update(status=Suggestion.Status.REJECTED)  # in another tab
    saved = steward.post(link, page_values(edit) | {"order": "7"}, page=edit)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    after = steward.get(saved["Location"]).content.decode()
    assert f"The change is saved, but it did not accept suggestion {suggestion.pk}" in after
    assert health_visitor().order == 7 and not RoutePointer.objects.filter(route=health_visitor(),
                                                                           local_authority__code="W06000002").exists()


def test_accepting_by_deleting_a_contact_gives_the_deletion_the_suggestion_s_number():
    route = health_visitor()
    gwent_phone = route.pointers.get(kind="phone")
    suggestion, steward, link, edit = opened_to_accept(f"/services/routes/{route.pk}/W06000022/suggest/?stage=5")
    data = page_values(edit)
    row = next(key.split("-")[1] for key, value in data.items()
               if key.startswith("pointers-") and key.endswith("-id") and str(value) == str(gwent_phone.pk))
    saved = steward.post(link, data | {f"pointers-{row}-DELETE": "on"}, page=edit)
    assert saved.status_code == 302 and not RoutePointer.objects.filter(pk=gwent_phone.pk).exists()
    gone = RoutePointer.history.filter(id=gwent_phone.pk, history_type="-").get()
    assert gone.history_change_reason == f"Suggestion {suggestion.pk} accepted"


def test_a_deleted_route_restored_from_its_history_brings_back_its_contacts():
    route = health_visitor()
    contacts = set(route.pointers.values_list("value_en", flat=True))
    assert contacts
    steward = AdminBrowser(national_steward())
    pk, last = route.pk, route.history.latest()
    route.delete()
    restore = reverse("admin:services_universalroute_simple_history", args=[pk, last.history_id])
    page = steward.get(restore)
    saved = steward.post(restore, page_values(page), page=page)
    assert saved.status_code == 302
    assert set(UniversalRoute.objects.get(pk=pk).pointers.values_list("value_en", flat=True)) == contacts


def test_the_route_history_names_a_region_changed_on_a_contact_rather_than_numbering_it():
    route = health_visitor()
    contact = route.pointers.get(kind="phone")
    contact.region = Region.objects.get(slug="north-wales")
    contact.save()
    page = AdminBrowser(national_steward()).get(f"/admin/services/universalroute/{route.pk}/history/")
    assert "region: Gwent → North Wales" in html.unescape(page.content.decode())  # its label, then its names


def test_a_route_deleted_and_restored_keeps_its_waiting_suggestion_named_and_gets_it_back():
    Client().post(form_address(), ANSWERS)
    suggestion = Suggestion.objects.get()
    route = health_visitor()
    pk, last = route.pk, route.history.latest()
    steward = AdminBrowser(national_steward())
    delete = reverse("admin:services_universalroute_delete", args=[pk])
    assert steward.post(delete, {"post": "yes"}, page=steward.get(delete)).status_code == 302
    queue = html.unescape(steward.get(QUEUE).content.decode())
    assert "Health visitor in Gwynedd (deleted since: restoring it from its history links this suggestion again)" \
        in queue

    restore = reverse("admin:services_universalroute_simple_history", args=[pk, last.history_id])
    page = steward.get(restore)
    restored = steward.post(restore, page_values(page), page=page)
    assert restored.status_code == 302
    assert "1 suggestion about it is linked to it again." in steward.get(restored["Location"]).content.decode()
    suggestion.refresh_from_db()
    assert suggestion.route_id == pk and suggestion.is_pending
    assert accept_page(steward, suggestion).endswith(f"?suggestion={suggestion.pk}")


def test_a_stage_at_which_the_route_is_not_shown_leads_back_to_the_finder_not_to_a_result_without_it(client):
    midwife = UniversalRoute.objects.get(name_en="Midwife")
    assert midwife.age_end_months is not None  # the seed's midwife sees families only in the first weeks
    page = client.get(f"/services/routes/{midwife.pk}/W06000002/suggest/", {"stage": "200"}).content.decode()
    assert '<a href="/services/find/">Find a referral route</a>' in page
    assert "/services/find/W06000002/200-months/" not in page


def test_the_route_history_reads_its_contacts_in_a_fixed_number_of_queries_and_survives_a_deleted_area():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from services.admin.rows_kept import row_changes

    route = health_visitor()
    contact = route.pointers.get(kind="phone")
    for n in range(5):
        contact.value_en = f"01633 431 68{n}"
        contact.region = Region.objects.get(slug="north-wales" if n % 2 else "gwent")
        contact.save()
    with CaptureQueriesContext(connection) as queries:
        changes = row_changes((RoutePointer,), route_id=route.pk)
    assert len(queries) == 2, "the contacts' versions, then their regions' names (none names an authority)"
    assert changes[0]["what"] == "Gwent, Phone: 01633 431 684"
    # An area deleted since is said to be gone, not a crash of the page.
    RoutePointer.history.filter(id=contact.pk).update(region_id=9999)
    assert row_changes((RoutePointer,), route_id=route.pk)[0]["what"] == "an area no longer listed, Phone: 01633 431 684"
