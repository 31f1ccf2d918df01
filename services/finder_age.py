"""Turn what a practitioner types about a child's age, or a date of birth, into whole months.

People write "4", "4 years", "48 months" or "2 years and 6 months", in English or
Welsh; a bare number counts in the unit of the box it is typed in. A date of
birth is turned into an age on the day of the search and goes no further.
"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YEAR, MONTH = 12, 1
UNITS = {
    **dict.fromkeys(["y", "yr", "yrs", "year", "years", "blwydd", "blwyddyn", "flwydd", "flwyddyn", "blynedd",
                     "flynedd", "mlynedd", "mlwydd", "bl"], YEAR),
    **dict.fromkeys(["m", "mo", "mos", "mth", "mths", "month", "months", "mis", "fis"], MONTH),
}
# Words that join or end an age and add nothing to it: "2 years and 6 months old", "2 flwydd a 6 mis oed".
FILLERS = {"and", "a", "ac", "&", ",", "old", "oed"}
WELSH_MONTHS = ["ionawr", "chwefror", "mawrth", "ebrill", "mai", "mehefin", "gorffennaf", "awst", "medi",
                "hydref", "tachwedd", "rhagfyr"]
MONTH_NAMES = {
    **{name.lower(): n for n, name in enumerate(calendar.month_name) if n},
    **{name.lower(): n for n, name in enumerate(calendar.month_abbr) if n},
    **{name: n for n, name in enumerate(WELSH_MONTHS, start=1)},
}
_WORDS = re.compile(r"[0-9]+|[^\W\d_]+|\S")
# Longer than this a number is more months than anyone has lived (and int() of thousands of digits is slow).
MOST_DIGITS = 6

NEGATIVE = _("Enter an age of 0 or more. A baby under one month old is 0 months.")
YEARS_INVALID = _("Enter the years as a whole number, such as 4.")
MONTHS_INVALID = _("Enter the months as a whole number, such as 6.")
BIRTH_INCOMPLETE = _("The date of birth must include a day, a month and a year.")
BIRTH_NOT_REAL = _("The date of birth must be a real date, such as 27 3 2024.")
BIRTH_YEAR_DIGITS = _("The year of birth must have 4 numbers, such as 2024.")


def months_typed(text: str, *, unit: int) -> int | None:
    """Read an age typed in one box as months; None if the box is empty. A bare number counts in ``unit``."""
    words = _WORDS.findall(text.lower())
    if not words:
        return None
    invalid = YEARS_INVALID if unit == YEAR else MONTHS_INVALID
    if words[0] in {"-", "−", "–"} and len(words) > 1 and _whole(words[1]):
        raise ValidationError(NEGATIVE, code="negative")
    total, numbers, bare, i = 0, 0, 0, 0
    while i < len(words):
        word = words[i]
        if word in FILLERS and numbers:
            i += 1
            continue
        if not _whole(word):
            raise ValidationError(invalid, code="invalid")
        size = UNITS.get(words[i + 1]) if i + 1 < len(words) else None
        if size is None:
            bare, size = bare + 1, unit
        else:
            i += 1
        digits = word.lstrip("0") or "0"
        total += int(digits) * size if len(digits) <= MOST_DIGITS else 10**MOST_DIGITS
        numbers += 1
        i += 1
    if bare and numbers > 1:  # "4 6": four what, six what?
        raise ValidationError(invalid, code="invalid")
    return total


def birth_date(*, day: str, month: str, year: str) -> datetime.date | None:
    """Read a date of birth from its three boxes; None if all three are empty."""
    day, month, year = day.strip(), month.strip().lower(), year.strip()
    if not (day or month or year):
        return None
    if not (day and month and year):
        raise ValidationError(BIRTH_INCOMPLETE, code="incomplete")
    month_number = MONTH_NAMES.get(month) or (int(month) if _small_number(month) else None)
    if not (_small_number(day) and _whole(year)) or month_number is None:
        raise ValidationError(BIRTH_NOT_REAL, code="not_real")
    if len(year) != 4:
        raise ValidationError(BIRTH_YEAR_DIGITS, code="year_digits")
    try:
        return datetime.date(int(year), month_number, int(day))
    except ValueError as error:
        raise ValidationError(BIRTH_NOT_REAL, code="not_real") from error


def _whole(text: str) -> bool:
    """Say whether text is a whole number in the digits 0 to 9."""
    return text.isascii() and text.isdigit()


def _small_number(text: str) -> bool:
    """Say whether text is a day or month number: one or two digits (after any leading zeros)."""
    return _whole(text) and len(text.lstrip("0")) <= 2


def months_old(*, born: datetime.date, today: datetime.date) -> int:
    """Say how many whole months old a child born on ``born`` is on ``today`` (negative if not born yet)."""
    return (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
