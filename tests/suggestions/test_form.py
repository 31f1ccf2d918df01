"""Anyone can suggest an update to a service, with no account; every bad answer is explained, never a 500."""

import re

import pytest
from django.test import Client

from services.models import Service
from suggestions.models import Suggestion

from .helpers import ANSWERS, SENDER_EMAIL, SENDER_NAME

pytestmark = pytest.mark.django_db

FORM = "/services/g-pimhs/suggest/"
LINK_TEXT = "Know how to refer to this service, or see something wrong? Tell us."


def error_links(response) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'<a href="#([^"]+)">', summary.group(0))


def test_a_service_page_links_to_its_suggestion_form(client):
    page = client.get("/services/g-pimhs/").content.decode()
    assert f'<a href="{FORM}">{LINK_TEXT}' in page


def test_every_finder_result_card_links_to_the_suggestion_form_of_its_service(client):
    page = client.get("/services/find/W06000022/5-months/").content.decode()
    cards = re.findall(r'<li class="card route-card.*?</li>', page, re.S)
    assert cards
    for card in cards:
        slug = re.search(r'<a href="/services/([a-z0-9-]+)/">', card).group(1)
        assert f'<a href="/services/{slug}/suggest/">{LINK_TEXT}' in card


def test_the_form_asks_what_is_wrong_the_correct_information_its_source_and_optional_contact_details(client):
    page = client.get(FORM)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    for box in ("what_is_wrong", "correct_information", "source_0", "source_1", "source_url", "name", "email"):
        assert f'id="id_{box}"' in text
    assert "I work for this service" in text and "Your name (optional)" in text
    assert "deleted 90 days after a steward decides" in text
    assert 'name="csrfmiddlewaretoken"' in text


def test_a_suggestion_is_kept_waiting_and_the_sender_is_thanked_on_a_page_of_its_own(client):
    sent = client.post(FORM, ANSWERS)
    assert sent.status_code == 303 and sent["Location"] == "/services/g-pimhs/suggest/thanks/"
    suggestion = Suggestion.objects.get()
    assert suggestion.service == Service.objects.get(slug="g-pimhs")
    assert suggestion.status == Suggestion.Status.PENDING and suggestion.language == "en"
    assert (suggestion.name, suggestion.email, suggestion.source_url) == (
        SENDER_NAME, SENDER_EMAIL, ANSWERS["source_url"])
    thanks = client.get(sent["Location"]).content.decode()
    assert "What happens next" in thanks and "deleted 90 days after the decision" in thanks
    assert SENDER_NAME not in thanks and SENDER_EMAIL not in thanks


def test_a_suggestion_in_welsh_goes_on_to_the_welsh_thank_you_page(client):
    sent = client.post("/cy" + FORM, ANSWERS | {"source": "works_there", "source_url": ""})
    assert sent.status_code == 303 and sent["Location"] == "/cy/services/g-pimhs/suggest/thanks/"
    assert Suggestion.objects.get().language == "cy"
    assert client.get(sent["Location"]).status_code == 200


def test_an_empty_form_gets_an_error_summary_linking_each_missing_answer(client):
    answer = client.post(FORM, {})
    assert answer.status_code == 200
    assert error_links(answer) == ["id_what_is_wrong", "id_correct_information", "id_source_0"]
    assert "<title>Error:" in answer.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("change, box, message", [
    ({"source_url": ""}, "id_source_url", "Enter the address of the web page"),
    ({"source_url": "not a web address"}, "id_source_url", "Enter the web page’s address in full"),
    ({"source_url": "javascript:alert(1)"}, "id_source_url", "Enter the web page’s address in full"),
    ({"source_url": "https://example.org/" + "a" * 500}, "id_source_url", "500 characters or fewer"),
    ({"source": "the internet"}, "id_source_0", "Choose where the correct information comes from"),
    ({"what_is_wrong": "x" * 2001}, "id_what_is_wrong", "2,000 characters or fewer: you wrote 2001"),
    ({"correct_information": "  "}, "id_correct_information", "Give the correct information."),
    ({"email": "zebedee at example"}, "id_email", "Enter an email address like name@example.org"),
    ({"name": "Z" * 101}, "id_name", "100 characters or fewer"),
    ({"what_is_wrong": "a\x00b"}, "id_what_is_wrong", "null character"),
])
def test_each_bad_answer_is_named_in_the_summary_and_nothing_is_kept(client, change, box, message):
    answer = client.post(FORM, ANSWERS | change)
    assert answer.status_code == 200
    assert error_links(answer) == [box]
    assert message in answer.content.decode()
    assert not Suggestion.objects.exists()


def test_what_people_type_is_shown_back_as_text_never_as_markup(client):
    answer = client.post(FORM, ANSWERS | {"what_is_wrong": "<script>alert('x')</script>", "email": "<b>@"})
    text = answer.content.decode()
    assert "<script>alert" not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "<b>@" not in text


def test_a_robot_that_fills_the_hidden_box_is_thanked_and_nothing_is_kept(client):
    page = client.get(FORM).content.decode()
    assert re.search(r'<div hidden>.*?name="homepage"', page, re.S), "the trap is not hidden from people"
    answer = client.post(FORM, ANSWERS | {"homepage": "https://spam.example"})
    assert answer.status_code == 303 and answer["Location"].endswith("/suggest/thanks/")
    assert not Suggestion.objects.exists()


def test_a_form_sent_without_its_csrf_token_keeps_nothing_and_says_how_to_send_it_again():
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(FORM)
    refused = browser.post(FORM, ANSWERS)
    assert refused.status_code == 200
    assert "The form could not be sent" in refused.content.decode()
    assert ANSWERS["correct_information"].replace("'", "&#x27;") in refused.content.decode()
    assert not Suggestion.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    assert browser.post(FORM, ANSWERS | {"csrfmiddlewaretoken": token}).status_code == 303
    assert Suggestion.objects.count() == 1


def test_too_many_suggestions_from_one_address_get_a_page_saying_how_long_to_wait(client, settings):
    settings.SUGGESTION_THROTTLE_RATE = "2/hour"
    sent = [client.post(FORM, ANSWERS | {"what_is_wrong": f"Problem {n}"}).status_code for n in range(2)]
    assert sent == [303, 303]
    refused = client.post(FORM, ANSWERS | {"what_is_wrong": "Problem 3"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "too many suggestions from your connection" in refused.content.decode()
    assert Suggestion.objects.count() == 2


def test_mistakes_do_not_use_up_the_allowance(client, settings):
    settings.SUGGESTION_THROTTLE_RATE = "1/hour"
    for _ in range(3):
        assert client.post(FORM, {}).status_code == 200
    assert client.post(FORM, ANSWERS).status_code == 303


def test_an_unpublished_or_unknown_service_has_no_form(client):
    Service.objects.filter(slug="g-pimhs").update(is_published=False)
    assert client.get(FORM).status_code == 404
    assert client.post(FORM, ANSWERS).status_code == 404
    assert client.get("/services/no-such-team/suggest/").status_code == 404
    assert client.get("/services/no-such-team/suggest/thanks/").status_code == 404


def test_nothing_the_sender_gave_about_themselves_appears_on_a_public_page(client):
    client.post(FORM, ANSWERS)
    for address in ("/services/g-pimhs/", "/services/g-pimhs/suggest/thanks/", "/services/find/W06000022/5-months/",
                    "/cy/services/g-pimhs/", "/services/", FORM):
        text = client.get(address).content.decode()
        assert SENDER_NAME not in text and SENDER_EMAIL not in text, address


def test_the_same_suggestion_sent_twice_is_stored_once(client):
    assert [client.post(FORM, ANSWERS).status_code for _ in range(2)] == [303, 303]
    assert Suggestion.objects.count() == 1
