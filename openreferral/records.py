"""Turn the portal's records into Open Referral UK 3.0 JSON.

Standard fields the portal has no value for are left out rather than sent as
null, because the standard types them as strings or numbers. The portal's own
detail goes in local extension fields named ``x_pirs_*``, which are always
present and null when not known.
"""

import datetime
import math
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from pirs_portal.sources import ATTRIBUTION, in_english
from regions.models import LocalAuthority
from services.finder import route_kind
from services.models import Organisation, Service

from . import ids
from .taxonomies import Taxonomy, Term, service_terms

# The standard's service status has no "developing": a developing offer is running, a planned one is not.
STATUS = {
    Service.Status.ESTABLISHED: "active",
    Service.Status.DEVELOPING: "active",
    Service.Status.PLANNED: "inactive",
}
# Pregnancy and birth are both age 0 in years; x_pirs_age_start says which.
STATED_START_AGE = 0
# Persistent identifiers for ONS statistical geographies, such as local authorities.
ONS_GEOGRAPHY_URI = "http://statistics.data.gov.uk/id/statistical-geography/{code}"
# No source we hold says in which languages a service works: none is claimed (HSDS reads a language as spoken there).
LANGUAGES_NOTE = ("The sources we hold do not say in which languages this service works: ask the service, "
                  "for example whether a Welsh-speaking practitioner is available.")


def _url(site: str, name: str, *args: str) -> str:
    with override("en"):
        return site + reverse(name, args=args)


def _given(**fields: object) -> dict:
    """Keep only the fields that have a value."""
    return {name: value for name, value in fields.items() if value not in (None, "")}


def years(*, months: int) -> int | float:
    """Express an age in months as years: 24 is 2, 18 is 1.5."""
    value = months / 12
    return int(value) if value.is_integer() else round(value, 4)


def maximum_age(*, age_end_months: int | None) -> int | float | None:
    """The oldest age still seen, in years, as the standard's maximum_age means it (a child of that age is eligible).

    A service that works until the second birthday (age_end_months 24) still sees a child of 23 months:
    1.9167. A client that counts ages in whole years then reads 1 as eligible and 2 as not, as the finder does.
    """
    return None if not age_end_months else years(months=age_end_months - 1)


def months_up_to(*, age: Decimal) -> int:
    """Return the most age_end_months whose maximum_age, as this API writes it, is at most an age in years."""
    months = math.floor(age * 12) + 1
    while months >= 1 and Decimal(str(maximum_age(age_end_months=months))) > age:
        months -= 1
    while Decimal(str(maximum_age(age_end_months=months + 1))) <= age:
        months += 1
    return months


def _review_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_default_timezone())


def last_modified(*, service: Service) -> str:
    """When the service or its details last changed, as its page's "Last changed" says; a review is assured_date.

    A record saved before changes were timed has only its review day: the start of that day stands in.
    """
    moment = service.updated_at or _review_start(service.last_reviewed)
    return timezone.localtime(moment).isoformat(timespec="milliseconds")


def first_review_day_from(*, moment: datetime.datetime) -> datetime.date | None:
    """Return the first day whose start (as last_modified counts a review day) is at or after a moment."""
    day = timezone.localdate(moment)
    if _review_start(day) >= moment:
        return day
    try:
        return day + datetime.timedelta(days=1)
    except OverflowError:
        return None


def organisation_record(*, organisation: Organisation) -> dict:
    with override("en"):
        kind = str(organisation.get_kind_display())
    return {
        "id": ids.organisation_id(slug=organisation.slug),
        "name": organisation.name_en,
        "description": kind,
        **_given(website=organisation.website),
        "x_pirs_name_cy": organisation.name_cy or None,
        "x_pirs_kind": organisation.kind,
    }


def service_brief(*, service: Service, site: str) -> dict:
    """Return a service's one-to-one fields and its organisation: the standard's listing shape."""
    return {
        "id": ids.service_id(slug=service.slug),
        "organization_id": ids.organisation_id(slug=service.organisation.slug),
        "name": service.name_en,
        "description": service.summary_en,
        "status": STATUS[service.status],
        **_given(
            url=service.website,
            email=service.email,
            minimum_age=STATED_START_AGE if service.age_start else None,
            maximum_age=maximum_age(age_end_months=service.age_end_months),
        ),
        "assured_date": service.last_reviewed.isoformat(),
        "last_modified": last_modified(service=service),
        "organization": organisation_record(organisation=service.organisation),
        "x_pirs_name_cy": service.name_cy or None,
        "x_pirs_description_cy": service.summary_cy or None,
        "x_pirs_provision_kind": service.kind,
        "x_pirs_status": service.status,
        "x_pirs_route": route_kind(service=service),
        "x_pirs_age_start": service.age_start or None,
        "x_pirs_age_end_months": service.age_end_months,
        "x_pirs_portal_url": _url(site, "services:service", service.slug),
    }


def service_area_record(*, service: Service, authority: LocalAuthority) -> dict:
    record = {
        "id": ids.oruk_id(kind="service_area", key=f"{service.slug}:{authority.code}"),
        "service_id": ids.service_id(slug=service.slug),
        "name": authority.name_en,
        "service_area": authority.name_en,
        "uri": ONS_GEOGRAPHY_URI.format(code=authority.code),
    }
    if authority.boundary is not None:
        record |= {"extent": authority.boundary.geojson, "extent_type": "geojson"}
    return record | {"x_pirs_area_code": authority.code, "x_pirs_name_cy": authority.name_cy or None}


def location_record(*, authority: LocalAuthority) -> dict:
    """Describe a covered local authority as a location: services here are delivered across an area."""
    return {
        "id": ids.location_id(code=authority.code),
        "location_type": "physical",
        "name": authority.name_en,
        "description": f"The area of {authority.name_en} local authority, which the service covers.",
        "x_pirs_area_code": authority.code,
        "x_pirs_name_cy": authority.name_cy or None,
    }


def service_at_location_record(*, service: Service, authority: LocalAuthority, site: str | None) -> dict:
    """Link a service to one authority it covers; with a site, nest the service's listing fields too."""
    record = {
        "id": ids.service_at_location_id(slug=service.slug, code=authority.code),
        "service_id": ids.service_id(slug=service.slug),
        "location_id": ids.location_id(code=authority.code),
        "location": location_record(authority=authority),
    }
    if site is not None:
        record["service"] = service_brief(service=service, site=site)
    return record


def _contacts(service: Service) -> list[dict]:
    """Return the service's contact if the source gives a phone or email; nothing is made up."""
    if not (service.phone or service.email):
        return []
    contact_id = ids.oruk_id(kind="contact", key=service.slug)
    phone = {"id": ids.oruk_id(kind="phone", key=service.slug), "number": service.phone}
    phones = [phone] if service.phone else []
    return [
        {
            "id": contact_id,
            "service_id": ids.service_id(slug=service.slug),
            "name": service.name_en,
            **_given(email=service.email),
            "phones": phones,
        }
    ]


def term_record(*, term: Term, site: str) -> dict:
    return {
        "id": term.id,
        "code": term.code,
        "name": term.name_en,
        "description": term.description_en,
        "taxonomy": term.taxonomy.name,
        "taxonomy_id": term.taxonomy.id,
        "term": term.name_en,
        "term_uri": _url(site, "openreferral:taxonomy_term", term.id),
        "x_pirs_name_cy": term.name_cy or None,
        "x_pirs_description_cy": term.description_cy or None,
    }


def taxonomy_record(*, taxonomy: Taxonomy, site: str) -> dict:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "uri": _url(site, "openreferral:taxonomy", taxonomy.id),
    }


def _attributes(service: Service, site: str) -> list[dict]:
    return [
        {
            "id": ids.oruk_id(kind="attribute", key=f"{service.slug}:{term.taxonomy.key}:{term.code}"),
            "link_id": ids.service_id(slug=service.slug),
            "link_type": term.taxonomy.key,
            "taxonomy_term_id": term.id,
            "taxonomy_term": term_record(term=term, site=site),
        }
        for term in service_terms(service=service)
    ]


def service_full(*, service: Service, site: str) -> dict:
    """Return a service with everything related to it (areas and interventions prefetched)."""
    areas = list(service.areas.all())
    return service_brief(service=service, site=site) | {
        "service_areas": [service_area_record(service=service, authority=a) for a in areas],
        "service_at_locations": [
            service_at_location_record(service=service, authority=a, site=None) for a in areas
        ],
        "languages": [],
        "x_pirs_languages_note": LANGUAGES_NOTE,
        "contacts": _contacts(service),
        "attributes": _attributes(service, site),
        "x_pirs_eligibility_en": service.eligibility_en or None,
        "x_pirs_eligibility_cy": service.eligibility_cy or None,
        "x_pirs_referrers_en": service.referrers_en or None,
        "x_pirs_referrers_cy": service.referrers_cy or None,
        "x_pirs_how_to_refer_en": service.how_to_refer_en or None,
        "x_pirs_how_to_refer_cy": service.how_to_refer_cy or None,
        "x_pirs_accepts_professional_referrals": service.accepts_professional_referrals,
        "x_pirs_accepts_self_referrals": service.accepts_self_referrals,
        "x_pirs_capacity_families_per_year": service.capacity_families_per_year,
        "x_pirs_address": service.address or None,
        "x_pirs_source_citation": service.source_citation,
        "x_pirs_attribution": in_english(ATTRIBUTION),
    }


def service_minimal(*, service: Service) -> dict:
    """Return the fewest fields the standard allows a listed service, for clients that track changes."""
    return {
        "id": ids.service_id(slug=service.slug),
        "name": service.name_en,
        "status": STATUS[service.status],
        "last_modified": last_modified(service=service),
    }


def service_at_location_full(*, service: Service, authority: LocalAuthority, site: str) -> dict:
    """Link a service to an authority it covers, with the service in full (areas, interventions fetched)."""
    nested = service_full(service=service, site=site)
    # The standard's service inside a service_at_location does not list its links again.
    del nested["service_at_locations"]
    return service_at_location_record(service=service, authority=authority, site=None) | {"service": nested}


def organisation_full(
    *, organisation: Organisation, services: list[Service], full_service: bool, site: str
) -> dict:
    """Return an organisation with its published services, in full or with their listing fields."""
    build = service_full if full_service else service_brief
    # Each service names its organisation by organization_id; the organisation is not repeated in it.
    nested = [build(service=service, site=site) for service in services]
    for record in nested:
        del record["organization"]
    return organisation_record(organisation=organisation) | {"services": nested}
