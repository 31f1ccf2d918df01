"""What the suggestion tests share: a valid answer to the form, and a suggestion waiting in the queue."""

from services.models import Service
from suggestions.decisions import suggestion_send
from suggestions.models import Suggestion

SENDER_NAME = "Zebedee Quux"
SENDER_EMAIL = "zebedee.quux@example.org"
ANSWERS = {
    "what_is_wrong": "The page does not say how to refer.",
    "correct_information": "Health visitors and midwives refer with the team's referral form.",
    "source": "web_page",
    "source_url": "https://www.example.org/parent-infant-team/referrals",
    "name": SENDER_NAME,
    "email": SENDER_EMAIL,
}


def suggestion_waiting(slug: str, **answers) -> Suggestion:
    """A suggestion about the service with this slug, as the public form stores it."""
    given = {key: value for key, value in ANSWERS.items()} | answers
    return suggestion_send(service=Service.objects.get(slug=slug), language="en", **given)
