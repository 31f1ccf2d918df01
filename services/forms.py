import hashlib

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.models import ModelChoiceIterator
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pirs_portal.bilingual import pick
from pirs_portal.datacache import cached

from .finder import AGE_MAX_MONTHS
from .models import Service


class ErrorSummaryMixin:
    """List a form's errors for a summary at the top of the page, each linking to its field."""

    def error_links(self) -> list[tuple[str, str]]:
        links = []
        first = next(iter(self.fields))
        for error in self.non_field_errors():
            links.append((self[first].auto_id, error))
        for name in self.fields:
            bound = self[name]
            # A group of radio buttons has no single input: link to the first.
            target = bound.auto_id if bound.id_for_label else f"{bound.auto_id}_0"
            links.extend((target, error) for error in bound.errors)
        return links


class _WithoutNul:
    """Never echo a null character back into the page, whatever the field made of it."""

    def prepare_value(self, value):
        value = super().prepare_value(value)
        return value.replace("\x00", "") if isinstance(value, str) else value


class _TextField(_WithoutNul, forms.CharField):
    """A text box that refuses null characters in the page's language and never echoes them back."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        message = _("This box holds a null character, which no keyboard types. Remove it and try again.")
        self.validators = [
            ProhibitNullCharactersValidator(message=message) if isinstance(v, ProhibitNullCharactersValidator) else v
            for v in self.validators
        ]


class _WholeNumberField(_WithoutNul, forms.IntegerField):
    """A whole number typed in a text box."""


class _StoredRows(ModelChoiceIterator):
    """A model field's choices from its rows as read once per data version, not by a query on every page.

    Django's iterator reads the queryset afresh each time the list is drawn: every
    finder results page and directory page did, 400 rows at the benchmark's scale.
    The choices themselves (value and label) are kept per language.
    """

    def _key(self) -> str:
        # The SQL says exactly which rows, in which order (0.4 ms); hashed, as a cache key may hold no spaces.
        sql = f"{self.queryset.model._meta.label} {self.queryset.query}"
        return "choices:" + hashlib.sha256(sql.encode()).hexdigest()[:32]

    def _rows(self, key: str) -> list:
        queryset = self.queryset
        return cached(key, lambda: list(queryset))

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = self._key()
        yield from cached(f"{key}:{self.field.to_field_name}:{get_language()}",
                          lambda: [self.choice(obj) for obj in self._rows(key)])

    def __len__(self) -> int:
        return len(self._rows(self._key())) + (self.field.empty_label is not None)


class _OnePassSelect(forms.Select):
    """A drop-down list whose options are written in one pass, with the same HTML as Django's own.

    Django draws each option through a template of its own: 150 ms a page for the
    finder's list of 400 areas in the benchmark's synthetic data, against about
    1 ms here. Only the options differ; the select element keeps Django's attributes.
    """

    template_name = "services/widgets/select.html"

    def get_context(self, name, value, attrs) -> dict:
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = set(context["widget"]["value"])
        selected = mark_safe(" selected")
        context["widget"]["options"] = format_html_join(
            "", '<option value="{}"{}>{}</option>',
            ((str(key), selected if str(key) in chosen else "", label) for key, label in self.choices),
        )
        return context


class _NamedChoiceField(forms.ModelChoiceField):
    """A choice of a bilingual model, labelled in the active language."""

    iterator = _StoredRows
    widget = _OnePassSelect

    def label_from_instance(self, obj) -> str:
        return pick(obj, "name")


PREGNANT, BORN = "pregnant", "born"
AGE_ERRORS = {
    "invalid": _("Enter the age as a whole number of months, such as 5."),
    "min_value": _("Enter an age from 0 to 216 months. A baby under one month old is 0."),
    "max_value": _("Enter an age from 0 to 216 months (18 years)."),
}


def _filter_of_choices(*, label: str, choices: list[tuple[str, str]], any_label: str, invalid: str):
    """An optional filter over fixed choices, with an 'any' option first."""
    return forms.ChoiceField(
        label=label, required=False, choices=[("", any_label), *choices],
        error_messages={"invalid_choice": invalid},
    )


def _filter_of_model(*, label: str, key: str, any_label: str, invalid: str) -> _NamedChoiceField:
    """An optional filter over a model's rows, chosen by ``key``; the form sets the queryset."""
    return _NamedChoiceField(
        label=label, queryset=None, required=False, to_field_name=key, empty_label=any_label,
        error_messages={"invalid_choice": invalid},
    )


class DirectoryForm(ErrorSummaryMixin, forms.Form):
    """The directory's filters, every one optional."""

    q = _TextField(label=_("Search names and summaries"), required=False, max_length=200)
    region = _filter_of_model(
        label=_("Region"), key="slug", any_label=_("Any region"),
        invalid=_("There is no such region. Choose one from the list."),
    )
    authority = _filter_of_model(
        label=_("Local authority"), key="code", any_label=_("Any local authority"),
        invalid=_("There is no such local authority. Choose one from the list."),
    )
    setting = _filter_of_choices(
        label=_("Setting"), choices=Service.Setting.choices, any_label=_("Any setting"),
        invalid=_("There is no such setting. Choose one from the list."),
    )
    kind = _filter_of_choices(
        label=_("Kind of service"), choices=Service.Kind.choices, any_label=_("Any kind"),
        invalid=_("There is no such kind of service. Choose one from the list."),
    )
    status = _filter_of_choices(
        label=_("Status"), choices=Service.Status.choices, any_label=_("Any status"),
        invalid=_("There is no such status. Choose one from the list."),
    )
    intervention = _filter_of_model(
        label=_("Intervention"), key="slug", any_label=_("Any intervention"),
        invalid=_("There is no such intervention. Choose one from the list."),
    )
    age = _TextField(
        label=_("Age"), required=False, max_length=20,
        help_text=_("The child’s age in months, from 0 to 216, or “pregnancy”."),
        widget=forms.TextInput(attrs={"class": "input-age"}),
        error_messages={"max_length": AGE_ERRORS["invalid"]},
    )

    def __init__(self, *args, regions, authorities, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["authority"].queryset = authorities
        self.fields["intervention"].queryset = interventions

    def clean_age(self) -> str | int | None:
        raw = self.cleaned_data["age"].strip().lower()
        if not raw:
            return None
        if raw in {"pregnancy", "pregnant", str(_("pregnancy")).lower()}:
            return PREGNANT
        if not (raw.isascii() and raw.isdigit()):
            raise forms.ValidationError(
                _("Enter the age as a whole number of months, such as 5, or “pregnancy”.")
            )
        months = int(raw)
        if months > AGE_MAX_MONTHS:
            raise forms.ValidationError(AGE_ERRORS["max_value"])
        return months

    def filters(self) -> dict:
        """Return the valid filters as keyword arguments for the directory selector; drop invalid ones."""
        data = getattr(self, "cleaned_data", {})
        age = data.get("age")
        return {
            "q": data.get("q", ""),
            "region": data.get("region"),
            "local_authority": data.get("authority"),
            "setting": data.get("setting", ""),
            "kind": data.get("kind", ""),
            "status": data.get("status", ""),
            "intervention": data.get("intervention"),
            "pregnant": age == PREGNANT,
            "age_months": age if isinstance(age, int) else None,
        }
