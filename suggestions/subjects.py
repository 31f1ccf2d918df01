"""What a suggestion is about: one service, or one route open to every family as the finder shows it in one area.

The public form, its thank-you page and the stewards' queue read the name and the addresses
from here, so that a route in an area is handled exactly as a service is.
"""

from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext

from pirs_portal.bilingual import pick
from regions.models import LocalAuthority
from services.finder import AGE_MAX_MONTHS, finder_results_url, route_shown_at
from services.models import Service
from services.routes import UniversalRoute
from services.selectors import service_get

# The finder result a route's form was opened from, so the thank-you page can lead back to it: the stage only.
STAGE_PARAM = "stage"
EXPECTING = "expecting"


@dataclass(frozen=True)
class Subject:
    service: Service | None = None
    route: UniversalRoute | None = None
    local_authority: LocalAuthority | None = None
    stage: str = ""  # "expecting", a whole number of months, or "" when the form was not opened from a result

    @property
    def name(self) -> str:
        """In the page's language: the service's name, or the route and the area ("Health visitor in Gwynedd")."""
        if self.service is not None:
            return pick(self.service, "name")
        return gettext("%(route)s in %(area)s") % {"route": pick(self.route, "name"),
                                                  "area": pick(self.local_authority, "name")}

    @property
    def fields(self) -> dict:
        """The suggestion's fields that say what it is about."""
        return {"service": self.service, "route": self.route, "local_authority": self.local_authority}

    def _query(self) -> str:
        if not self.stage:
            return ""
        query = QueryDict(mutable=True)
        query[STAGE_PARAM] = self.stage
        return "?" + query.urlencode()

    def form_url(self) -> str:
        if self.service is not None:
            return reverse("suggestions:suggest", args=[self.service.slug])
        return reverse("suggestions:suggest_route", args=[self.route.pk, self.local_authority.code]) + self._query()

    def thanks_url(self) -> str:
        if self.service is not None:
            return reverse("suggestions:thanks", args=[self.service.slug])
        return reverse("suggestions:route_thanks", args=[self.route.pk, self.local_authority.code]) + self._query()

    def back_url(self) -> str:
        """The page the suggestion is about: the service's page, or the finder's result the form was opened from."""
        if self.service is not None:
            return reverse("services:service", args=[self.service.slug])
        if not self.stage:
            return reverse("services:finder")
        pregnant = self.stage == EXPECTING
        return finder_results_url(pregnant=pregnant, age_months=None if pregnant else int(self.stage),
                                  code=self.local_authority.code)


def service_subject(*, slug: str) -> Subject:
    return Subject(service=service_get(slug=slug))


def route_subject(*, pk: int, code: str, query: QueryDict) -> Subject:
    """The route in the authority with this code, or 404; a stage whose result would not show the route (or that
    the finder never gives) is dropped, so the way back leads to the finder itself."""
    route = get_object_or_404(UniversalRoute, pk=pk)
    authority = LocalAuthority.objects.filter(code=code).first()
    if authority is None:
        raise Http404("No local authority has this code.")
    stage = query.get(STAGE_PARAM, "")
    age = int(stage) if stage.isascii() and stage.isdigit() and len(stage) <= 3 else None
    if stage == EXPECTING:
        shown = route_shown_at(route=route, pregnant=True, age_months=None)
    else:
        shown = age is not None and age <= AGE_MAX_MONTHS and route_shown_at(route=route, pregnant=False,
                                                                              age_months=age)
        stage = str(age) if shown else ""
    return Subject(route=route, local_authority=authority, stage=stage if shown else "")
