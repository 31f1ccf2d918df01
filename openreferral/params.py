"""The API's query parameters, each declared once: its meaning, its JSON Schema and an example that works.

The views read requests against these declarations (``params_read``), the
OpenAPI document lists them (openapi.py), and the API page shows them
(docs.py), so the three cannot drift apart.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext, gettext_lazy as _, gettext_noop

from .taxonomies import INTERVENTION, SETTING

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
AGE_MAX = 120
PROXIMITY_MAX = 100_000
SEARCH_MAX = 200
PAGE_MAX = 999_999_999
FORMATS = ("json", "ndjson")
# RFC 5545's day codes, as HSDS's schedule.byday writes them.
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Control characters (NUL among them) are refused: PostgreSQL cannot store NUL in a query string.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"
# A time of day, with seconds and an offset if wanted: 09:00, 09:00:00, 09:00:00Z, 09:00+01:00.
TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
UUID = {"type": "string", "format": "uuid"}
BOOLEAN = {"type": "boolean", "default": False}


class ApiError(Exception):
    """A request the API answers with an error status and a JSON explanation."""

    def __init__(self, *, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter


def _filled(message: str, **values: object) -> Promise:
    """Translate a message when it is shown, then fill in its values."""
    return lazy(lambda: gettext(message) % values, str)()


@dataclass(frozen=True)
class Param:
    name: str
    description: Promise
    schema: dict
    # The query that shows the parameter at work, or a function that finds one in the data.
    example: dict[str, str] | Callable[[], dict[str, str]]

    def example_query(self) -> dict[str, str]:
        return self.example() if callable(self.example) else self.example


def _some_organisation() -> dict[str, str]:
    # Imported here: the selectors read the parsed queries, which are made from these declarations.
    from .selectors import organisation_example_id

    return {"organization_id": organisation_example_id()}


PARAMETERS = {
    p.name: p
    for p in [
        Param("search", _filled(gettext_noop(
            "Words to look for, in English or Welsh; every word must match. Services are searched by name, "
            "description, organisation and intervention; organisations by name and kind; taxonomies and "
            "terms by name and description. Plain text of at most %(max)s characters."), max=SEARCH_MAX),
            {"type": "string", "maxLength": SEARCH_MAX, "pattern": PLAIN_TEXT}, {"search": "video"}),
        Param("page", _("Page number, from 1. A page past the last one is returned empty."),
              {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1},
              {"page": "2", "per_page": "2"}),
        Param("per_page", _filled(gettext_noop(
            "Results per page, 1 to %(max)s; %(default)s when not given, or every result when minimal is "
            "true."), max=PER_PAGE_MAX, default=PER_PAGE_DEFAULT),
            {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": PER_PAGE_DEFAULT},
            {"per_page": "2"}),
        Param("format", _(
            "json (the default): a page of results. ndjson: every result, one JSON record a line, with no "
            "page around them; page and per_page are then not used."),
            {"type": "string", "enum": list(FORMATS), "default": "json"}, {"format": "ndjson"}),
        Param("taxonomy_term_id", _(
            "Only records linked to this taxonomy term (a setting or an intervention). Organisations here "
            "carry no terms, so on organizations the page is empty."),
            UUID, {"taxonomy_term_id": SETTING.term_id(code="nhs_camhs")}),
        Param("taxonomy_id", _(
            "Only records linked to any term of this taxonomy; on taxonomy_terms, only this taxonomy's "
            "terms. Organisations here carry no terms, so on organizations the page is empty."),
            UUID, {"taxonomy_id": INTERVENTION.id}),
        Param("organization_id", _("Only the services of this organisation."), UUID, _some_organisation),
        Param("modified_after", _(
            "A date-time in ISO 8601 (UK time when it has no offset; a date alone means its midnight). Only "
            "services whose last_modified is at or after it."),
            {"type": "string", "format": "date-time"}, {"modified_after": "2025-06-01T09:30:00Z"}),
        Param("minimal", _(
            "true: each service with only id, name, status and last_modified (the standard requires name "
            "and status of every listed service), every service on one page unless per_page is given. Not "
            "with full."), BOOLEAN, {"minimal": "true"}),
        Param("full", _(
            "true: each record fully nested, as its own endpoint gives it (/services/{id}, "
            "/service_at_locations/{id} or /organizations/{id})."), BOOLEAN, {"full": "true"}),
        Param("full_service", _(
            "true: the organisation's services in full, as /services/{id} gives them; otherwise each with "
            "its listing fields only. On organizations it implies full."), BOOLEAN, {"full_service": "true"}),
        Param("minimum_age", _filled(gettext_noop(
            "Age in years, 0 to %(max)s. Only services whose stated minimum_age is at least this. Every "
            "service here that states its ages starts in pregnancy or at birth, minimum_age 0."),
            max=AGE_MAX),
            {"type": "number", "minimum": 0, "maximum": AGE_MAX}, {"minimum_age": "0"}),
        Param("maximum_age", _filled(gettext_noop(
            "Age in years, 0 to %(max)s. Only services whose stated maximum_age is at most this."),
            max=AGE_MAX),
            {"type": "number", "minimum": 0, "maximum": AGE_MAX}, {"maximum_age": "2"}),
        Param("start_time", _(
            "A time of day, such as 09:00. Only services with a schedule that starts at or after it. This "
            "directory holds no schedules, so the page is empty."),
            {"type": "string", "pattern": TIME}, {"start_time": "09:00"}),
        Param("end_time", _(
            "A time of day, such as 17:00. Only services with a schedule that ends at or before it. This "
            "directory holds no schedules, so the page is empty."),
            {"type": "string", "pattern": TIME}, {"end_time": "17:00"}),
        Param("day", _(
            "A day of the week: MO, TU, WE, TH, FR, SA or SU (an English day name also works). Only "
            "services with a schedule on that day. This directory holds no schedules, so the page is empty."),
            {"type": "string", "enum": list(DAYS)}, {"day": "MO"}),
        Param("postcode", _(
            "A UK postcode. Only services whose service area covers the postcode's local authority; a "
            "postcode outside Wales, or one the portal does not hold, gives an empty page with a note."),
            {"type": "string"}, {"postcode": "NP20 4UR"}),
        Param("proximity", _filled(gettext_noop(
            "Metres, up to %(max)s; needs postcode. Widens the postcode filter to every local authority "
            "whose boundary comes within this distance of the postcode."), max=PROXIMITY_MAX),
            {"type": "number", "minimum": 0, "maximum": PROXIMITY_MAX},
            {"postcode": "NP20 4UR", "proximity": "10000"}),
        Param("top_only", _(
            "true: only top-level terms, those with no parent. Every term here is top-level, so all are "
            "kept."), BOOLEAN, {"top_only": "true"}),
        Param("parent_id", _(
            "Only the terms whose parent has this id. No term here has a parent, so the page is empty."),
            UUID, {"parent_id": SETTING.term_id(code="nhs_camhs")}),
    ]
}


def params_read(*, query: QueryDict, allowed: tuple[str, ...]) -> dict[str, str]:
    """Return the non-empty parameters given, refusing unknown or repeated ones."""
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        supported = ", ".join(allowed) if allowed else "none"
        raise ApiError(
            status=400, parameter=unknown[0],
            message=f"Unknown parameter '{unknown[0]}'. This endpoint supports: {supported}.",
        )
    values = {}
    for name in query:
        given = query.getlist(name)
        if len(given) > 1:
            raise ApiError(status=400, parameter=name, message=f"Give '{name}' once, not {len(given)} times.")
        if given[0].strip():
            values[name] = given[0].strip()
    return values
