from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from .models import LiveBirths, LocalAuthority, NeedParameters, Postcode, Region


@admin.register(Region)
class RegionAdmin(LeafletGeoAdmin):
    list_display = ["name_en", "name_cy", "health_board_en", "health_board_code"]
    search_fields = ["name_en", "name_cy", "health_board_en", "health_board_code"]
    prepopulated_fields = {"slug": ["name_en"]}
    # The boundary is always the union of the authorities, so it is shown, not edited.
    readonly_fields = ["boundary"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(LeafletGeoAdmin):
    list_display = ["name_en", "name_cy", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name_en", "name_cy", "code"]
    list_select_related = ["region"]


@admin.register(LiveBirths)
class LiveBirthsAdmin(admin.ModelAdmin):
    list_display = ["area_name", "area_code", "year", "births", "source"]
    list_filter = ["year", "source"]
    search_fields = ["area_name", "area_code"]


@admin.register(NeedParameters)
class NeedParametersAdmin(admin.ModelAdmin):
    list_display = ["__str__", "region", "prevalence", "cohort_years"]
    list_select_related = ["region"]


@admin.register(Postcode)
class PostcodeAdmin(LeafletGeoAdmin):
    list_display = ["postcode", "area_code"]
    search_fields = ["postcode"]
    show_full_result_count = False
