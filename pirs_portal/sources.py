"""Every attribution and citation the portal gives, written once: pages, downloads and the API all read them here.

Lazy translations: a page shows them in its language; open data (the API, GeoJSON)
gives them in English, where their wording is the licence's own (``in_english``).
"""

import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

# Required wherever boundaries or postcode data appear (Open Government Licence v3; Natural Earth is public domain).
ATTRIBUTION = [
    _("Contains OS data © Crown copyright and database right 2025"),
    _("Contains Royal Mail data © Royal Mail copyright and database right 2025"),
    _("Source: Office for National Statistics licensed under the Open Government Licence v.3.0"),
    _("Land outline: Natural Earth (public domain)"),
]
# The map's corner, where the full lines do not fit: the page's footer gives them in full.
ATTRIBUTION_SHORT = _("Boundaries: ONS, OS, Royal Mail, Natural Earth")

# The policy paper every fact about teams and regions comes from.
PAPER_TITLE = "The golden thread: a case for developing specialist parent-infant services in Wales"
PAPER_PUBLISHERS = _(
    "Parent-Infant Foundation, NSPCC Cymru and the Wales Perinatal Mental Health Implementation Network"
)

# The day the portal's record begins: the seed's facts are dated to the paper they come from. The paper
# states no publication date; the last of its references was accessed on 4 October 2024 (04/10/24), so it
# describes provision as it stood on that day at the earliest. Provision before it is recorded by stewards.
SEED_DATE = datetime.date(2024, 10, 4)


def paper_citation() -> str:
    """The paper as a reference: its title, then who published it."""
    return f"{PAPER_TITLE} ({PAPER_PUBLISHERS})"


def in_english(lines) -> list[str]:
    """The lines as plain English text, for open data whatever the language of the request."""
    with override("en"):
        return [str(line) for line in lines]


def sources_context(request) -> dict:
    """Give every template the attribution and the paper (a context processor)."""
    return {"attribution": ATTRIBUTION, "paper_title": PAPER_TITLE, "paper_publishers": PAPER_PUBLISHERS}
