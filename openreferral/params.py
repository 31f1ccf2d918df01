"""Read and check the API's query parameters: anything unusable is a 400 that names the parameter."""

import datetime
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .ids import uuid_parse

PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 200
AGE_MAX = 120
PROXIMITY_MAX = 100_000
SEARCH_MAX = 200
PAGE_MAX = 999_999_999

WHOLE = re.compile(r"^[0-9]{1,9}$")
NUMBER = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,6})?$")
# Control characters (NUL among them) are refused: PostgreSQL cannot store NUL in a query string.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# The same rule as a JSON Schema pattern, for the OpenAPI document.
PLAIN_TEXT = r"^[^\x00-\x1f\x7f]*$"


class ApiError(Exception):
    """A request the API answers with an error status and a JSON explanation."""

    def __init__(self, *, status: int, message: str, parameter: str | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.parameter = parameter


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict


PARAMETERS = {
    p.name: p
    for p in [
        Param("search", "Words to look for in service names and descriptions (English or Welsh), host "
              "organisation names and intervention names; every word must match. Plain text: no control "
              "characters.", {"type": "string", "maxLength": SEARCH_MAX, "pattern": PLAIN_TEXT}),
        Param("page", "Page number, from 1. A page past the last one is returned empty.",
              {"type": "integer", "minimum": 1, "maximum": PAGE_MAX, "default": 1}),
        Param("per_page", f"Results per page, 1 to {PER_PAGE_MAX}.",
              {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": PER_PAGE_DEFAULT}),
        Param("taxonomy_term_id", "Only services linked to this taxonomy term (a setting or an "
              "intervention).", {"type": "string", "format": "uuid"}),
        Param("taxonomy_id", "Only services linked to any term of this taxonomy.",
              {"type": "string", "format": "uuid"}),
        Param("minimum_age", "Age in years. Only services known to work with children of this age or "
              "older: those whose stated end age is above it.",
              {"type": "number", "minimum": 0, "maximum": AGE_MAX}),
        Param("maximum_age", "Age in years. Only services known to work with children of this age or "
              "younger: those whose stated start (pregnancy or birth) is at or below it.",
              {"type": "number", "minimum": 0, "maximum": AGE_MAX}),
        Param("modified_after", "A date or date-time (ISO 8601). Only services changed or reviewed on or after "
              "that day, in UK time.", {"type": "string", "format": "date-time"}),
        Param("postcode", "A UK postcode. Only services whose service area covers the postcode's local "
              "authority.", {"type": "string"}),
        Param("proximity", f"Metres, up to {PROXIMITY_MAX}; needs postcode. Widens the postcode filter to "
              "every local authority whose boundary comes within this distance of the postcode.",
              {"type": "number", "minimum": 0, "maximum": PROXIMITY_MAX}),
    ]
}

PAGING = ("page", "per_page")
SERVICE_FILTERS = (
    "search", "taxonomy_term_id", "taxonomy_id", "minimum_age", "maximum_age", "modified_after",
)
NEAR = ("postcode", "proximity")


@dataclass(frozen=True)
class Paging:
    page: int = 1
    per_page: int = PER_PAGE_DEFAULT


@dataclass(frozen=True)
class ServiceQuery:
    words: tuple[str, ...] = ()
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    # Months: a service matches minimum_age if it works past this age, maximum_age if it starts by this one.
    older_than_months: int | None = None
    starts_by_age: bool = False
    reviewed_since: datetime.date | None = None


@dataclass(frozen=True)
class Near:
    postcode: str = ""
    proximity_m: float | None = None


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


def _whole(values: dict[str, str], name: str, *, default: int, top: int) -> int:
    raw = values.get(name)
    if raw is None:
        return default
    if not WHOLE.match(raw) or not 1 <= int(raw) <= top:
        message = f"'{name}' must be a whole number from 1 to {top}."
        raise ApiError(status=400, parameter=name, message=message)
    return int(raw)


def _number(values: dict[str, str], name: str, *, top: int, unit: str) -> Decimal | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not NUMBER.match(raw) or Decimal(raw) > top:
        message = f"'{name}' must be a number of {unit}, 0 to {top}."
        raise ApiError(status=400, parameter=name, message=message)
    return Decimal(raw)


def uuid_value(*, values: dict[str, str], name: str) -> str | None:
    raw = values.get(name)
    if raw is None:
        return None
    parsed = uuid_parse(raw=raw)
    if parsed is None:
        message = f"'{name}' must be a UUID, such as one this API gives."
        raise ApiError(status=400, parameter=name, message=message)
    return parsed


def _day(values: dict[str, str], name: str) -> datetime.date | None:
    """Return the UK calendar day of a date or date-time; a date-time without an offset is UK time."""
    raw = values.get(name)
    if raw is None:
        return None
    try:
        day = parse_date(raw)
        if day is not None:
            return day
        moment = parse_datetime(raw)
        if moment is not None:
            return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
    except (ValueError, OverflowError):
        pass
    raise ApiError(
        status=400, parameter=name,
        message=f"'{name}' must be an ISO 8601 date or date-time, such as 2025-04-01 or "
        "2025-04-01T09:00:00Z.",
    )


def paging_parse(*, values: dict[str, str]) -> Paging:
    return Paging(
        page=_whole(values, "page", default=1, top=PAGE_MAX),
        per_page=_whole(values, "per_page", default=PER_PAGE_DEFAULT, top=PER_PAGE_MAX),
    )


def service_query_parse(*, values: dict[str, str]) -> ServiceQuery:
    search = values.get("search", "")
    if len(search) > SEARCH_MAX or CONTROL.search(search):
        raise ApiError(
            status=400, parameter="search",
            message=f"'search' must be plain text of at most {SEARCH_MAX} characters.",
        )
    minimum = _number(values, "minimum_age", top=AGE_MAX, unit="years")
    maximum = _number(values, "maximum_age", top=AGE_MAX, unit="years")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise ApiError(status=400, parameter="minimum_age", message="'minimum_age' is above 'maximum_age'.")
    return ServiceQuery(
        words=tuple(search.split()),
        taxonomy_term_id=uuid_value(values=values, name="taxonomy_term_id"),
        taxonomy_id=uuid_value(values=values, name="taxonomy_id"),
        # A service ending at 24 months works with children older than 1.5 years (18 months) but not 2.
        older_than_months=None if minimum is None else math.floor(minimum * 12),
        starts_by_age=maximum is not None,
        reviewed_since=_day(values, "modified_after"),
    )


def near_parse(*, values: dict[str, str]) -> Near:
    proximity = _number(values, "proximity", top=PROXIMITY_MAX, unit="metres")
    if proximity is not None and "postcode" not in values:
        message = "'proximity' needs a 'postcode' to measure from."
        raise ApiError(status=400, parameter="proximity", message=message)
    metres = None if proximity is None else float(proximity)
    return Near(postcode=values.get("postcode", ""), proximity_m=metres)
