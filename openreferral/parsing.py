"""Turn the parameters given into what the selectors need: anything unusable is a 400 that names it."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .ids import uuid_parse
from .params import (
    AGE_MAX, DAYS, FORMATS, PAGE_MAX, PER_PAGE_DEFAULT, PER_PAGE_MAX, PROXIMITY_MAX, SEARCH_MAX, TIME,
    ApiError,
)

WHOLE = re.compile(r"^[0-9]{1,9}$")
NUMBER = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,6})?$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
TIME_OF_DAY = re.compile(TIME)
# A time's offset whose "+" was sent unencoded, and so arrived as a space: 09:30:00 01:00.
SPACED_OFFSET = re.compile(r"([0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?) ([0-9]{2}(?::?[0-9]{2})?)$")
TRUE, FALSE = ("true", "1"), ("false", "0")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Paging:
    page: int = 1
    # None: every result on the one page.
    per_page: int | None = PER_PAGE_DEFAULT


@dataclass(frozen=True)
class Output:
    """How records are given: one page or a record a line, and how much of each."""

    ndjson: bool = False
    full: bool = False
    minimal: bool = False
    full_service: bool = False


@dataclass(frozen=True)
class Search:
    """What every list can be searched by: the words of ``search``."""

    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceQuery(Search):
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None
    organization_id: str | None = None
    minimum_age: Decimal | None = None
    maximum_age: Decimal | None = None
    modified_since: datetime.datetime | None = None
    # A day or a time was asked for: only services with a schedule could match.
    needs_schedule: bool = False


@dataclass(frozen=True)
class TermQuery(Search):
    taxonomy_id: str | None = None
    parent_id: str | None = None


@dataclass(frozen=True)
class OrganisationQuery(Search):
    # A taxonomy or a term was asked for.
    by_term: bool = False


@dataclass(frozen=True)
class Near:
    postcode: str = ""
    proximity_m: float | None = None


def _refuse(name: str, message: str) -> ApiError:
    return ApiError(status=400, parameter=name, message=message)


def _whole(values: dict[str, str], name: str, *, top: int) -> int | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not WHOLE.match(raw) or not 1 <= int(raw) <= top:
        raise _refuse(name, f"'{name}' must be a whole number from 1 to {top}.")
    return int(raw)


def _number(values: dict[str, str], name: str, *, top: int, unit: str) -> Decimal | None:
    raw = values.get(name)
    if raw is None:
        return None
    if not NUMBER.match(raw) or Decimal(raw) > top:
        raise _refuse(name, f"'{name}' must be a number of {unit}, 0 to {top}.")
    return Decimal(raw)


def uuid_value(*, values: dict[str, str], name: str) -> str | None:
    raw = values.get(name)
    if raw is None:
        return None
    parsed = uuid_parse(raw=raw)
    if parsed is None:
        raise _refuse(name, f"'{name}' must be a UUID, such as one this API gives.")
    return parsed


def boolean_value(*, values: dict[str, str], name: str) -> bool:
    raw = values.get(name, "false").lower()
    if raw not in TRUE + FALSE:
        raise _refuse(name, f"'{name}' must be true or false.")
    return raw in TRUE


def words_value(*, values: dict[str, str]) -> tuple[str, ...]:
    search = values.get("search", "")
    if len(search) > SEARCH_MAX or CONTROL.search(search):
        raise _refuse("search", f"'search' must be plain text of at most {SEARCH_MAX} characters.")
    return tuple(search.split())


def _with_offset(raw: str) -> str:
    """Put back the "+" of a time's offset that a client left unencoded in the address, so a space came."""
    return SPACED_OFFSET.sub(r"\1+\2", raw)


def _moment(values: dict[str, str], name: str) -> datetime.datetime | None:
    """Return a date-time, in UK time if it has no offset; a date alone is its UK midnight."""
    raw = values.get(name)
    if raw is None:
        return None
    raw = _with_offset(raw)
    try:
        day = parse_date(raw)
        moment = parse_datetime(raw) if day is None else datetime.datetime.combine(day, datetime.time(0))
        if moment is not None:
            # No record is dated before 1900 or after 9998: a moment beyond either answers as that year's would,
            # and stays clear of the calendar's ends, where a change of time zone overflows.
            if moment.year < 1900 or moment.year > 9998:
                return datetime.datetime(1900 if moment.year < 1900 else 9998, 1, 1, tzinfo=datetime.timezone.utc)
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            # Both must exist: the database compares in UTC, review days are UK days. The moment goes on
            # in UTC: PostgreSQL refuses offsets beyond ±15:59, which ISO 8601 does not (+21:30, from fuzzing).
            timezone.localtime(moment)
            return moment.astimezone(datetime.timezone.utc)
    except (ValueError, OverflowError):
        pass
    raise _refuse(name, f"'{name}' must be an ISO 8601 date-time, such as 2025-04-01T09:00:00Z, or a date.")


def _schedule_asked(values: dict[str, str]) -> bool:
    """Check day, start_time and end_time, and say whether any was given."""
    for name in ("start_time", "end_time"):
        if name in values and not TIME_OF_DAY.match(_with_offset(values[name])):
            raise _refuse(name, f"'{name}' must be a time of day, such as 09:00 or 17:30:00.")
    day = values.get("day")
    if day is not None and day.upper() not in DAYS and day.lower() not in DAY_NAMES:
        raise _refuse("day", f"'day' must be one of {', '.join(DAYS)}, or an English day name.")
    return any(name in values for name in ("day", "start_time", "end_time"))


def output_parse(*, values: dict[str, str]) -> Output:
    wanted = values.get("format", "json").lower()
    if wanted not in FORMATS:
        raise _refuse("format", f"'format' must be one of {', '.join(FORMATS)}.")
    output = Output(
        ndjson=wanted == "ndjson",
        full=boolean_value(values=values, name="full"),
        minimal=boolean_value(values=values, name="minimal"),
        full_service=boolean_value(values=values, name="full_service"),
    )
    if output.minimal and output.full:
        raise _refuse("minimal", "Give 'minimal' or 'full', not both: one asks for less, the other for more.")
    return output


def paging_parse(*, values: dict[str, str], everything: bool = False) -> Paging:
    """Read page and per_page; with ``everything``, no per_page means one page of every result."""
    per_page = _whole(values, "per_page", top=PER_PAGE_MAX)
    if per_page is None and not everything:
        per_page = PER_PAGE_DEFAULT
    return Paging(page=_whole(values, "page", top=PAGE_MAX) or 1, per_page=per_page)


def service_query_parse(*, values: dict[str, str]) -> ServiceQuery:
    minimum = _number(values, "minimum_age", top=AGE_MAX, unit="years")
    maximum = _number(values, "maximum_age", top=AGE_MAX, unit="years")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise _refuse("minimum_age", "'minimum_age' is above 'maximum_age'.")
    return ServiceQuery(
        words=words_value(values=values),
        taxonomy_term_id=uuid_value(values=values, name="taxonomy_term_id"),
        taxonomy_id=uuid_value(values=values, name="taxonomy_id"),
        organization_id=uuid_value(values=values, name="organization_id"),
        minimum_age=minimum,
        maximum_age=maximum,
        modified_since=_moment(values, "modified_after"),
        needs_schedule=_schedule_asked(values),
    )


def term_query_parse(*, values: dict[str, str]) -> TermQuery:
    # Every term here is top-level, so top_only keeps them all; it is still checked.
    boolean_value(values=values, name="top_only")
    return TermQuery(
        words=words_value(values=values),
        taxonomy_id=uuid_value(values=values, name="taxonomy_id"),
        parent_id=uuid_value(values=values, name="parent_id"),
    )


def organisation_query_parse(*, values: dict[str, str]) -> OrganisationQuery:
    terms = [uuid_value(values=values, name=name) for name in ("taxonomy_term_id", "taxonomy_id")]
    return OrganisationQuery(words=words_value(values=values), by_term=any(terms))


def near_parse(*, values: dict[str, str]) -> Near:
    proximity = _number(values, "proximity", top=PROXIMITY_MAX, unit="metres")
    if proximity is not None and "postcode" not in values:
        raise _refuse("proximity", "'proximity' needs a 'postcode' to measure from.")
    metres = None if proximity is None else float(proximity)
    return Near(postcode=values.get("postcode", ""), proximity_m=metres)
