from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin
from leaflet.forms.widgets import LeafletWidget
from simple_history.admin import SimpleHistoryAdmin

from .models import LiveBirths, LocalAuthority, NeedParameters, Postcode, Region


class MapAdmin(SimpleHistoryAdmin, LeafletGeoAdmin):
    """An admin with django-leaflet's map widget, its script allowed by this response's CSP nonce."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, LeafletWidget):
            field.widget.csp_nonce = str(request.csp_nonce)
        return field


@admin.register(Region)
class RegionAdmin(MapAdmin):
    list_display = ["name_en", "name_cy", "health_board_en", "health_board_code"]
    search_fields = ["name_en", "name_cy", "health_board_en", "health_board_code"]
    prepopulated_fields = {"slug": ["name_en"]}
    # The boundary is always the union of the authorities, so it is shown, not edited.
    readonly_fields = ["boundary"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(MapAdmin):
    list_display = ["name_en", "name_cy", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name_en", "name_cy", "code"]
    list_select_related = ["region"]


@admin.register(LiveBirths)
class LiveBirthsAdmin(SimpleHistoryAdmin):
    list_display = ["area_name", "area_code", "year", "births", "source"]
    list_filter = ["year", "source"]
    search_fields = ["area_name", "area_code"]


@admin.register(NeedParameters)
class NeedParametersAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "region", "prevalence", "cohort_years"]
    list_select_related = ["region"]


@admin.register(Postcode)
class PostcodeAdmin(MapAdmin):
    list_display = ["postcode", "area_code"]
    search_fields = ["postcode"]
    show_full_result_count = False
