"""Provision before the record began, in the admin: each record writes its version of the service's history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import Service
from ..predating import PastProvision, write_version
from ..stewardship import authorities_outside, is_national, services_editable_by, steward_authorities
from .base import RegionScopedAdmin


@admin.register(PastProvision)
class PastProvisionAdmin(RegionScopedAdmin):
    list_display = ["service", "event", "happened_on", "status", "kind", "source_date"]
    list_filter = ["event"]
    search_fields = ["service__name_en", "source_citation"]
    list_select_related = ["service"]
    ordering = ["service__name_en", "happened_on"]
    filter_horizontal = ["areas"]
    fieldsets = [
        (None, {"fields": ["service", "event", "happened_on"],
                "description": _("Record here what a dated source says happened to a service before the portal's "
                                 "record of it began: coverage on past days counts it from the day it happened.")}),
        (_("From that day"), {"fields": ["status", "kind", "areas"],
                              "description": _("Leave these empty if the service stopped.")}),
        (_("Source"), {"fields": ["source_citation", "source_url", "source_date"]}),
    ]

    def scoped(self, request, queryset):
        """A record of the steward's own services, none of whose areas lies outside their regions.

        Its areas are the service's coverage on past days: a regional steward's form offers only
        their own authorities, so saving a record that also names another region's would drop them.
        """
        records = queryset.filter(service__in=services_editable_by(user=request.user, services=Service.objects.all()))
        if is_national(request.user):
            return records
        return records.exclude(areas__in=authorities_outside(user=request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "service":
            kwargs["queryset"] = services_editable_by(user=request.user, services=Service.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            kwargs["queryset"] = steward_authorities(user=request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        record = form.instance
        if record.event == PastProvision.Event.STOPPED:
            record.areas.clear()  # a service that stopped covers nowhere from that day
        areas = list(record.areas.all())
        write_version(record, areas=areas, user=request.user)

    def delete_model(self, request, obj):
        if obj.version_id:
            obj.version.delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            self.delete_model(request, record)
