"""The recommendations and their evidence in the admin: national data stewards (and superusers) change them.

Both admins are NationalAdmin (services/admin/base.py): a regional steward, even one
given these models' permissions, changes nothing here; the roles migration gives
the permissions to the national group only.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from services.admin.base import NationalAdmin
from services.admin.conflicts import VersionedModelForm

from .decisions import status_decide
from .models import Evidence, Recommendation
from .selectors import recommendation_list_stranded


def _numbers(recommendations) -> str:
    return ", ".join(str(r.number) for r in recommendations)


class RecommendationForm(VersionedModelForm):
    class Meta:
        model = Recommendation
        fields = ["number", "title_en", "title_cy", "summary_en", "summary_cy", "status"]


@admin.register(Recommendation)
class RecommendationAdmin(NationalAdmin):
    form = RecommendationForm
    list_display = ["number", "title_en", "status", "status_decided_at", "status_decided_as"]
    list_filter = ["status"]
    readonly_fields = ["decision", "evidence_entries"]
    fieldsets = [(None, {"fields": ["number", "title_en", "title_cy", "summary_en", "summary_cy", "status",
                                    "decision", "evidence_entries"]})]

    def get_readonly_fields(self, request, obj=None):
        # The nine are the paper's: their numbers stay as the paper gives them.
        return [*self.readonly_fields, "number"] if obj is not None else self.readonly_fields

    @admin.display(description=gettext_lazy("status decided"))
    def decision(self, obj: Recommendation) -> str:
        if obj is None or obj.status_decided_at is None:
            return "-"
        who = obj.get_status_decided_as_display()
        if obj.status_decided_by is not None:
            who = f"{who} ({obj.status_decided_by.get_username()})"
        return f"{who}, {date_format(localtime(obj.status_decided_at), 'j F Y H:i')}"

    @admin.display(description=gettext_lazy("evidence"))
    def evidence_entries(self, obj: Recommendation) -> str:
        entries = obj.evidence.newest_first() if obj is not None and obj.pk else []
        if not entries:
            return _("None yet. Add an entry under “Evidence on the recommendations”, ticking this recommendation.")
        return format_html("<ul>{}</ul>", format_html_join(
            "", '<li><a href="{}">{}</a></li>',
            ((reverse("admin:recommendations_evidence_change", args=[e.pk]), str(e)) for e in entries)))

    def save_model(self, request, obj, form, change):
        if not change or "status" in form.changed_data:
            status_decide(recommendation=obj, user=request.user)
        else:
            super().save_model(request, obj, form, change)


class EvidenceForm(VersionedModelForm):
    class Meta:
        model = Evidence
        fields = ["happened_on", "precision", "summary_en", "summary_cy", "is_background", "source_url",
                  "source_title", "publisher", "recommendations", "region"]
        widgets = {"recommendations": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and "recommendations" in cleaned:
            keeping = tuple(r.pk for r in cleaned["recommendations"])
            stranded = recommendation_list_stranded(evidence_pks=[self.instance.pk], keeping=keeping)
            if stranded:
                self.add_error("recommendations", _(
                    "This is the only evidence for recommendation %(numbers)s, whose status is above “no evidence "
                    "recorded”. Keep it ticked, or set that status back first.") % {"numbers": _numbers(stranded)})
        return cleaned


@admin.register(Evidence)
class EvidenceAdmin(NationalAdmin):
    form = EvidenceForm
    list_display = ["date_text", "summary_en", "bears_on", "region", "is_background"]
    list_filter = ["recommendations", "region", "is_background"]
    search_fields = ["summary_en", "summary_cy", "source_title", "publisher"]
    fieldsets = [(None, {"fields": EvidenceForm.Meta.fields})]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region").defer("region__boundary").prefetch_related(
            "recommendations")

    @admin.display(description=gettext_lazy("date"), ordering="happened_on")
    def date_text(self, obj: Evidence) -> str:
        return obj.date_text

    @admin.display(description=gettext_lazy("recommendations"))
    def bears_on(self, obj: Evidence) -> str:
        return _numbers(obj.recommendations.all())

    def get_deleted_objects(self, objs, request):
        """Refuse to delete the last evidence of a recommendation whose status needs it, saying which and why."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        stranded = recommendation_list_stranded(evidence_pks=[o.pk for o in objs])
        protected = [*protected, *(
            _("Recommendation %(number)s: its status (%(status)s) would be left with no evidence. Set it back to "
              "“no evidence recorded” first.") % {"number": r.number, "status": r.get_status_display()}
            for r in stranded)]
        return deleted, counts, perms_needed, protected
