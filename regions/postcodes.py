"""Find the local authority for a postcode or a point, with a distinct outcome for each failure."""

import enum
import re
from dataclasses import dataclass

from django.contrib.gis.geos import Point
from django.utils.translation import gettext_lazy as _

from .models import WGS84, LocalAuthority, Postcode

# Outward code (area, district, optional sub-district) then inward code (sector digit, unit letters).
# Newport keeps some postcodes of an older form, "NPT 0JH", which the ONS directory holds as Welsh.
POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?|NPT)([0-9][A-Z]{2})$")
# The first letter of an ONS authority code says which country it is in.
COUNTRIES = {
    "E": _("England"),
    "S": _("Scotland"),
    "N": _("Northern Ireland"),
    "L": _("the Channel Islands"),
    "M": _("the Isle of Man"),
}
# The same countries as they appear in an address: a results page names the country, never the postcode.
COUNTRY_KEYS = {
    "E": "england",
    "S": "scotland",
    "N": "northern-ireland",
    "L": "channel-islands",
    "M": "isle-of-man",
}


class Outcome(enum.Enum):
    FOUND = "found"
    MALFORMED = "malformed"
    UNKNOWN = "unknown"
    OUTSIDE_WALES = "outside_wales"


@dataclass(frozen=True)
class PostcodeResult:
    outcome: Outcome
    postcode: str
    local_authority: LocalAuthority | None = None
    country: str = ""
    country_key: str = ""  # from COUNTRY_KEYS; empty when the country is not known
    point: Point | None = None


def postcode_normalise(raw: str) -> str | None:
    """Return a postcode as 'NP20 4UR', forgiving case, spacing and a letter O typed for a zero; None if malformed."""
    compact = re.sub(r"[\s\-.]+", "", raw or "").upper()
    if len(compact) < 5 or len(compact) > 7:
        return None
    outward, inward = compact[:-3], compact[-3:]
    # A letter O in the inward code's digit place is a common slip for a zero.
    if inward[0] == "O":
        inward = "0" + inward[1:]
    match = POSTCODE.match(outward + inward)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def postcode_lookup(*, raw: str) -> PostcodeResult:
    """Say which Welsh local authority a postcode is in, or why it cannot be placed."""
    postcode = postcode_normalise(raw)
    if postcode is None:
        return PostcodeResult(Outcome.MALFORMED, (raw or "").strip())
    row = Postcode.objects.filter(postcode=postcode).first()
    if row is None:
        return PostcodeResult(Outcome.UNKNOWN, postcode)
    if not row.area_code.startswith("W"):
        letter = row.area_code[:1]
        return PostcodeResult(
            Outcome.OUTSIDE_WALES, postcode, country=str(COUNTRIES.get(letter, _("outside Wales"))),
            country_key=COUNTRY_KEYS.get(letter, ""),
        )
    authority = (LocalAuthority.objects.defer("boundary", "region__boundary").select_related("region")
                 .filter(code=row.area_code).first())
    if authority is None:
        return PostcodeResult(Outcome.UNKNOWN, postcode)
    return PostcodeResult(Outcome.FOUND, postcode, local_authority=authority, point=row.point)
