from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .forms import ServiceAdminForm
from .models import Discipline, Intervention, Organisation, RegionStatusNote, Service, UniversalRoute


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy", "kind"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_cy", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy", "is_group"]
    list_filter = ["is_group"]
    search_fields = ["name_en", "name_cy", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy"]
    search_fields = ["name_en", "name_cy", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    form = ServiceAdminForm
    list_display = ["name_en", "organisation", "kind", "status", "is_published", "last_reviewed"]
    list_filter = ["is_published", "kind", "status", "setting", "areas__region", "organisation", "last_reviewed"]
    search_fields = ["name_en", "name_cy", "summary_en", "organisation__name_en", "areas__name_en"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["areas", "interventions", "disciplines"]
    date_hierarchy = "last_reviewed"
    fieldsets = [
        (None, {"fields": ["name_en", "name_cy", "slug", "summary_en", "summary_cy", "organisation"]}),
        (_("Kind and place"), {"fields": ["setting", "kind", "status", "areas"]}),
        (_("Who it is for"), {"fields": ["age_start", "age_end_months", "eligibility_en", "eligibility_cy"]}),
        (_("Referral"), {"fields": ["referrers_en", "referrers_cy", "accepts_professional_referrals",
                                     "accepts_self_referrals", "how_to_refer_en", "how_to_refer_cy"]}),
        (_("Offer"), {"fields": ["offers_direct_therapy", "offers_consultation", "offers_training", "offers_supervision",
                                  "offers_reflective_practice", "workforce_offer_en", "workforce_offer_cy",
                                  "interventions", "disciplines"]}),
        (_("The five key elements"), {"fields": [field for field, _label in Service.KEY_ELEMENTS]}),
        (_("Capacity"), {"fields": ["capacity_families_per_year", "staff_wte"]}),
        (_("Contact details"), {"fields": ["phone", "email", "website", "address"]}),
        (_("Source and review"), {"fields": ["source_citation", "last_reviewed", "is_published"]}),
    ]


@admin.register(RegionStatusNote)
class RegionStatusNoteAdmin(admin.ModelAdmin):
    list_display = ["region", "last_reviewed"]
    search_fields = ["region__name_en", "text_en"]


@admin.register(UniversalRoute)
class UniversalRouteAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_cy", "from_pregnancy", "after_birth", "order"]
    list_editable = ["order"]
    search_fields = ["name_en", "name_cy", "description_en"]
