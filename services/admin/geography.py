"""Geography and the figures behind need, in the stewards' admin.

Regions, authorities and postcodes are national records. Births and need
parameters are tied to regions: a regional steward keeps their own.
"""

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdminMixin
from leaflet.forms.widgets import LeafletWidget

from regions.geometry import BoundaryRefused, boundary_repair
from regions.importers import region_boundaries_refresh
from regions.models import LiveBirths, LocalAuthority, NeedParameters, Postcode, Region

from ..stewardship import (
    births_editable_by,
    is_national,
    need_parameters_editable_by,
    steward_authorities,
    steward_regions,
)
from .base import NationalAdmin, RegionScopedAdmin
from .births_upload import births_upload_view
from .conflicts import VersionedModelForm


class MapAdminMixin(LeafletGeoAdminMixin):
    """django-leaflet's map widget, its script allowed by this response's CSP nonce."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, LeafletWidget):
            field.widget.csp_nonce = str(request.csp_nonce)
        return field


@admin.register(Region)
class RegionAdmin(MapAdminMixin, NationalAdmin):
    list_display = ["name_en", "name_cy", "health_board_en", "health_board_code"]
    search_fields = ["name_en", "name_cy", "health_board_en", "health_board_code"]
    prepopulated_fields = {"slug": ["name_en"]}
    # The boundary is always the union of the authorities, so it is shown, not edited.
    readonly_fields = ["boundary"]


class LocalAuthorityForm(VersionedModelForm):
    """An authority, whose boundary is repaired as the importers repair one, or refused."""

    def clean_boundary(self):
        boundary = self.cleaned_data.get("boundary")
        if boundary is None:
            return boundary
        try:
            repaired, _note = boundary_repair(boundary)
        except BoundaryRefused as refused:
            raise forms.ValidationError(_("This boundary cannot be stored: %(reason)s.") % {"reason": refused})
        return repaired


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(MapAdminMixin, NationalAdmin):
    form = LocalAuthorityForm
    list_display = ["name_en", "name_cy", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name_en", "name_cy", "code"]
    list_select_related = ["region"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # In the same transaction: a region's boundary is always the union of its authorities'.
        region_boundaries_refresh()


@admin.register(LiveBirths)
class LiveBirthsAdmin(RegionScopedAdmin):
    list_display = ["area_name", "area_code", "year", "births", "source"]
    list_filter = ["year", "source"]
    search_fields = ["area_name", "area_code"]

    def scoped(self, request, queryset):
        return births_editable_by(user=request.user, births=queryset)

    def get_urls(self):
        upload = self.admin_site.admin_view(partial(births_upload_view, self))
        return [path("import/", upload, name="regions_livebirths_import"), *super().get_urls()]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if is_national(request.user):
            return form
        allowed = set(steward_authorities(user=request.user).values_list("code", flat=True))

        class OwnAuthoritiesForm(form):
            def clean_area_code(self):
                code = self.cleaned_data.get("area_code", "")
                if code not in allowed:
                    raise forms.ValidationError(_(
                        "You can record births only for the local authorities of your own regions: %(codes)s."
                    ) % {"codes": ", ".join(sorted(allowed)) or _("none")})
                return code

        return OwnAuthoritiesForm


@admin.register(NeedParameters)
class NeedParametersAdmin(RegionScopedAdmin):
    list_display = ["__str__", "region", "prevalence", "cohort_years"]
    list_select_related = ["region"]

    def scoped(self, request, queryset):
        return need_parameters_editable_by(user=request.user, parameters=queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and not is_national(request.user):
            kwargs["queryset"] = steward_regions(user=request.user)
            # A regional steward sets their region's own figures; the default for Wales is national.
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Postcode)
class PostcodeAdmin(MapAdminMixin, NationalAdmin):
    object_history_template = "admin/object_history.html"  # no history of its own: Django's log of admin edits
    list_display = ["postcode", "area_code"]
    search_fields = ["postcode"]
    show_full_result_count = False
