"""The public form: what is wrong, the correct information and its source, and optional contact details.

Every bad answer gets a message that says how to put it right; nothing typed is ever
rendered as markup. A box no person sees (``homepage``) catches robots that fill in every box.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from services.forms import ErrorSummaryMixin

from .models import NAME_MAX, TEXT_MAX, URL_MAX, Suggestion

EMAIL_MAX = 254
HONEYPOT = "homepage"
EMAIL_INVALID = _("Enter an email address like name@example.org, or leave it empty.")
NUL_MESSAGE = _("This box holds a null character, which no keyboard types. Remove it and try again.")
SOURCE_MISSING = _("Choose where the correct information comes from: a web page, or your work for this service.")
URL_INVALID = _("Enter the web page’s address in full, starting with https://, such as "
                "https://www.example.org/referrals.")
URL_MISSING = _("Enter the address of the web page the information comes from, or choose "
                "‘I work for this service’.")


def _text_box(*, label, help_text="", required: bool, max_length: int, too_long, missing=None, rows: int = 0,
              **attrs) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    messages = {"max_length": too_long, **({"required": missing} if missing else {})}
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=max_length,
                           widget=widget, error_messages=messages)


class SuggestionForm(ErrorSummaryMixin, forms.Form):
    """A suggested update to one service, from anyone, with no account."""

    what_is_wrong = _text_box(
        label=_("What is wrong or missing?"),
        help_text=_("For example: the page does not say how to refer, or the phone number has changed."),
        required=True, max_length=TEXT_MAX, rows=4,
        missing=_("Say what is wrong or missing."),
        too_long=_("Say what is wrong in 2,000 characters or fewer: you wrote %(show_value)d."),
    )
    correct_information = _text_box(
        label=_("What is the correct information?"),
        help_text=_("For example: who can refer, how (a form, a phone call or an email), the contact details "
                    "and the referral criteria. Do not give any details of a family."),
        required=True, max_length=TEXT_MAX, rows=6,
        missing=_("Give the correct information."),
        too_long=_("Give the correct information in 2,000 characters or fewer: you wrote %(show_value)d."),
    )
    source = forms.ChoiceField(
        label=_("Where does the correct information come from?"),
        choices=Suggestion.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": SOURCE_MISSING, "invalid_choice": SOURCE_MISSING},
    )
    source_url = _text_box(
        label=_("The web page’s address"),
        help_text=_("If the information is on a web page, for example https://www.example.org/referrals."),
        required=False, max_length=URL_MAX, autocomplete="url", spellcheck="false", inputmode="url",
        too_long=_("Enter a web address of 500 characters or fewer."),
    )
    name = _text_box(
        label=_("Your name (optional)"), required=False, max_length=NAME_MAX, autocomplete="name",
        too_long=_("Enter a name of 100 characters or fewer, or leave it empty."),
    )
    email = _text_box(
        label=_("Your email address (optional)"),
        help_text=_("Only if you are happy for a data steward to write to you about this suggestion."),
        required=False, max_length=EMAIL_MAX, autocomplete="email", spellcheck="false", inputmode="email",
        too_long=_("An email address has at most 254 characters. Check it, or leave it empty."),
    )
    # The trap: hidden from people (and from screen readers), left empty by them, filled in by robots.
    homepage = forms.CharField(label=_("Leave this box empty"), required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                ProhibitNullCharactersValidator(message=NUL_MESSAGE)
                if isinstance(v, ProhibitNullCharactersValidator) else v for v in field.validators
            ]
            # A long paste is reported with its length rather than cut short by the browser without a word.
            field.widget.attrs.pop("maxlength", None)

    def is_robot(self) -> bool:
        """Say whether the box no person sees was filled in."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_source_url(self) -> str:
        address = self.cleaned_data["source_url"]
        if address:
            try:
                URLValidator(schemes=["http", "https"])(address)
            except forms.ValidationError:
                raise forms.ValidationError(URL_INVALID, code="invalid") from None
        return address

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email:
            try:
                forms.EmailField().clean(email)
            except forms.ValidationError:
                raise forms.ValidationError(EMAIL_INVALID, code="invalid") from None
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("source") == Suggestion.Source.WEB_PAGE and not cleaned.get("source_url") \
                and "source_url" not in self.errors:
            self.add_error("source_url", forms.ValidationError(URL_MISSING, code="required"))
        return cleaned

    def suggestion_fields(self) -> dict[str, str]:
        """The answers to store, without the trap."""
        return {name: self.cleaned_data[name] for name in
                ("what_is_wrong", "correct_information", "source", "source_url", "name", "email")}
