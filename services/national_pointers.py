"""National pointers for families outside Wales: public pages that say where specialist help is, per country.

The facts are kept in fixtures/national_pointers.csv, each with its publisher,
page title, address and the date the page gives (empty when it gives none). They
were read from the project's referral sources (data/referral_sources.csv) and
described in our own words. A row for ``uk`` holds for England, Scotland and
Northern Ireland; the Channel Islands and the Isle of Man are not in the UK, and
no pointer is known for them.
"""

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from regions.postcodes import COUNTRY_KEYS

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "national_pointers.csv"
COLUMNS = ["country", "publisher", "title", "url", "source_date", "about_en", "about_cy"]
UK = ("england", "scotland", "northern-ireland")


@dataclass(frozen=True)
class NationalPointer:
    """A public page that tells a practitioner where to look for specialist help in one country."""

    publisher: str
    title: str
    url: str
    source_date: datetime.date | None  # the date the page gives; None when it gives none
    about_en: str
    about_cy: str


def _pointer(row: dict[str, str], *, line: int) -> NationalPointer:
    whole = all(row[column] for column in ("publisher", "title", "about_en"))
    if not whole or not row["url"].startswith(("https://", "http://")):
        raise ImproperlyConfigured(
            f"{FIXTURE.name}, line {line}: a pointer needs a publisher, title, address and text."
        )
    try:
        date = datetime.date.fromisoformat(row["source_date"]) if row["source_date"] else None
    except ValueError as error:
        raise ImproperlyConfigured(f"{FIXTURE.name}, line {line}: the date is not YYYY-MM-DD.") from error
    return NationalPointer(row["publisher"], row["title"], row["url"], date, row["about_en"], row["about_cy"])


@cache
def _pointers_by_country(path: Path = FIXTURE) -> dict[str, tuple[NationalPointer, ...]]:
    """Read the fixture once, refusing a row that is not a whole, dated-or-undated fact with its address."""
    found: dict[str, list[NationalPointer]] = {key: [] for key in COUNTRY_KEYS.values()}
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        if reader.fieldnames != COLUMNS:
            raise ImproperlyConfigured(f"{path.name} must have the columns {', '.join(COLUMNS)}.")
        for line, row in enumerate(reader, start=2):
            countries = UK if row["country"] == "uk" else (row["country"],)
            if not set(countries) <= found.keys():
                raise ImproperlyConfigured(f"{path.name}, line {line}: no such country “{row['country']}”.")
            for country in countries:
                found[country].append(_pointer(row, line=line))
    return {country: tuple(pointers) for country, pointers in found.items()}


def pointer_list(*, country: str, path: Path = FIXTURE) -> tuple[NationalPointer, ...]:
    """Return the national pointers for a country (a value of regions.postcodes.COUNTRY_KEYS), in order."""
    return _pointers_by_country(path)[country]
