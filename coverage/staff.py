"""The stewards' view of what we don't know yet: the public page's lines, each linked to the record to fix."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode

from regions.models import Region
from services.models import Service
from services.stewardship import is_national, services_editable_by, steward_authorities, steward_regions

from .gap import gap_summary
from .unknowns import Unknown, unknowns_count, unknowns_list


def _fix_link(request: HttpRequest, unknown: Unknown, *, authorities: set[str], regions: dict[str, int]) -> str:
    """The admin page where this user can fill the gap, or "" where their role does not reach it."""
    user = request.user
    label, key = unknown.record
    if label == "services.service" and user.has_perm("services.change_service"):
        if services_editable_by(user=user, services=Service.objects.filter(pk=key)).exists():
            return reverse("admin:services_service_change", args=[key])
    if label == "regions.livebirths" and user.has_perm("regions.add_livebirths") and key in authorities:
        return reverse("admin:regions_livebirths_add") + "?" + urlencode(
            {"area_code": key, "area_name": unknown.subject_en})
    if label == "regions.needparameters" and user.has_perm("regions.add_needparameters") and key in regions:
        return reverse("admin:regions_needparameters_add") + "?" + urlencode({"region": regions[key]})
    return ""


def unknowns_for_stewards(request: HttpRequest) -> HttpResponse:
    topics = unknowns_list(gap=gap_summary(), today=timezone.localdate())
    own = Region.objects.all() if is_national(request.user) else steward_regions(user=request.user)
    authorities = set(steward_authorities(user=request.user).values_list("code", flat=True))
    regions = dict(own.values_list("slug", "pk"))
    sections = [
        (topic, [(unknown, _fix_link(request, unknown, authorities=authorities, regions=regions))
                 for unknown in topic.unknowns])
        for topic in topics
    ]
    # A regional steward sees first the lines they can fix; every line for Wales is one link away.
    narrowed = not is_national(request.user) and "all" not in request.GET
    if narrowed:
        sections = [(topic, [(unknown, fix) for unknown, fix in lines if fix]) for topic, lines in sections]
    context = {**admin.site.each_context(request), "title": "", "sections": sections, "count": unknowns_count(topics),
               "narrowed": narrowed, "yours": sum(len(lines) for _topic, lines in sections)}
    return render(request, "admin/unknowns.html", context)


# Included under /admin/unknowns/ (pirs_portal/urls.py); the admin's own sign-in and staff check guard it.
urlpatterns = [path("", admin.site.admin_view(unknowns_for_stewards), name="staff_unknowns")]
