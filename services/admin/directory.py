"""The directory in the admin: services, region notes and what they refer to."""

from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import (
    REVIEW_INTERVAL,
    Discipline,
    Intervention,
    PastProvision,
    Organisation,
    ReferralSource,
    RegionStatusNote,
    RoutePointer,
    Service,
    ServiceFact,
    Steward,
    UniversalRoute,
)
from ..stewardship import (
    REGIONAL_STEWARD,
    is_national,
    notes_editable_by,
    services_editable_by,
    steward_authorities,
    steward_regions,
)
from .base import HistoryAdmin, NationalAdmin, RegionScopedAdmin
from .conflicts import VersionedModelForm
from .rows_kept import RowsKeptAdmin


# DEWIS Cymru's rule: a record is stale six months after its last review.
class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("due", _("Not reviewed in 6 months")), ("current", _("Reviewed in the last 6 months"))]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - REVIEW_INTERVAL
        if self.value() == "due":
            return queryset.review_due(timezone.localdate())
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff)
        return queryset


class OwnedInline(admin.TabularInline):
    """Rows that belong to a record (``owner``): whoever may change the record may change them, and no one else."""

    extra = 0
    owner = Service

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.parent_admin().has_change_permission(request, obj) if obj else self.parent_admin().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.parent_admin().has_change_permission(request, obj)

    def parent_admin(self):
        return self.admin_site._registry[self.owner]


class SluggedNameAdmin(NationalAdmin):
    """A list kept by national stewards, found by name or slug; the slug is made from the English name."""

    list_display = ["name_en", "name_cy"]
    search_fields = ["name_en", "name_cy", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(Organisation)
class OrganisationAdmin(SluggedNameAdmin):
    list_display = [*SluggedNameAdmin.list_display, "kind"]
    list_filter = ["kind"]


@admin.register(Intervention)
class InterventionAdmin(SluggedNameAdmin):
    list_display = [*SluggedNameAdmin.list_display, "is_group"]
    list_filter = ["is_group"]


@admin.register(Discipline)
class DisciplineAdmin(SluggedNameAdmin):
    pass


class RoutePointerInline(OwnedInline):
    """Contacts and pointers for the route in a region or authority, each with the public page it comes from."""

    model = RoutePointer
    owner = UniversalRoute
    extra = 0
    fields = ["region", "local_authority", "kind", "value_en", "value_cy", "source_title", "source_url", "source_date"]
    verbose_name_plural = _("Contacts and pointers in particular areas, each from a public page")


@admin.register(UniversalRoute)
class UniversalRouteAdmin(RowsKeptAdmin, NationalAdmin):
    object_history_template = "admin/services/object_history_with_rows.html"
    rows_kept = rows_listed = (RoutePointer,)
    rows_owner = "route_id"
    rows_heading = _("Changes to its contacts and pointers")
    inlines = [RoutePointerInline]
    list_display = ["name_en", "name_cy", "provider", "from_pregnancy", "after_birth", "age_end_months", "order"]
    # No list_editable: a list's forms carry no edit version, so a stale list would silently undo a
    # newer change. A route's order is changed on its own page.
    search_fields = ["name_en", "name_cy", "description_en"]

    def rows_restored_message(self, count: int) -> str:
        return ngettext("%(count)d contact deleted with it is back too.",
                        "%(count)d contacts deleted with it are back too.", count) % {"count": count}


class ServiceAdminForm(VersionedModelForm):
    """The steward's form: a service must cover at least one authority."""

    def clean_areas(self):
        areas = self.cleaned_data.get("areas")
        if not areas:
            raise forms.ValidationError(
                _("Choose at least one local authority that this service covers. A service with no area cannot be found.")
            )
        return areas


class ServiceFactInline(OwnedInline):
    """The service's yes-or-no facts, each with its source: what no source states gets no row."""

    model = ServiceFact
    fields = ["key", "holds", "source", "source_url", "checked_on"]
    verbose_name_plural = _("Facts: its offers, the five key elements and who may refer, each with its source")


class ReferralSourceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Every referral detail the service gives needs a source: a contact no one can trace is not shown as fact."""
        super().clean()
        sourced = {
            form.cleaned_data.get("detail") for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        unsourced = [
            str(label) for key, label in ReferralSource.Detail.choices
            if key not in sourced and (getattr(self.instance, f"{key}_en", None) if key in ReferralSource.BILINGUAL
                                       else getattr(self.instance, key))
        ]
        if unsourced:
            raise forms.ValidationError(
                _("Give a source for each referral detail the service has: %(details)s.")
                % {"details": "; ".join(unsourced)})


class ReferralSourceInline(OwnedInline):
    """Where each referral detail (who may refer, method, phone, email, web page, criteria) comes from."""

    model = ReferralSource
    formset = ReferralSourceFormSet
    fields = ["detail", "source", "source_url", "checked_on"]
    verbose_name_plural = _("Sources of the referral details: one for each detail filled in above")


@admin.register(Service)
class ServiceAdmin(RowsKeptAdmin, RegionScopedAdmin):
    form = ServiceAdminForm
    object_history_template = "admin/services/object_history_with_rows.html"
    rows_kept = (ServiceFact, ReferralSource, PastProvision)
    rows_listed = (ServiceFact, ReferralSource)  # provision before the record began has a history of its own
    rows_owner = "service_id"
    rows_heading = _("Changes to its facts and referral sources")
    inlines = [ServiceFactInline, ReferralSourceInline]
    list_display = ["name_en", "organisation", "kind", "status", "is_published", "last_reviewed", "review_due",
                    "updated_at"]
    list_filter = [ReviewDueFilter, "is_published", "kind", "status", "setting", "areas__region", "organisation",
                   "last_reviewed"]
    search_fields = ["name_en", "name_cy", "summary_en", "organisation__name_en", "areas__name_en"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["areas", "interventions", "disciplines"]
    date_hierarchy = "last_reviewed"
    fieldsets = [
        (None, {"fields": ["name_en", "name_cy", "slug", "summary_en", "summary_cy", "organisation"]}),
        (_("Kind and place"), {"fields": ["setting", "kind", "status", "areas"]}),
        (_("Who it is for"), {"fields": ["age_start", "age_end_months", "eligibility_en", "eligibility_cy"]}),
        (_("Referral"), {"fields": ["referrers_en", "referrers_cy", "how_to_refer_en", "how_to_refer_cy"],
                          "description": _("Each detail given here, and each contact below, needs its source in "
                                           "the sources of the referral details at the foot of the page.")}),
        (_("Offer"), {"fields": ["workforce_offer_en", "workforce_offer_cy", "interventions", "disciplines"]}),
        (_("Capacity"), {"fields": ["capacity_families_per_year", "staff_wte"]}),
        (_("Contact details"), {"fields": ["phone", "email", "website", "address"]}),
        (_("Source and review"), {"fields": ["source_citation", "last_reviewed", "is_published"]}),
    ]

    @admin.display(boolean=True, description=_("review due"))
    def review_due(self, service: Service) -> bool:
        return service.last_reviewed < timezone.localdate() - REVIEW_INTERVAL

    def scoped(self, request, queryset):
        return services_editable_by(user=request.user, services=queryset)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "areas":
            kwargs["queryset"] = steward_authorities(user=request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def rows_restored_message(self, count: int) -> str:
        return ngettext(
            "%(count)d detail deleted with it is back too (a fact, a referral source or provision before "
            "the record began).",
            "%(count)d details deleted with it are back too (facts, referral sources and provision before "
            "the record began).", count) % {"count": count}


@admin.register(RegionStatusNote)
class RegionStatusNoteAdmin(RegionScopedAdmin):
    list_display = ["region", "last_reviewed"]
    search_fields = ["region__name_en", "text_en"]

    def scoped(self, request, queryset):
        return notes_editable_by(user=request.user, notes=queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and not is_national(request.user):
            kwargs["queryset"] = steward_regions(user=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Steward)
class StewardRecordAdmin(HistoryAdmin):
    """Only superusers appoint stewards: a steward must not widen their own regions.

    Saving a steward record also puts the user in the regional data steward group,
    which gives the model permissions their regions' records need.
    """

    list_display = ["user"]
    filter_horizontal = ["regions"]
    search_fields = ["user__username", "user__email"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def save_model(self, request, obj, form, change):
        if change and "user" in form.changed_data:
            _stewarding_end(Steward.objects.get(pk=obj.pk).user)
        super().save_model(request, obj, form, change)
        obj.user.groups.add(Group.objects.get(name=REGIONAL_STEWARD))
        if not obj.user.is_staff:
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _stewarding_end(obj.user)

    def delete_queryset(self, request, queryset):
        users = [steward.user for steward in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user in users:
            _stewarding_end(user)


def _stewarding_end(user) -> None:
    """Take a former regional steward out of the role, and out of the admin if no other role remains."""
    user.groups.remove(Group.objects.get(name=REGIONAL_STEWARD))
    if not user.is_superuser and not user.groups.exists() and not user.user_permissions.exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])

