"""The stewards' queue of suggested updates, and the edit pages (a service's, a route's) that accept one.

A steward sees and decides only the suggestions about services they may change
(selectors.suggestions_editable_by); suggestions about a route open to every family go
to national stewards, who alone change routes. To accept one they open the service's or
the route's own edit page from it; saving that page records "Suggestion N accepted" in
its history and marks the suggestion accepted by them, in one transaction. To reject one
they give the reason. The directory's admins here are its own with that step added,
registered in their place, so that the directory never imports this app.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from services.admin.directory import RoutePointerInline, ServiceAdmin, UniversalRouteAdmin
from services.finder import route_result_url
from services.models import Service
from services.routes import UniversalRoute

from .decisions import history_reason, suggestion_accept, suggestion_reject
from .models import Suggestion
from .selectors import suggestions_editable_by

ACCEPT_PARAM = "suggestion"  # on the service's edit page: the suggestion its save accepts
REJECT = "_reject"  # the name of the rejecting button


class DecisionFilter(admin.SimpleListFilter):
    """The queue opens on the suggestions still waiting."""

    title = _("decision")
    parameter_name = "decision"

    def lookups(self, request, model_admin):
        return [("all", _("All")), *Suggestion.Status.choices]

    def choices(self, changelist):
        current = self.value() or Suggestion.Status.PENDING
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}

    def queryset(self, request, queryset):
        value = self.value() or Suggestion.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


class DecisionForm(forms.ModelForm):
    """The one thing a steward writes on a suggestion: the reason, when they reject it."""

    class Meta:
        model = Suggestion
        fields = ["rejection_reason"]
        help_texts = {"rejection_reason": _(
            "Needed to reject: why the suggestion is not right, or could not be confirmed. It is kept with the "
            "suggestion, and never published.")}

    def clean(self):
        cleaned = super().clean()
        if REJECT not in self.data:
            raise forms.ValidationError(_(
                "Decide with one of the buttons below: accept the suggestion by editing the service or route, "
                "or give a reason and reject it."))
        if not cleaned.get("rejection_reason", "").strip():
            self.add_error("rejection_reason", _("Give the reason for rejecting this suggestion."))
        return cleaned


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    form = DecisionForm
    change_form_template = "suggestions/admin/suggestion_change_form.html"
    list_display = ["__str__", "about", "sent_at", "status", "decided_at"]
    list_filter = [DecisionFilter]
    list_select_related = ["service", "route", "local_authority"]
    actions = ["reject_as_not_a_correction"]
    search_fields = ["service__name_en", "route__name_en", "local_authority__name_en", "what_is_wrong",
                     "correct_information"]
    date_hierarchy = "sent_at"
    fieldsets = [
        (None, {"fields": ["about_shown", "sent_at", "language"]}),
        (_("The suggestion"),
         {"fields": ["what_is_wrong", "correct_information", "source", "source_url_text"]}),
        (_("Who sent it, for a question or a reply"), {"fields": ["contact"]}),
        (_("Decision"), {"fields": ["status", "decided_by", "decided_at", "rejection_reason", "in_history"]}),
    ]
    SHOWN = ["about_shown", "sent_at", "language", "what_is_wrong", "correct_information", "source",
             "source_url_text", "contact", "status", "decided_by", "decided_at", "in_history"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("service", "route", "local_authority", "decided_by")
        return suggestions_editable_by(user=request.user, suggestions=queryset)

    def _in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request):
        return False  # suggestions come from the public form only

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        """Deciding is changing: only a waiting suggestion, about a service this user may change."""
        return (super().has_change_permission(request, obj) and self._in_scope(request, obj)
                and (obj is None or obj.is_pending))

    def has_delete_permission(self, request, obj=None):
        # A decision is a record of why a page changed: only a superuser removes one (a flood of junk, say).
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    @admin.action(permissions=["change"],
                  description=_("Reject the chosen waiting suggestions: none of them is a correction (junk or empty)"))
    def reject_as_not_a_correction(self, request, queryset):
        """A flood of junk is rejected in one go, with one reason, by whoever may decide each suggestion."""
        reason = gettext("Not a correction: rejected with others from the list.")
        waiting = queryset.filter(status=Suggestion.Status.PENDING)  # the queryset is this user's scope already
        rejected = sum(suggestion_reject(suggestion=s, user=request.user, reason=reason) for s in waiting)
        self.message_user(request, ngettext("%(count)d suggestion rejected.", "%(count)d suggestions rejected.",
                                            rejected) % {"count": rejected})

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and self.has_change_permission(request, obj):
            return self.SHOWN
        return [*self.SHOWN, "rejection_reason"]

    @admin.display(description=_("about"))
    def about(self, suggestion: Suggestion) -> str:
        if suggestion.service is not None:
            return suggestion.service.name_en
        if suggestion.route is not None:
            area = (suggestion.local_authority.name_en if suggestion.local_authority
                    else gettext("an area deleted since"))
            return gettext("%(route)s in %(area)s") % {"route": suggestion.route.name_en, "area": area}
        if suggestion.about_name:
            return gettext("%(name)s (deleted since: restoring it from its history links this suggestion again)") % {
                "name": suggestion.about_name}
        return gettext("A service or route deleted since")

    @admin.display(description=_("about"))
    def about_shown(self, suggestion: Suggestion) -> str:
        """What the suggestion is about, linked to the public page it would change."""
        if suggestion.service is not None:
            page = reverse("services:service", args=[suggestion.service.slug])
        elif suggestion.route is not None and suggestion.local_authority is not None:
            page = route_result_url(route=suggestion.route, code=suggestion.local_authority.code)
        else:
            return self.about(suggestion)
        return format_html('<a href="{}">{}</a>', page, self.about(suggestion))

    @admin.display(description=_("web page"))
    def source_url_text(self, suggestion: Suggestion) -> str:
        # As text, not a link: it came from anyone, and a steward should read it before opening it.
        return suggestion.source_url or "–"

    @admin.display(description=_("name and email address"))
    def contact(self, suggestion: Suggestion) -> str:
        if suggestion.contact_forgotten_at is not None:
            return gettext("Deleted on %(date)s, 90 days after the decision.") % {
                "date": suggestion.contact_forgotten_at.date().isoformat()}
        given = [value for value in (suggestion.name, suggestion.email) if value]
        return ", ".join(given) or gettext("None given")

    @staticmethod
    def _record(suggestion: Suggestion):
        """The record accepting the suggestion changes: its service, or its route (None if deleted since)."""
        return suggestion.service or suggestion.route

    @admin.display(description=_("in the history"))
    def in_history(self, suggestion: Suggestion) -> str:
        record = self._record(suggestion)
        if suggestion.status != Suggestion.Status.ACCEPTED or record is None:
            return "–"
        history = reverse(f"admin:services_{record._meta.model_name}_history", args=[record.pk])
        return format_html('<a href="{}">{}</a>', history, history_reason(suggestion))

    def accept_url(self, request, suggestion: Suggestion) -> str:
        """The service's or route's edit page, set to accept this suggestion on save; empty if this user may not."""
        record = self._record(suggestion)
        record_admin = self.admin_site._registry.get(type(record)) if record is not None else None
        if record_admin is None or not self.has_change_permission(request, suggestion):
            return ""
        if not record_admin.has_change_permission(request, record):
            return ""
        return reverse(f"admin:services_{record._meta.model_name}_change", args=[record.pk]) + \
            f"?{ACCEPT_PARAM}={suggestion.pk}"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["can_decide"] = self.has_change_permission(request, obj)
            context["accept_url"] = self.accept_url(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A decision sent for a suggestion decided meanwhile (a second tab, a double click) is answered, not refused."""
        if request.method == "POST" and object_id:
            suggestion = self.get_object(request, unquote(object_id))
            if (suggestion is not None and suggestion.status != Suggestion.Status.PENDING
                    and self.has_view_permission(request, suggestion)):
                message = gettext("%(suggestion)s had already been decided; nothing was changed.")
                self.message_user(request, message % {"suggestion": suggestion}, messages.WARNING)
                return HttpResponseRedirect(reverse("admin:suggestions_suggestion_change", args=[suggestion.pk]))
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if REJECT in request.POST:
            request.pirs_rejected = suggestion_reject(
                suggestion=obj, user=request.user, reason=form.cleaned_data["rejection_reason"])

    def response_change(self, request, obj):
        if not hasattr(request, "pirs_rejected"):
            return super().response_change(request, obj)
        if request.pirs_rejected:
            self.message_user(request, gettext("%(suggestion)s rejected.") % {"suggestion": obj})
        else:
            message = gettext("%(suggestion)s had already been decided by someone else; nothing was changed.")
            self.message_user(request, message % {"suggestion": obj}, messages.WARNING)
        return HttpResponseRedirect(reverse("admin:suggestions_suggestion_changelist"))


class AcceptsSuggestions:
    """An edit page that shows a suggestion beside the form and records it on save: a service's, or a route's.

    The suggestion is accepted only by a save that changes something, in the admin's transaction; the
    history rows that save writes (the record's, and those of the rows below it) then carry its number.
    """

    change_form_template = "suggestions/admin/record_change_form.html"
    suggestion_field = ""  # the suggestion's field that names this admin's record

    def suggestion_to_accept(self, request, record) -> Suggestion | None:
        """The waiting suggestion about this record that the address names, if this user may decide it."""
        number = _suggestion_number(request)
        if record is None or record.pk is None or number is None:
            return None
        suggestion = Suggestion.objects.filter(pk=number, **{f"{self.suggestion_field}_id": record.pk}).first()
        queue = self.admin_site._registry.get(Suggestion)
        if suggestion is None or queue is None or not queue.has_change_permission(request, suggestion):
            return None
        return suggestion

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if ACCEPT_PARAM in request.GET and self.has_change_permission(request, obj):
            context["suggestion"] = self.suggestion_to_accept(request, obj)
            context["suggestion_refused"] = context["suggestion"] is None
            context["suggestion_number"] = request.GET.get(ACCEPT_PARAM, "")[:20]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        restoring = self.restoring(request, obj)
        super().save_model(request, obj, form, change)
        if restoring:
            # Deleting the record unlinked its suggestions; each kept the key of what it was about.
            relinked = Suggestion.objects.filter(service=None, route=None, about_key=Suggestion.key_of(obj)).update(
                **{self.suggestion_field: obj})
            if relinked:
                self.message_user(request, ngettext(
                    "%(count)d suggestion about it is linked to it again.",
                    "%(count)d suggestions about it are linked to it again.", relinked) % {"count": relinked})

    def save_related(self, request, form, formsets, change):
        # Rows deleted below lose their ids as they go: keep them, to find the history rows their deletion writes.
        deleted = [(type(row.instance), row.instance.pk) for formset in formsets for row in formset.deleted_forms
                   if row.instance.pk is not None]
        super().save_related(request, form, formsets, change)
        suggestion = self.suggestion_to_accept(request, form.instance) if change else None
        if suggestion is None:
            request.pirs_not_accepted = change and request.GET.get(ACCEPT_PARAM, "")[:20]
            return
        if not (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            request.pirs_nothing_changed = suggestion
        elif suggestion_accept(suggestion=suggestion, user=request.user):
            _history_reason_set(form.instance, formsets, deleted, reason=history_reason(suggestion))
            request.pirs_accepted = suggestion
        else:
            request.pirs_not_accepted = str(suggestion.pk)  # another steward decided it a moment before

    def response_change(self, request, obj):
        waiting = getattr(request, "pirs_nothing_changed", None)
        if waiting is not None:
            message = gettext("Nothing was changed, so %(suggestion)s is still waiting: make the change it asks "
                              "for and save, or go back to it and reject it with a reason.")
            self.message_user(request, message % {"suggestion": waiting}, messages.WARNING)
            return HttpResponseRedirect(request.get_full_path())
        accepted = getattr(request, "pirs_accepted", None)
        if accepted is None:
            if getattr(request, "pirs_not_accepted", ""):
                # Decided meanwhile (another tab, another steward), or never this record's: say so, not only "saved".
                message = gettext("The change is saved, but it did not accept suggestion %(number)s: it has been "
                                  "decided already, it is about another record, or it is not yours to decide.")
                self.message_user(request, message % {"number": request.pirs_not_accepted}, messages.WARNING)
            return super().response_change(request, obj)
        message = gettext("%(suggestion)s accepted: the change is saved, and the history records it.")
        self.message_user(request, message % {"suggestion": accepted})
        if "_continue" in request.POST:
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("admin:suggestions_suggestion_changelist"))


def _suggestion_number(request) -> int | None:
    """The suggestion an edit page was opened to accept (?suggestion=N), if the address names one."""
    raw = request.GET.get(ACCEPT_PARAM, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _history_reason_set(record, formsets, deleted, *, reason: str) -> None:
    """Give the history rows this save wrote, the record's and those of the rows added, changed or deleted below
    it, the reason (django-simple-history's history_change_reason)."""
    rows = [(type(record), record.pk)]
    for formset in formsets:
        rows += [(type(row), row.pk) for row in formset.new_objects]
        rows += [(type(row), row.pk) for row, _fields in formset.changed_objects]
    for model, pk in rows + deleted:
        if not hasattr(model, "history"):
            continue
        latest = model.history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date", "-history_id").first()
        if latest is not None:
            latest.history_change_reason = reason
            latest.save(update_fields=["history_change_reason"])


class ServiceAdminWithSuggestions(AcceptsSuggestions, ServiceAdmin):
    suggestion_field = "service"


class SuggestedPointerInline(RoutePointerInline):
    """The route's contacts, with one blank row for the suggestion's authority when the page accepts one."""

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if request.GET.get(ACCEPT_PARAM) else super().get_extra(request, obj, **kwargs)


class UniversalRouteAdminWithSuggestions(AcceptsSuggestions, UniversalRouteAdmin):
    suggestion_field = "route"
    inlines = [SuggestedPointerInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """The blank row starts with the suggestion's authority: on the page, and again when it is sent back, even
        if the suggestion was decided meanwhile, so that an untouched blank row still counts as unchanged."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        number = _suggestion_number(request)
        if obj is not None and number is not None:
            area = Suggestion.objects.filter(pk=number, route_id=obj.pk).values_list("local_authority_id",
                                                                                     flat=True).first()
            if area is not None:
                kwargs["initial"] = [{"local_authority": area}]
        return kwargs


admin.site.unregister(Service)
admin.site.register(Service, ServiceAdminWithSuggestions)
admin.site.unregister(UniversalRoute)
admin.site.register(UniversalRoute, UniversalRouteAdminWithSuggestions)
