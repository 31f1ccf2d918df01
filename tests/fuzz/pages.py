"""GET a page with a generated query string, counting what it answers."""

from collections.abc import Callable

from django.http import HttpResponse
from django.test import Client

from .tally import Tally


def page_status(
    client: Client, path: str, query: str, *, tally: Tally,
    outcome: Callable[[HttpResponse], str] | None = None, posted: bool = False,
) -> int:
    """Return the status of GET path?query (or of a form POSTing it, followed to where it leads);
    an exception the view lets out counts as a server error.

    ``outcome`` names what a successful page showed, for the counts; by default its status.
    """
    try:
        if posted:
            response = client.post(path, query, content_type="application/x-www-form-urlencoded", follow=True)
        else:
            response = client.get(f"{path}?{query}")
    except Exception:
        tally.count("exception", server_error=True)
        raise
    status = response.status_code
    tally.count(outcome(response) if outcome and status == 200 else status, server_error=status >= 500)
    return status
