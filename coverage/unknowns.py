"""What we don't know yet: every figure and fact the portal lacks, what would fill it, and who can supply it.

Computed from the data each time, so a line goes when a steward fills the gap it
names. The public page and the stewards' list in the admin show the same lines;
each line names the record a steward would change (``record``), and the admin
list links it there.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pirs_portal.bilingual import pick
from services.models import REVIEW_INTERVAL, Service, ServiceFact
from services.provision import is_team

from .gap import GapSummary


@dataclass(frozen=True)
class Unknown:
    """One thing the portal lacks, about one area or service."""

    subject_en: str
    subject_cy: str
    lacking: str  # what is missing, in the active language
    fills: Promise  # what would fill it
    supplier: str  # who can supply it
    record: tuple[str, object]  # (model label, pk or area code) of the record a steward would change
    page: str  # the subject's public page


@dataclass(frozen=True)
class Topic:
    key: str
    title: Promise
    why: Promise  # what the missing thing stops the portal from saying
    unknowns: list[Unknown]


def _host(service: Service) -> str:
    return pick(service.organisation, "name")


def _page(service: Service) -> str:
    return reverse("services:service", args=[service.slug])


def births_unknowns(gap: GapSummary) -> list[Unknown]:
    return [
        Unknown(a.name_en, a.name_cy, _("Live births a year"),
                _("The latest year's live births in the authority, with its source."),
                str(_("Welsh Government (StatsWales publishes live births by local authority), or the local "
                      "authority itself")),
                ("regions.livebirths", a.code), reverse("coverage:region", args=[a.region_slug]))
        for a in gap.authorities if a.births is None
    ]


def parameter_unknowns(gap: GapSummary) -> list[Unknown]:
    return [
        Unknown(r.name_en, r.name_cy, _("The share of babies who would benefit, and how many years of births "
                                        "to count"),
                _("A prevalence and a cohort, each with its citation."),
                str(_("The region's partnership board or a published study of need")),
                ("regions.needparameters", r.region_slug), reverse("coverage:region", args=[r.region_slug]))
        for r in gap.regions if r.parameters is None
    ]


def capacity_unknowns(services: list[Service]) -> list[Unknown]:
    return [
        Unknown(s.name_en, s.name_cy, _("How many families a year the team can see"),
                _("The team's published capacity in families a year, or its staffing."), _host(s),
                ("services.service", s.pk), _page(s))
        for s in services if is_team(s) and s.capacity_families_per_year is None
    ]


def referral_unknowns(services: list[Service]) -> list[Unknown]:
    unknowns = []
    for s in services:
        lacking = []
        if not s.how_to_refer_en:
            lacking.append(str(_("how to refer")))
        if not (s.phone or s.email or s.website):
            lacking.append(str(_("a phone number, email address or web page")))
        if lacking:
            unknowns.append(Unknown(
                s.name_en, s.name_cy, "; ".join(lacking).capitalize(),
                _("The service's own referral route and contact details, from the service or its web page."),
                _host(s), ("services.service", s.pk), _page(s)))
    return unknowns


def fact_unknowns(services: list[Service]) -> list[Unknown]:
    unknowns = []
    for s in services:
        stated = {fact.key for fact in s.facts.all()}
        silent = [str(label) for key, label in ServiceFact.Key.choices if key not in stated]
        if silent:
            unknowns.append(Unknown(
                s.name_en, s.name_cy, "; ".join(silent),
                _("A yes or a no for each, with where it is stated."), _host(s), ("services.service", s.pk), _page(s)))
    return unknowns


def review_unknowns(services: list[Service], today: datetime.date) -> list[Unknown]:
    return [
        Unknown(s.name_en, s.name_cy, str(_("A check that the record is still right: last reviewed %(date)s")
                                          % {"date": s.last_reviewed.strftime("%d/%m/%Y")}),
                _("A steward reads the record against its sources and marks it reviewed."),
                str(_("The data steward of the service's region")), ("services.service", s.pk), _page(s))
        for s in services if s.last_reviewed < today - REVIEW_INTERVAL
    ]


def unknowns_list(*, gap: GapSummary, today: datetime.date) -> list[Topic]:
    """Every topic with what is missing in it, in the order a reader needs them; empty topics included."""
    services = list(
        Service.objects.published().select_related("organisation").prefetch_related("facts").order_by("name_en")
    )
    return [
        Topic("births", _("Births"), _("Without births, an authority's need is not known, and its region's and "
                                       "Wales's are ranges: from what is known, up to a ceiling worked out from "
                                       "the births of all Wales where one can be."), births_unknowns(gap)),
        Topic("parameters", _("How need is worked out"), _("Without them, need cannot be worked out at all."),
              parameter_unknowns(gap)),
        Topic("capacity", _("Team capacity"), _("Without a team's capacity, unmet need where it works is a range "
                                                "from none to all of the need."), capacity_unknowns(services)),
        Topic("referral", _("How to refer"), _("Without them, a practitioner must find the route themselves."),
              referral_unknowns(services)),
        Topic("facts", _("Facts no source states"), _("Each shows as “not stated” on the service's page."),
              fact_unknowns(services)),
        Topic("review", _("Reviews overdue"), _("A record not checked for six months may have gone out of date."),
              review_unknowns(services, today)),
    ]


def unknowns_count(topics: list[Topic]) -> int:
    return sum(len(topic.unknowns) for topic in topics)

