"""The two kinds of steward admin: records for all of Wales, and records with a regional scope.

Both check the record, not only the model permission, in every view Django's
admin and django-simple-history give: lists, change and delete pages, bulk
actions, autocomplete, history and revert. Both refuse a save made from a form
opened before someone else's change (see conflicts.py).
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from pirs_portal.adminfields import holds_id

from ..stewardship import is_national, steward_regions
from .conflicts import VERSION_FIELD, VersionedModelForm, links_of, rows_theirs_shown, version_of


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, answering 404 rather than 500 to a history address that is not a number."""

    def restoring(self, request, obj) -> bool:
        """Say whether this save brings back, from its history, a record deleted since."""
        return (getattr(request, "pirs_history_version", None) is not None
                and not self.model._default_manager.filter(pk=obj.pk).exists())

    def _check_ids(self, object_id, version_id=None) -> None:
        """Answer 404, not 500, to an address whose record or version number is not a number the table can hold."""
        try:
            pk = self.model._meta.pk.to_python(unquote(object_id))
            if not holds_id(self.model._meta.pk, pk) or version_id is not None and not 0 < int(version_id) < 2**63:
                raise ValueError(version_id)
        except (ValidationError, ValueError):
            raise Http404 from None

    def history_view(self, request, object_id, extra_context=None):
        if not hasattr(self.model, "history"):
            # A record with no history of its own (postcodes, rebuilt from their package): Django's log of admin edits.
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        self._check_ids(object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not hasattr(self.model, "history"):
            raise Http404
        self._check_ids(object_id, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class StewardAdmin(HistoryAdmin):
    """What every steward admin shares: the edit version on every form, row locks, and a guarded revert."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        using = router.db_for_write(self.model)
        if obj is not None and request.method == "POST" and transaction.get_connection(using).in_atomic_block:
            # Hold the row until this save commits, so a second save waits and then sees it (PostgreSQL;
            # SQLite's transactions already take the write lock as they begin).
            list(self.model._default_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
        return obj

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Show an old version to whoever may view the record; revert it only for whoever may change it now."""
        if not hasattr(self.model, "history"):
            raise Http404  # a record with no versions of its own (postcodes)
        self._check_ids(object_id, version_id)
        with transaction.atomic(using=router.db_for_write(self.model)):
            current = self.get_object(request, unquote(object_id))
            if current is None:
                # Deleted since: only a national role sees its versions and may restore one.
                if not (is_national(request.user) and self._deleted(object_id)):
                    raise PermissionDenied
                if request.method == "POST" and not self.has_add_permission(request):
                    raise PermissionDenied
            elif not self.has_view_permission(request, current):
                raise PermissionDenied
            elif request.method == "POST" and not self.has_change_permission(request, current):
                raise PermissionDenied
            request.pirs_history_version = version_id
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        # Who is editing: a conflict with their own earlier save (a second click) is not "someone else".
        form = type(self.model.__name__ + "Form", (super().get_form(request, obj, change, **kwargs),),
                    {"editor_id": request.user.pk})
        version = getattr(request, "pirs_history_version", None)
        if version is None:
            return form
        # The version's own areas and other links: the record's current ones (none, once it is deleted)
        # would otherwise be put back with the old fields.
        # Versions made before links were recorded (the seed's first) hold none: keep the current ones then.
        linked = links_of(self.model.history.get(history_id=version))

        class VersionForm(form):
            def __init__(self, *args, **kwargs):
                kwargs["initial"] = {**linked, **kwargs.get("initial", {})}
                super().__init__(*args, **kwargs)

        return VersionForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """After a conflict, the rows below the form also show the other save's values where this form kept the old."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs and obj is not None and obj.pk is not None and (
                kwargs["data"].get(VERSION_FIELD, "") != version_of(model=self.model, pk=obj.pk)):
            kwargs["data"] = rows_theirs_shown(kwargs["data"], model=self.model, rows=inline.model, prefix=prefix)
        return kwargs

    def save_model(self, request, obj, form, change):
        # A save with nothing changed writes nothing: no empty history entry, no "last changed" moved on, no
        # entry in the public list of changes. A revert or restore always saves the version chosen.
        if change and not form.has_changed() and getattr(request, "pirs_history_version", None) is None:
            request.pirs_unchanged = obj  # saved after all if a row below it changed: see save_related
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # A change to the rows below is a change to the record: its new version is what tells a steward
        # with an older form open that the record moved on (conflicts.py).
        unchanged = getattr(request, "pirs_unchanged", None)
        if unchanged is not None and any(formset.has_changed() for formset in formsets):
            super().save_model(request, unchanged, form, change)
        super().save_related(request, form, formsets, change)

    def _deleted(self, object_id) -> bool:
        """Say whether the record existed once and is gone now."""
        pk = self.model._meta.pk.to_python(unquote(object_id))
        return (not self.model._default_manager.filter(pk=pk).exists()
                and self.model.history.filter(**{self.model._meta.pk.attname: pk}).exists())

    def revert_disabled(self, request, obj=None):
        current = self.model._default_manager.filter(pk=obj.pk).first() if obj is not None else None
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, current)


class NationalAdmin(StewardAdmin):
    """Records for all of Wales: anyone with view permission reads them, only national roles change them."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and is_national(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_national(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_national(request.user)


class RegionScopedAdmin(StewardAdmin):
    """Records tied to regions: a regional steward sees and changes only those of their own regions."""

    def scoped(self, request, queryset):
        """Keep the records this user may see and change."""
        raise NotImplementedError

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def _in_scope(self, request, obj) -> bool:
        if obj is None:
            return True
        current = self.model._default_manager.filter(pk=obj.pk)
        if not current.exists():
            return is_national(request.user)  # a deleted record: its history is for national roles
        return self.scoped(request, current).exists()

    def _has_role(self, request) -> bool:
        return is_national(request.user) or steward_regions(user=request.user).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._has_role(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._has_role(request) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._has_role(request) and self._in_scope(request, obj)

