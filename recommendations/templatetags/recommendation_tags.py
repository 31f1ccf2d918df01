"""Template helpers for the recommendations: evidence dates as far as known, and a region's evidence."""

from django import template
from django.utils.formats import date_format

from regions.models import Region

from ..models import Evidence
from ..selectors import evidence_list

register = template.Library()

# How much of the date to show: a day, a month or a year, in the page's language.
DATE_FORMATS = {Evidence.Precision.DAY: "j F Y", Evidence.Precision.MONTH: "F Y", Evidence.Precision.YEAR: "Y"}


@register.filter
def evidence_date(evidence: Evidence) -> str:
    """Say an entry's date as far as its source gives it: 31 January 2024, February 2024 or 2019."""
    return date_format(evidence.happened_on, DATE_FORMATS.get(evidence.precision, "j F Y"))


@register.inclusion_tag("recommendations/includes/region_evidence_list.html")
def region_evidence(region: Region) -> dict:
    """The evidence on the paper's recommendations that happened in one region, for its region page."""
    return {"region": region, "entries": evidence_list(region=region)}
