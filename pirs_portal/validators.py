"""Checks on the days stewards type: a review, a reading of a source or an event the portal records has happened."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Nothing the portal records is older than this; an earlier day is a typing slip (0001 for 2001).
EARLIEST = datetime.date(1990, 1, 1)


def a_day_that_has_come(value: datetime.date) -> None:
    """Refuse a day after today, or before EARLIEST: a future review date would keep a record from ever falling due."""
    if value > timezone.localdate():
        raise ValidationError(_("%(day)s has not come yet: give the day it happened, no later than today."),
                              code="future", params={"day": date_format(value, "j F Y")})
    if value < EARLIEST:
        raise ValidationError(_("Give a day from %(day)s on."), code="too_early",
                              params={"day": date_format(EARLIEST, "j F Y")})
