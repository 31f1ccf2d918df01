"""What changed: the edits that matter to a reader, read from the recorded history, in plain words.

A change is a service added, removed, published or withdrawn, or a change to its
status, kind, areas, ages or capacity; a births figure recorded or changed; need
parameters changed; a route open to every family added, removed or open at other
stages, and a contact for one added, changed, moved or removed. Each has its day,
the regions it touches, a sentence in the page's language and a link. Nothing personal: who made an edit, and why, stay in
the admin's history. The seed's first versions are where the record begins, not
changes (sources.SEED_DATE).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pirs_portal.bilingual import pick
from pirs_portal.datacache import cached
from pirs_portal.sources import SEED_DATE
from regions.models import LiveBirths, LocalAuthority, NeedParameters, Region
from services.finder import route_result_url
from services.models import RoutePointer, Service, UniversalRoute
from services.predating import PAST_REASON

from .past import AREAS_LINK


@dataclass
class Change:
    when: datetime.datetime
    sentence: str
    link: str
    region_ids: set[int] = field(default_factory=set)
    key: str = ""  # unique and stable, for the feed's entry ids

    @property
    def day(self) -> datetime.date:
        return timezone.localdate(self.when)


def _seed_moment() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(SEED_DATE, datetime.time.min))


def _starts_record(version) -> bool:
    """The seed's first version of a record: where the record begins, not a change."""
    return version.history_type == "+" and version.history_date == _seed_moment()


def _plain(value: Decimal) -> str:
    """A decimal as a person writes it: 16, not 16.0000; 1.5, not 1.50."""
    return format(value.normalize(), "f")


def _figure(value) -> str:
    return _("not published") if value is None else f"{value:,}"


def _ages(version) -> str:
    start = {"pregnancy": _("from pregnancy"), "birth": _("from birth")}.get(version.age_start, _("from an age not stated"))
    if version.age_end_months is None:
        return _("%(start)s, to an age not stated") % {"start": start}
    return _("%(start)s until the child is %(months)s months old") % {"start": start, "months": version.age_end_months}


def _sourced_sentence(version, names: str, areas: list[str]) -> str:
    """What a dated source records of a service before the portal's record began: its whole state from that day."""
    if version.history_type == "-":
        return _("%(service)s stopped, as a dated source records.") % {"service": names}
    state = _("%(status)s; %(kind)s; covering %(areas)s") % {
        "status": _display(version, "status").lower(), "kind": _display(version, "kind").lower(),
        "areas": ", ".join(areas) or _("no area named")}
    sentence = (_("%(service)s started, as a dated source records: %(state)s.") if version.history_type == "+"
                else _("%(service)s changed, as a dated source records: %(state)s."))
    return sentence % {"service": names, "state": state}


def _service_sentences(old, new, names: str, added: list[str], removed: list[str]) -> list[str]:
    """The sentences for one version of a service against the one before it (None for its first)."""
    if new.history_type == "-":
        return [_("%(service)s was removed from the directory.") % {"service": names}]
    if old is None or old.history_type == "-":
        state = _("published") if new.is_published else _("not yet published")
        sentence = (_("%(service)s was added to the directory (%(state)s).") if old is None
                    else _("%(service)s was restored to the directory (%(state)s)."))
        return [sentence % {"service": names, "state": state}]
    said = []
    if old.is_published != new.is_published:
        said.append((_("%(service)s was published.") if new.is_published
                     else _("%(service)s was withdrawn from publication.")) % {"service": names})
    for attr, label in (("status", _("status")), ("kind", _("kind"))):
        if getattr(old, attr) != getattr(new, attr):
            said.append(_("%(service)s changed its %(what)s from “%(old)s” to “%(new)s”.") % {
                "service": names, "what": label, "old": _display(old, attr), "new": _display(new, attr)})
    if added:
        said.append(_("%(service)s now covers %(areas)s.") % {"service": names, "areas": ", ".join(added)})
    if removed:
        said.append(_("%(service)s no longer covers %(areas)s.") % {"service": names, "areas": ", ".join(removed)})
    if (old.age_start, old.age_end_months) != (new.age_start, new.age_end_months):
        said.append(_("%(service)s now works with families %(ages)s.") % {"service": names, "ages": _ages(new)})
    if old.capacity_families_per_year != new.capacity_families_per_year:
        said.append(_("%(service)s’s capacity changed from %(old)s to %(new)s families a year.") % {
            "service": names, "old": _figure(old.capacity_families_per_year),
            "new": _figure(new.capacity_families_per_year)})
    return said


def _display(version, attr: str) -> str:
    choices = dict(Service._meta.get_field(attr).choices)
    return str(choices.get(getattr(version, attr), getattr(version, attr)))


def _with_previous(versions):
    """Each version with the one before it of the same record (None for its first): versions come by record, then date."""
    previous = None
    for version in versions:
        yield (previous if previous is not None and previous.id == version.id else None), version
        previous = version


def _by_record(model, until: datetime.datetime):
    return model.history.filter(history_date__lt=until).order_by("id", "history_date", "history_id")


def _service_changes(until: datetime.datetime, authorities: dict[int, LocalAuthority]) -> list[Change]:
    link = Service.history.model._meta.get_field(AREAS_LINK).related_model
    areas: dict[int, set[int]] = {}
    for history_id, la_id in link.objects.filter(history__history_date__lt=until).values_list(
        "history_id", "localauthority_id"
    ):
        areas.setdefault(history_id, set()).add(la_id)
    versions = list(_with_previous(_by_record(Service, until)))
    # A change to a service concerns every region it has covered: a new service's first version has no areas yet.
    ever: dict[int, set[int]] = {}
    for _old, version in versions:
        ever.setdefault(version.id, set()).update(areas.get(version.history_id, set()))
    published = set(Service.objects.published().values_list("slug", flat=True))
    names = lambda ids: sorted(pick(authorities[i], "name") for i in ids if i in authorities)  # noqa: E731
    changes = []
    for old, version in versions:
        if _starts_record(version):
            continue
        now, before = areas.get(version.history_id, set()), areas.get(old.history_id, set()) if old else set()
        if version.history_change_reason == PAST_REASON:
            sentences = [_sourced_sentence(version, pick(version, "name"), names(now))]
        else:
            sentences = _service_sentences(old, version, pick(version, "name"), names(now - before) if old else [],
                                           names(before - now) if old else [])
        # A service no longer published has no page: the directory, rather than a page not found.
        target = (reverse("services:service", args=[version.slug]) if version.slug in published
                  else reverse("services:directory"))
        regions = {authorities[i].region_id for i in ever[version.id] if i in authorities}
        changes += [Change(version.history_date, sentence, target, regions, f"service-{version.history_id}-{n}")
                    for n, sentence in enumerate(sentences)]
    return changes


def _births_changes(until: datetime.datetime, by_code: dict[str, LocalAuthority]) -> list[Change]:
    changes = []
    for old, version in _with_previous(_by_record(LiveBirths, until)):
        area = by_code.get(version.area_code)
        if _starts_record(version) or area is None or version.history_type == "-":
            continue
        values = {"area": pick(area, "name"), "year": version.year, "new": f"{version.births:,}"}
        if old is None:
            sentence = _("Live births for %(area)s in %(year)s were recorded: %(new)s.") % values
        elif old.births != version.births:
            sentence = _("Live births for %(area)s in %(year)s changed from %(old)s to %(new)s.") % {
                **values, "old": f"{old.births:,}"}
        else:
            continue
        target = reverse("coverage:region", args=[area.region.slug]) + "#authorities-heading"
        changes.append(Change(version.history_date, sentence, target, {area.region_id}, f"births-{version.history_id}"))
    return changes


def _parameter_changes(until: datetime.datetime, regions: dict[int, Region]) -> list[Change]:
    changes = []
    for old, version in _with_previous(_by_record(NeedParameters, until)):
        if _starts_record(version) or version.history_type == "-":
            continue
        if old is not None and (old.prevalence, old.cohort_years) == (version.prevalence, version.cohort_years):
            continue
        region = regions.get(version.region_id)
        where = pick(region, "name") if region else _("Wales (the default)")
        sentence = _("The need parameters for %(where)s are now a prevalence of %(percent)s%% and %(years)s years "
                     "of births.") % {"where": where, "percent": _plain(version.prevalence * 100),
                                      "years": _plain(version.cohort_years)}
        target = reverse("coverage:region", args=[region.slug]) if region else reverse("coverage:gap")
        scope = {region.pk} if region else set(regions)
        changes.append(Change(version.history_date, sentence, target + "#need-heading" if region else target,
                              scope, f"parameters-{version.history_id}"))
    return changes


def _route_stages(version) -> str:
    """When a route is open, as the finder applies it."""
    stages = [_("in pregnancy")] if version.from_pregnancy else []
    if version.after_birth:
        stages.append(_("after birth, at any age") if version.age_end_months is None else
                      _("after birth until the child is %(months)s months old") % {"months": version.age_end_months})
    return "; ".join(stages)


def _route_changes(until: datetime.datetime, regions: dict[int, Region]) -> list[Change]:
    """A route open to every family added, removed, restored, or open at other stages: every region's readers."""
    changes = []
    for old, version in _with_previous(_by_record(UniversalRoute, until)):
        values = {"route": pick(version, "name"), "stages": _route_stages(version)}
        if _starts_record(version):
            continue
        if version.history_type == "-":
            sentence = _("%(route)s was removed from the routes open to every family.") % values
        elif old is None:
            sentence = _("%(route)s was added to the routes open to every family (%(stages)s).") % values
        elif old.history_type == "-":
            sentence = _("%(route)s was restored to the routes open to every family (%(stages)s).") % values
        elif _route_stages(old) != values["stages"]:
            sentence = _("%(route)s is now open to families %(stages)s.") % values
        else:
            continue
        changes.append(Change(version.history_date, sentence, reverse("services:finder"), set(regions),
                              f"route-{version.history_id}"))
    return changes


def _contact_place(version, regions: dict[int, Region], authorities: dict[int, LocalAuthority]):
    """Where a contact applies: its name, the regions whose readers it concerns, and an authority whose finder
    result shows it (its own, or the first of its region, or of Wales)."""
    area = authorities.get(version.local_authority_id)
    region = regions.get(version.region_id) or (area.region if area else None)
    if (version.local_authority_id and area is None) or (version.region_id and region is None):
        return _("an area no longer listed"), set(), None  # deleted since: no region's readers to tell
    if area is not None:
        return pick(area, "name"), {area.region_id}, area
    shown = sorted((a for a in authorities.values() if region is None or a.region_id == region.pk),
                   key=lambda a: a.name_en)
    if region is not None:
        return pick(region, "name"), {region.pk}, shown[0] if shown else None
    return _("all of Wales"), set(regions), shown[0] if shown else None


def _contact_text(version) -> str:
    kind = str(dict(RoutePointer.Kind.choices).get(version.kind, ""))
    return f"{kind}: {pick(version, 'value').rstrip('.')}"


def _pointer_changes(until: datetime.datetime, regions: dict[int, Region],
                     authorities: dict[int, LocalAuthority]) -> list[Change]:
    """Contacts the finder gives for routes open to every family (the seed's own have no history to read).

    A route deleted since is named as it last was. A contact moved to another area is said to have moved,
    to the readers of both; a change only the other language shows is not said in this one.
    """
    routes = {}
    for version in UniversalRoute.history.filter(history_date__lt=until).order_by("history_date", "history_id"):
        routes[version.id] = version  # the last version of each: the route as it is, or as it was when deleted
    changes = []
    for old, version in _with_previous(_by_record(RoutePointer, until)):
        route = routes.get(version.route_id)
        if route is None or _starts_record(version):
            continue
        where, scope, shown_in = _contact_place(version, regions, authorities)
        values = {"route": pick(route, "name"), "where": where, "contact": _contact_text(version)}
        if version.history_type == "-":
            sentence = _("A contact for %(route)s in %(where)s was removed (%(contact)s).")
        elif version.history_type == "+":
            sentence = _("A contact for %(route)s in %(where)s was added (%(contact)s).")
        elif old is None:  # a seed contact's first change: what it said before is the seed's, with no history
            sentence = _("A contact for %(route)s in %(where)s now reads “%(contact)s”.")
        elif (old.region_id, old.local_authority_id) != (version.region_id, version.local_authority_id):
            before, scope_before, _shown = _contact_place(old, regions, authorities)
            scope |= scope_before
            values["before"] = before
            sentence = _("A contact for %(route)s moved from %(before)s to %(where)s (%(contact)s).")
        elif _contact_text(old) != values["contact"]:
            values["before"] = _contact_text(old)
            sentence = _("A contact for %(route)s in %(where)s changed from “%(before)s” to “%(contact)s”.")
        else:
            continue  # its source alone changed, or only the other language's text
        target = route_result_url(route=route, code=shown_in.code) if shown_in else reverse("services:finder")
        changes.append(Change(version.history_date, sentence % values, target, scope,
                              f"contact-{version.history_id}"))
    return changes


def changes_between(*, since: datetime.date | None = None, until: datetime.date | None = None,
                    region: Region | None = None) -> list[Change]:
    """Every change made on the days from ``since`` to ``until`` (both included), newest first.

    The whole list is worked out once per data version, language and day; each page
    of it, each filter and the feed then only pick from it.
    """
    every = cached(f"changes-{get_language()}-{timezone.localdate().isoformat()}", _every_change)
    return [c for c in every if (since is None or c.day >= since) and (until is None or c.day <= until)
            and (region is None or region.pk in c.region_ids)]


def _every_change() -> list[Change]:
    end = timezone.make_aware(datetime.datetime.combine(timezone.localdate() + datetime.timedelta(days=1),
                                                        datetime.time.min))
    regions = {r.pk: r for r in Region.objects.defer("boundary")}
    authorities = {a.pk: a for a in LocalAuthority.objects.defer("boundary", "region__boundary")
                   .select_related("region")}
    by_code = {a.code: a for a in authorities.values()}
    found = (_service_changes(end, authorities) + _births_changes(end, by_code)
             + _parameter_changes(end, regions) + _route_changes(end, regions)
             + _pointer_changes(end, regions, authorities))
    return sorted(found, key=lambda c: (c.when, c.key), reverse=True)
