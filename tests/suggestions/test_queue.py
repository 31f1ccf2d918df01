"""The stewards' queue: a steward whose regions cover the service accepts a suggestion by editing the service,
or rejects it with a reason; no one else sees or decides it.

Cardiff Parents Plus covers Cardiff alone (Cardiff and Vale); G-PIMHS covers Gwent. Every
steward signs in through the login form and posts with the page's CSRF token.
"""

import html
import re

import pytest
from django.contrib.auth.models import Permission

from services.models import Service
from suggestions.models import Suggestion
from tests.factories import AdminBrowser, national_steward, page_values, regional_steward, staff_user

from .helpers import SENDER_EMAIL, SENDER_NAME, suggestion_waiting

pytestmark = pytest.mark.django_db

QUEUE = "/admin/suggestions/suggestion/"


def change_page(suggestion: Suggestion) -> str:
    return f"{QUEUE}{suggestion.pk}/change/"


def accept_link(page) -> str:
    found = re.search(r'<a class="button default" href="([^"]+)">Accept and edit the service</a>',
                      page.content.decode())
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture
def cardiff_suggestion() -> Suggestion:
    return suggestion_waiting("cardiff-parents-plus")


@pytest.fixture
def cardiff_steward():
    return AdminBrowser(regional_steward("cardiff-steward", "cardiff-and-vale"))


def test_a_steward_accepts_a_suggestion_by_editing_the_service_and_its_history_records_the_suggestion(
        cardiff_steward, cardiff_suggestion):
    service = cardiff_suggestion.service
    queue = cardiff_steward.get(QUEUE).content.decode()
    assert f"Suggestion {cardiff_suggestion.pk}" in queue
    link = accept_link(cardiff_steward.get(change_page(cardiff_suggestion)))
    assert link == f"/admin/services/service/{service.pk}/change/?suggestion={cardiff_suggestion.pk}"

    edit = cardiff_steward.get(link)
    assert cardiff_suggestion.correct_information.replace("'", "&#x27;") in edit.content.decode()
    saved = cardiff_steward.post(link, page_values(edit) | {"summary_en": "Corrected from a suggestion."}, page=edit)

    assert saved.status_code == 302 and saved["Location"] == QUEUE
    service.refresh_from_db()
    assert service.summary_en == "Corrected from a suggestion."
    latest = service.history.latest()
    assert latest.history_change_reason == f"Suggestion {cardiff_suggestion.pk} accepted"
    assert latest.history_user == cardiff_steward.user
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.status == Suggestion.Status.ACCEPTED
    assert cardiff_suggestion.decided_by == cardiff_steward.user and cardiff_suggestion.decided_at is not None
    # The suggestion's page links the service's history, and the history names no one who sent it.
    decided = cardiff_steward.get(change_page(cardiff_suggestion)).content.decode()
    assert f'href="/admin/services/service/{service.pk}/history/"' in decided
    history = cardiff_steward.get(f"/admin/services/service/{service.pk}/history/").content.decode()
    assert f"Suggestion {cardiff_suggestion.pk} accepted" in history
    assert SENDER_NAME not in history and SENDER_EMAIL not in history


def test_saving_the_service_with_nothing_changed_does_not_accept_the_suggestion(cardiff_steward, cardiff_suggestion):
    # An accepted suggestion says its change is in the history: a save that wrote nothing cannot say so.
    service = cardiff_suggestion.service
    versions = service.history.count()
    link = accept_link(cardiff_steward.get(change_page(cardiff_suggestion)))
    edit = cardiff_steward.get(link)
    saved = cardiff_steward.post(link, page_values(edit), page=edit)
    assert saved.status_code == 302 and saved["Location"] == link
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.status == Suggestion.Status.PENDING and service.history.count() == versions
    assert f"Nothing was changed, so Suggestion {cardiff_suggestion.pk} is still waiting" in \
        cardiff_steward.get(link).content.decode()


def test_a_steward_rejects_a_suggestion_with_a_reason_and_the_service_stays_as_it_was(
        cardiff_steward, cardiff_suggestion):
    versions = cardiff_suggestion.service.history.count()
    page = cardiff_steward.get(change_page(cardiff_suggestion))
    assert 'name="_reject"' in page.content.decode()
    rejected = cardiff_steward.post(change_page(cardiff_suggestion),
                                    {"rejection_reason": "No public source confirms it.", "_reject": "Reject"},
                                    page=page)
    assert rejected.status_code == 302 and rejected["Location"] == QUEUE
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.status == Suggestion.Status.REJECTED
    assert cardiff_suggestion.rejection_reason == "No public source confirms it."
    assert cardiff_suggestion.decided_by == cardiff_steward.user
    assert cardiff_suggestion.service.history.count() == versions
    # Decided, it can be neither decided again nor accepted by editing the service.
    # A second click, or a second tab, is told so, not shown a bare refusal; the first reason stays.
    again = cardiff_steward.post(change_page(cardiff_suggestion), {"rejection_reason": "Again", "_reject": "Reject"})
    assert again.status_code == 302
    assert "had already been decided" in cardiff_steward.get(again["Location"]).content.decode()
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.rejection_reason == "No public source confirms it."
    assert accept_link(cardiff_steward.get(change_page(cardiff_suggestion))) == ""


def test_a_rejection_without_a_reason_is_refused_and_the_suggestion_waits(cardiff_steward, cardiff_suggestion):
    page = cardiff_steward.get(change_page(cardiff_suggestion))
    refused = cardiff_steward.post(change_page(cardiff_suggestion), {"rejection_reason": " ", "_reject": "Reject"},
                                   page=page)
    assert refused.status_code == 200
    assert "Give the reason for rejecting this suggestion." in refused.content.decode()
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.is_pending


def test_a_gwent_steward_can_neither_see_nor_decide_a_cardiff_suggestion(cardiff_suggestion):
    gwent = AdminBrowser(regional_steward("gwent-steward", "gwent"))
    cardiff = cardiff_suggestion.service
    for listing in (QUEUE, QUEUE + "?decision=all"):
        assert f"Suggestion {cardiff_suggestion.pk}" not in gwent.get(listing).content.decode()
    page = gwent.get(change_page(cardiff_suggestion))
    assert page.status_code == 302 and cardiff_suggestion.what_is_wrong not in page.content.decode()
    gwent.post(change_page(cardiff_suggestion), {"rejection_reason": "Not ours.", "_reject": "Reject"})
    # Nor accept it: not through the Cardiff service, nor by naming it on their own service's page.
    assert gwent.get(f"/admin/services/service/{cardiff.pk}/change/?suggestion={cardiff_suggestion.pk}") \
        .status_code in (302, 403)
    own = Service.objects.get(slug="g-pimhs")
    own_page = f"/admin/services/service/{own.pk}/change/?suggestion={cardiff_suggestion.pk}"
    edit = gwent.get(own_page)
    assert cardiff_suggestion.correct_information not in edit.content.decode()
    assert "cannot be accepted here" in edit.content.decode()
    assert gwent.post(own_page, page_values(edit), page=edit).status_code == 302
    assert not own.history.latest().history_change_reason, "no suggestion was recorded as the reason"
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.is_pending and cardiff_suggestion.decided_by is None


def test_a_view_only_staff_user_sees_a_suggestion_but_cannot_decide_it(cardiff_suggestion):
    viewer = staff_user("viewer", regions=("cardiff-and-vale",))
    viewer.user_permissions.set(Permission.objects.filter(codename__in=["view_suggestion", "view_service"]))
    browser = AdminBrowser(viewer)
    assert f"Suggestion {cardiff_suggestion.pk}" in browser.get(QUEUE).content.decode()
    page = browser.get(change_page(cardiff_suggestion))
    assert page.status_code == 200
    assert 'name="_reject"' not in page.content.decode() and accept_link(page) == ""
    refused = browser.post(change_page(cardiff_suggestion), {"rejection_reason": "No.", "_reject": "Reject"})
    assert refused.status_code == 403
    service = cardiff_suggestion.service
    service_page = f"/admin/services/service/{service.pk}/change/?suggestion={cardiff_suggestion.pk}"
    assert browser.post(service_page, {"summary_en": "Changed"}).status_code == 403
    cardiff_suggestion.refresh_from_db()
    assert cardiff_suggestion.is_pending


def test_a_national_steward_sees_and_decides_every_suggestion(cardiff_suggestion):
    gwent_suggestion = suggestion_waiting("g-pimhs")
    wales = AdminBrowser(national_steward())
    queue = wales.get(QUEUE).content.decode()
    assert f"Suggestion {cardiff_suggestion.pk}" in queue and f"Suggestion {gwent_suggestion.pk}" in queue
    assert accept_link(wales.get(change_page(gwent_suggestion)))


def test_the_queue_opens_on_the_suggestions_still_waiting(cardiff_steward, cardiff_suggestion):
    decided = suggestion_waiting("cardiff-parents-plus", what_is_wrong="Another problem.")
    Suggestion.objects.filter(pk=decided.pk).update(status=Suggestion.Status.REJECTED)
    waiting = cardiff_steward.get(QUEUE).content.decode()
    assert f"Suggestion {cardiff_suggestion.pk}" in waiting and f"Suggestion {decided.pk}<" not in waiting
    assert f"Suggestion {decided.pk}<" in cardiff_steward.get(QUEUE + "?decision=all").content.decode()
    counted = cardiff_steward.get(QUEUE + "?_facets=True")  # the admin's counts beside each choice
    assert counted.status_code == 200 and f"Suggestion {decided.pk}<" not in counted.content.decode()


def test_the_admin_shows_what_was_typed_as_text(cardiff_steward):
    suggestion = suggestion_waiting("cardiff-parents-plus", what_is_wrong="<script>alert(1)</script>",
                                    source_url="https://example.org/\"><b>x</b>")
    page = cardiff_steward.get(change_page(suggestion)).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>x</b>" not in page
    edit = cardiff_steward.get(accept_link(cardiff_steward.get(change_page(suggestion)))).content.decode()
    assert "<script>alert(1)" not in edit and "&lt;script&gt;alert(1)&lt;/script&gt;" in edit


def test_no_steward_can_add_a_suggestion_in_the_admin(cardiff_steward):
    assert cardiff_steward.get(QUEUE + "add/").status_code == 403


def test_a_steward_rejects_a_flood_of_junk_in_one_go_but_only_what_they_may_decide(cardiff_steward):
    junk = [suggestion_waiting("cardiff-parents-plus", what_is_wrong=f"spam {n}") for n in range(3)]
    gwent = suggestion_waiting("g-pimhs")
    page = cardiff_steward.get(QUEUE)
    chosen = [s.pk for s in junk] + [gwent.pk]  # a tampered list naming another region's suggestion too

    response = cardiff_steward.post(QUEUE, {"action": "reject_as_not_a_correction", "_selected_action": chosen},
                                    page=page)

    assert response.status_code == 302
    for suggestion in junk:
        suggestion.refresh_from_db()
        assert suggestion.status == Suggestion.Status.REJECTED and suggestion.rejection_reason
        assert suggestion.decided_by.username == "cardiff-steward"
    gwent.refresh_from_db()
    assert gwent.status == Suggestion.Status.PENDING, "out of this steward's scope"
