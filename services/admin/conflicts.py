"""Refuse a save made from a form opened before someone else's change, and say what that change was."""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

VERSION_FIELD = "edit_version"
SHOWN_MAX = 80  # how much of a changed value the message repeats


def version_of(*, model: type[models.Model], pk) -> str:
    """The record's latest history entry, as a token: it changes with every save."""
    if pk is None or not hasattr(model, "history"):
        return ""
    latest = (
        model.history.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_date", "-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    return "" if latest is None else str(latest)


def _shown(value) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def conflict_message(*, model: type[models.Model], pk, opened: str, current: str, editor_id=None) -> str:
    """Say who changed the record since the form was opened, when, and which fields, with their new values."""
    history = model.history.filter(**{model._meta.pk.attname: pk})
    new = history.filter(history_id=current).select_related("history_user").first()
    old = history.filter(history_id=opened).first() if opened.isdigit() else None
    who = getattr(new.history_user, "username", "") if new else ""
    when = date_format(timezone.localtime(new.history_date), "j F Y H:i") if new else ""
    changes = []
    if new is not None and old is not None:
        for change in new.diff_against(old).changes:
            label = _label(model, change.field)
            if isinstance(change.new, list):  # many-to-many: rows of ids, not worth repeating
                changes.append(_("%(field)s changed") % {"field": label})
            else:
                changes.append(_("%(field)s is now “%(value)s”") % {"field": label, "value": _shown(change.new)})
    if new is not None and editor_id is not None and new.history_user_id == editor_id:
        opening = (_("You saved this record again after you opened this page (%(when)s), from another tab "
                     "or with a second click.") % {"when": when})
    else:
        opening = (_("Someone else saved this record after you opened this page (%(who)s, %(when)s).")
                   % {"who": who or _("an unnamed user"), "when": when})
    detail = (_("What they changed: %(changes)s.") % {"changes": "; ".join(changes)}) if changes else ""
    advice = _("Your changes have not been saved. They are still in the form below, and the fields you had "
               "not changed now show the record as it is: check yours against it, then save again to keep them.")
    return " ".join(part for part in (opening, detail, advice) if part)


def links_of(record) -> dict[str, list]:
    """The ids a history version's many-to-many fields held, by field name (none for a version without links)."""
    model = record.instance_type
    linked = {
        f.name: list(getattr(record, f.name).values_list(f.m2m_reverse_field_name(), flat=True))
        for f in model._meta.many_to_many if hasattr(record, f.name)
    }
    # Versions made before links were recorded (the seed's first) hold none.
    return {name: pks for name, pks in linked.items() if pks}


def _as_posted(value, widget) -> list[str]:
    """A field's value as a browser would post it."""
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    if isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    if hasattr(value, "ewkt"):
        return [value.ewkt]
    return [""] if value is None else [str(value)]


class VersionedModelForm(forms.ModelForm):
    """A steward's form that carries the version it was opened at, and refuses a save over a newer one."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)
    editor_id = None  # the admin sets who is editing (base.StewardAdmin.get_form)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].initial = version_of(model=self._meta.model, pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or self._state_is_new():
            return cleaned
        opened = self.data.get(VERSION_FIELD, "")
        current = version_of(model=self._meta.model, pk=self.instance.pk)
        if opened != current:
            # Shown again with the version as it is now, so a second save is a choice made knowingly.
            self.data = self.data.copy()
            self.data[VERSION_FIELD] = current
            self._theirs_shown(opened)
            raise forms.ValidationError(
                conflict_message(model=self._meta.model, pk=self.instance.pk, opened=opened, current=current,
                                 editor_id=self.editor_id),
                code="edit_conflict",
            )
        return cleaned

    def _theirs_shown(self, opened: str) -> None:
        """Show the other save's value in each field this form left as it was opened, so saving again keeps it."""
        model = self._meta.model
        record = model.history.filter(history_id=opened).first() if opened.isdigit() else None
        if record is None:
            return
        names = [name for name in self.fields if name != VERSION_FIELD
                 and not isinstance(self.fields[name].widget, forms.MultiWidget)]
        was = forms.model_to_dict(record.instance, fields=names) | links_of(record)
        now = forms.model_to_dict(self.instance, fields=names)  # the stored record: the form has not touched it
        for name in names:
            if name not in was or name not in now:
                continue
            field = self.fields[name]
            if field.has_changed(was[name], now[name]) and not field.has_changed(was[name], self[name].data):
                posted = _as_posted(now[name], field.widget)
                if hasattr(self.data, "setlist"):
                    self.data.setlist(self.add_prefix(name), posted)
                else:
                    self.data[self.add_prefix(name)] = posted[0] if len(posted) == 1 else posted

    def _state_is_new(self) -> bool:
        return self.instance._state.adding
