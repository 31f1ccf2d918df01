"""The referral-route finder: which services in an area a family can use, and why not where they cannot.

Plain functions over the published services covering an area, with the same
provision rule as the map (services/provision.py), so the finder and the gap
pages agree on what covers an area.
"""

import copy
import enum
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from pirs_portal.ages import age_phrase
from pirs_portal.datacache import cached
from regions.models import LocalAuthority
from regions.postcodes import COUNTRIES, COUNTRY_KEYS, Outcome, PostcodeResult

from .models import Service, UniversalRoute
from .national_pointers import NationalPointer, pointer_list
from .provision import Level, is_team, level_of, service_level
from .selectors import service_list_covering, service_list_for_region, universal_route_list

# The oldest age, in months, the finder asks about: the eighteenth birthday.
AGE_MAX_MONTHS = 216


class Fit(enum.Enum):
    """How a service in the family's area fits the family."""

    ELIGIBLE = "eligible"
    MAYBE = "maybe"  # a restriction or an unstated age range: check before referring
    NOT_ELIGIBLE = "not_eligible"
    CONSULTATION = "consultation"  # a workforce offer: advice for the practitioner, not a route to refer to


@dataclass(frozen=True)
class ServiceRoute:
    """One service and how it fits the family, with the reasons in plain words."""

    service: Service
    fit: Fit
    reason: str = ""  # why the family cannot use it, or what the source leaves unsaid
    restricted: bool = False  # open only to families who meet the service's eligibility text


class Staged:
    """A result's stage: in words, and as the results address gives it."""

    pregnant: bool
    age_months: int | None

    @property
    def stage(self) -> str:
        return stage_phrase(pregnant=self.pregnant, age_months=self.age_months)

    @property
    def address_stage(self) -> str:
        """The stage as the results address gives it: "expecting", or the age in months."""
        return "expecting" if self.pregnant else str(self.age_months)


@dataclass
class RouteResult(Staged):
    """Everything the finder shows for one family in one area."""

    local_authority: LocalAuthority
    level: Level
    pregnant: bool
    age_months: int | None
    eligible: list[ServiceRoute] = field(default_factory=list)
    maybe: list[ServiceRoute] = field(default_factory=list)
    not_eligible: list[ServiceRoute] = field(default_factory=list)
    consultation: list[ServiceRoute] = field(default_factory=list)
    regional: list[Service] = field(default_factory=list)
    universal: list[UniversalRoute] = field(default_factory=list)

    @property
    def has_team(self) -> bool:
        """Say whether a specialist team will take this family."""
        return any(is_team(r.service) for r in self.eligible)

    @property
    def area_has_team(self) -> bool:
        """Say whether a specialist team covers the area, whether or not it can take this family."""
        routes = self.eligible + self.maybe + self.not_eligible
        return any(is_team(r.service) for r in routes)

    @property
    def area_has_referral_routes(self) -> bool:
        """Say whether any service in the area takes referrals of families, for this family or others."""
        return bool(self.eligible or self.maybe or self.not_eligible)


@dataclass(frozen=True)
class OutsideWalesResult(Staged):
    """What the finder says for a family outside Wales: this portal covers Wales; where to look instead."""

    country_key: str
    pregnant: bool
    age_months: int | None
    pointers: tuple[NationalPointer, ...]

    @property
    def country(self) -> str:
        return str(COUNTRY_NAMES[self.country_key])


COUNTRY_NAMES = {COUNTRY_KEYS[letter]: name for letter, name in COUNTRIES.items()}


def outside_wales_find(*, country_key: str, pregnant: bool, age_months: int | None) -> OutsideWalesResult:
    """Gather the national pointers for a family in a country outside Wales (a key of COUNTRY_NAMES)."""
    return OutsideWalesResult(country_key=country_key, pregnant=pregnant, age_months=age_months,
                              pointers=pointer_list(country=country_key))


def stage_phrase(*, pregnant: bool, age_months: int | None) -> str:
    """Describe the family's stage for a heading."""
    if pregnant or age_months is None:
        return _("expecting a baby")
    return _("with a child aged %(age)s") % {"age": age_phrase(months=age_months)}


def range_sentence(*, service: Service) -> str:
    """Say whom a service works with, from its recorded age range."""
    age = age_phrase(months=service.age_end_months)
    sentences = {
        (True, Service.AgeStart.PREGNANCY): _(
            "This team works with families from pregnancy until the child is %(age)s old."
        ),
        (True, Service.AgeStart.BIRTH): _(
            "This team works with families from birth until the child is %(age)s old."
        ),
        (True, ""): _("This team works with families until the child is %(age)s old."),
        (False, Service.AgeStart.PREGNANCY): _(
            "This service works with families from pregnancy until the child is %(age)s old."
        ),
        (False, Service.AgeStart.BIRTH): _(
            "This service works with families from birth until the child is %(age)s old."
        ),
        (False, ""): _("This service works with families until the child is %(age)s old."),
    }
    return sentences[(is_team(service), service.age_start)] % {"age": age}


def _age_fit(service: Service, *, pregnant: bool, age_months: int | None) -> tuple[bool | None, str]:
    """Say whether the family's stage is in the service's age range (None: not stated), and why not."""
    if pregnant:
        if service.age_start == Service.AgeStart.PREGNANCY:
            return True, ""
        if service.age_start == Service.AgeStart.BIRTH:
            if is_team(service):
                return False, _("This team works with babies and children from birth, not in pregnancy.")
            return False, _("This service works with babies and children from birth, not in pregnancy.")
        return None, _("The source does not say whether this service works with families in pregnancy.")
    if service.age_end_months is None:
        if service.age_start:
            return None, _("The source does not say until what age this service works with a child.")
        return None, _("The age range is not stated in the source.")
    if age_months is not None and age_months >= service.age_end_months:
        return False, range_sentence(service=service)
    return True, ""


def finder_results_url(*, pregnant: bool, age_months: int | None, code: str = "", country: str = "") -> str:
    """The results address: only the area (an authority, or a country outside Wales), the stage, the age."""
    if country:
        at_age, expecting, place = "services:finder_outside", "services:finder_outside_expecting", country
    else:
        at_age, expecting, place = "services:finder_results", "services:finder_expecting", code
    if pregnant or age_months is None:
        return reverse(expecting, args=[place])
    return reverse(at_age, args=[place, age_months])


def route_result_url(*, route: UniversalRoute, code: str) -> str:
    """A finder result in this authority that shows the route: at birth, or in pregnancy for a route closed after it."""
    return finder_results_url(pregnant=not route.after_birth, age_months=0, code=code)


def route_shown_at(*, route: UniversalRoute, pregnant: bool, age_months: int | None) -> bool:
    """Say whether the finder lists the route at this stage (as selectors.universal_route_list chooses them)."""
    if pregnant:
        return route.from_pregnancy
    return route.after_birth and (route.age_end_months is None or age_months is None
                                  or age_months < route.age_end_months)


def route_kind(*, service: Service) -> str:
    """What a service is for a practitioner, before any family's age is known, in the finder's own terms.

    "consultation": a workforce offer, advice for the practitioner, not a route to refer a family to;
    "not_yet": planned, and takes no referrals yet; "ask": still being developed, or open only to the
    families of the service it sits in; "referral": a route to refer a family to, within its ages.
    """
    if service.kind == Service.Kind.WORKFORCE:
        return "consultation"
    if service.status == Service.Status.PLANNED:
        return "not_yet"
    if service.status == Service.Status.DEVELOPING or service.kind == Service.Kind.EMBEDDED:
        return "ask"
    return "referral"


def service_route(*, service: Service, pregnant: bool, age_months: int | None) -> ServiceRoute:
    """Decide how one service fits a family at this stage, with reasons a practitioner can pass on."""
    if service.kind == Service.Kind.WORKFORCE:
        return ServiceRoute(service, Fit.CONSULTATION)
    if service.status == Service.Status.PLANNED:
        why = _("This service is planned and does not take referrals yet.")
        return ServiceRoute(service, Fit.NOT_ELIGIBLE, why)
    in_range, why = _age_fit(service, pregnant=pregnant, age_months=age_months)
    if in_range is False:
        return ServiceRoute(service, Fit.NOT_ELIGIBLE, why)
    if service.status == Service.Status.DEVELOPING:
        why = _("This service is still being developed: ask whether it takes referrals yet.")
        return ServiceRoute(service, Fit.MAYBE, why)
    # Embedded specialists take only the families of the service they sit in (the gap's "partial" level).
    restricted = service.kind == Service.Kind.EMBEDDED
    if restricted or in_range is None:
        return ServiceRoute(service, Fit.MAYBE, why, restricted=restricted)
    return ServiceRoute(service, Fit.ELIGIBLE)


def postcode_problem(*, result: PostcodeResult) -> str | None:
    """Say, in plain words, why a postcode cannot be placed in a Welsh authority; None if it can."""
    if result.outcome == Outcome.MALFORMED:
        return _("“%(postcode)s” is not a full UK postcode; check it and try again.") % {
            "postcode": result.postcode,
        }
    if result.outcome == Outcome.UNKNOWN:
        return _(
            "We cannot find the postcode %(postcode)s. Check it, or choose the local authority instead."
        ) % {"postcode": result.postcode}
    if result.outcome == Outcome.OUTSIDE_WALES:
        return _("%(postcode)s is in %(country)s. This portal covers Wales only.") % {
            "postcode": result.postcode, "country": result.country,
        }
    return None


def _covering(local_authority: LocalAuthority) -> list[Service]:
    """The services covering an area, read once per data version: every stage and age in it asks the same."""
    return cached(f"finder-covering:{local_authority.pk}",
                  lambda: service_list_covering(local_authority=local_authority))


def _regional(local_authority: LocalAuthority) -> list[Service]:
    return cached(f"finder-regional:{local_authority.region_id}",
                  lambda: list(service_list_for_region(region=local_authority.region)))


def _universal(*, pregnant: bool, age_months: int | None, local_authority: LocalAuthority) -> list[UniversalRoute]:
    """The routes every family at this stage has, each with the contacts for the family's own area.

    The routes are read once per data version; each answer gets its own copies to
    hold its area's contacts, as other requests share the routes read.
    """
    routes = []
    for shared in cached(f"finder-universal:{pregnant}:{age_months}",
                         lambda: universal_route_list(pregnant=pregnant, age_months=age_months)):
        route = copy.copy(shared)
        route.local_pointers = [p for p in shared.pointers.all() if p.applies_to(local_authority)]
        routes.append(route)
    return routes


def route_find(*, local_authority: LocalAuthority, pregnant: bool, age_months: int | None) -> RouteResult:
    """Sort the services covering an area by whether a family at this stage can use them; add other routes."""
    services = _covering(local_authority)
    result = RouteResult(local_authority=local_authority, level=level_of(services), pregnant=pregnant,
                         age_months=age_months)
    groups = {
        Fit.ELIGIBLE: result.eligible,
        Fit.MAYBE: result.maybe,
        Fit.NOT_ELIGIBLE: result.not_eligible,
        Fit.CONSULTATION: result.consultation,
    }
    for service in services:
        route = service_route(service=service, pregnant=pregnant, age_months=age_months)
        groups[route.fit].append(route)
    if not result.has_team:
        covering = {s.pk for s in services}
        result.regional = [
            s for s in _regional(local_authority)
            if s.pk not in covering and service_level(s) in (Level.PARTIAL, Level.DEVELOPING)
        ]
    # The routes every family has stay open whatever a team can do: the health visitor and the GP are still there.
    result.universal = _universal(pregnant=pregnant, age_months=age_months, local_authority=local_authority)
    return result
