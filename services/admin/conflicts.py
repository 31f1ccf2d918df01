"""Refuse a save made from a form opened before someone else's change, and say what that change was."""

import datetime
import re

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

VERSION_FIELD = "edit_version"
SHOWN_MAX = 80  # how much of a changed value the message repeats
ROWS_MAX = 1000  # more rows than any form shows: a larger count posted is not read


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


def _shown(model: type[models.Model], name: str, value) -> str:
    """A changed value as the steward knows it: a linked record by its name, a day as a date, long text cut."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if isinstance(field, models.ForeignKey) and value is not None:
        value = field.related_model._default_manager.filter(pk=getattr(value, "pk", value)).first() or value
    elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        value = date_format(value, "j F Y")
    text = "" if value is None else str(value)
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _last_changes(history, *, old, new) -> dict:
    """Each field changed from version old to version new: who changed it last, and its value in new."""
    versions = list(history.filter(history_date__gt=old.history_date, history_date__lte=new.history_date)
                    .order_by("history_date", "history_id"))
    last, before = {}, old
    for version in versions:
        for change in version.diff_against(before).changes:
            last[change.field] = version.history_user_id
        before = version
    return {change.field: (last.get(change.field), change.new) for change in new.diff_against(old).changes}


def conflict_message(*, model: type[models.Model], pk, opened: str, current: str, editor_id=None) -> str:
    """Say who changed the record since the form was opened, when, and which fields, with their new values."""
    history = model.history.filter(**{model._meta.pk.attname: pk})
    new = history.filter(history_id=current).first()
    old = history.filter(history_id=opened).first() if opened.isdigit() else None
    when = date_format(timezone.localtime(new.history_date), "j F Y H:i") if new else ""
    changes, yours = [], []
    if new is not None and old is not None:
        for field, (user_id, value) in _last_changes(history, old=old, new=new).items():
            label = _label(model, field)
            if isinstance(value, list):  # many-to-many: rows of ids, not worth repeating
                said = _("%(field)s changed") % {"field": label}
            else:
                said = _("%(field)s is now “%(value)s”") % {"field": label, "value": _shown(model, field, value)}
            # A field this editor changed last, in a save of their own in between, is not news to them.
            (yours if editor_id is not None and user_id == editor_id else changes).append(said)
    # Rows of the record (a service's facts and referral sources) keep a history of their own. A save writes
    # the record's version first and its rows a moment after, so the rows changed since the form was opened
    # are those from the first later version on, not those written just after the version it was opened at.
    first_later = (history.filter(history_date__gt=old.history_date).order_by("history_date").first()
                   if old is not None else None)
    if first_later is not None:
        for relation in model._meta.related_objects:
            rows = relation.related_model
            if not (relation.one_to_many and hasattr(rows, "history")):
                continue
            editors = set(rows.history.filter(**{relation.field.attname: pk,
                                                 "history_date__gte": first_later.history_date})
                          .values_list("history_user_id", flat=True))
            said = _("%(field)s changed") % {"field": rows._meta.verbose_name_plural}
            if editors - {editor_id} or editor_id is None:
                changes.append(said)
            elif editors:
                yours.append(said)
    # Only this editor saved since the form was opened: a second click, or another tab of theirs.
    since = history.filter(history_date__gt=old.history_date) if old is not None else history.filter(pk=current)
    own = new is not None and editor_id is not None and not since.exclude(history_user_id=editor_id).exists()
    if own:
        changes, yours = changes + yours, []
        opening = (_("You saved this record again after you opened this page (%(when)s), from another tab "
                     "or with a second click.") % {"when": when})
        detail = _("What that save changed: %(changes)s.")
    else:
        others = since.exclude(history_user_id=editor_id) if editor_id is not None else since
        names = {name for name in others.values_list("history_user__username", flat=True) if name}
        # A save made outside the admin (a command, the shell) has no user: "an unnamed user", never a guess.
        who = ", ".join(sorted(names))
        # When the other steward saved, not when this editor last did.
        latest = others.order_by("-history_date").values_list("history_date", flat=True).first()
        if latest is not None:
            when = date_format(timezone.localtime(latest), "j F Y H:i")
        opening = (_("Someone else saved this record after you opened this page (%(who)s, %(when)s).")
                   % {"who": who or _("an unnamed user"), "when": when})
        detail = _("What they changed: %(changes)s.")
    detail = detail % {"changes": "; ".join(changes)} if changes else ""
    if yours:
        detail = " ".join(part for part in (detail, _("Your own save in between changed: %(changes)s.") % {
            "changes": "; ".join(yours)}) if part)
    advice = _("Your changes have not been saved. They are still in the form below, and the fields you had "
               "not changed now show the record as it is: check yours against it, then save again to keep them.")
    return " ".join(part for part in (opening, detail, advice) if part)


def links_of(record, *, empty_too: bool = False) -> dict[str, list]:
    """The ids a history version's many-to-many fields held, by field name.

    A deletion's version holds no links: those of the version before it stand for it. Versions made before
    links were recorded hold none either, so an empty list is left out unless empty_too.
    """
    if record.history_type == "-" and record.prev_record is not None:
        record = record.prev_record
    model = record.instance_type
    linked = {
        f.name: list(getattr(record, f.name).values_list(f.m2m_reverse_field_name(), flat=True))
        for f in model._meta.many_to_many if hasattr(record, f.name)
    }
    return {name: pks for name, pks in linked.items() if pks or empty_too}


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
        was = forms.model_to_dict(record.instance, fields=names) | links_of(record, empty_too=True)
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


def rows_theirs_shown(data, *, model: type[models.Model], rows: type[models.Model], prefix: str):
    """An inline's posted rows as they should come back after a conflict: the other save's value in each field
    this form left as it was opened; a row the other save deleted dropped, or kept as a new row if this form
    changed it.

    The rows as the form was opened are their history before the next save of the record after the version
    the form carries (VERSION_FIELD): the admin saves a record, then its rows, in one transaction.
    """
    opened = data.get(VERSION_FIELD, "")
    record = model.history.filter(history_id=opened).first() if opened.isdigit() else None
    attname = model._meta.pk.attname
    later = record and model.history.filter(**{attname: getattr(record, attname)}).filter(
        history_date__gt=record.history_date).order_by("history_date").first()
    if not later or not hasattr(rows, "history"):
        return data
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", "0")), ROWS_MAX)
        initial = min(int(data.get(f"{prefix}-INITIAL_FORMS", "0")), total)
    except ValueError:
        return data  # the formset itself says the form is broken
    fields = [f for f in rows._meta.fields if not f.primary_key and not f.is_relation]
    kept, added = [], []
    for i in range(total):
        head = f"{prefix}-{i}-"
        form = {name[len(head):]: data.getlist(name) for name in data if name.startswith(head)}
        row_id = data.get(head + "id", "")
        was = rows.history.filter(id=row_id, history_date__lt=later.history_date).order_by(
            "-history_date").first() if i < initial and row_id.isdigit() else None
        if was is None or was.history_type == "-":
            (kept if i < initial else added).append(form)
            continue
        now = rows._default_manager.filter(pk=row_id).first()
        mine = set()
        for field in fields:
            formfield, old = field.formfield(), field.value_from_object(was.instance)
            if formfield is None:
                continue
            if formfield.has_changed(old, formfield.widget.value_from_datadict(data, {}, head + field.name)):
                mine.add(field.name)
            elif now is not None and field.value_from_object(now) != old:
                form[field.name] = _as_posted(field.value_from_object(now), formfield.widget)
        if now is not None:
            kept.append(form)
        elif mine:  # deleted by the other save, changed by this one: offered again as a new row
            added.append({key: values for key, values in form.items() if key not in ("id", "DELETE")})
    data = data.copy()
    for name in [name for name in data if re.match(rf"{re.escape(prefix)}-\d+-", name)]:
        del data[name]
    for i, form in enumerate(kept + added):
        for key, values in form.items():
            data.setlist(f"{prefix}-{i}-{key}", values)
    data[f"{prefix}-TOTAL_FORMS"], data[f"{prefix}-INITIAL_FORMS"] = str(len(kept) + len(added)), str(len(kept))
    return data
