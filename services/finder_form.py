"""The finder's form: where the family lives, and whether the baby is on the way or how old the child is.

The age is asked as people know it: years and months, or a date of birth, which
is turned into months on the day of the search and kept nowhere. An age given
means the baby has been born; "expecting" is a choice of its own.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pirs_portal.ages import age_phrase
from regions.models import LocalAuthority
from regions.postcodes import Outcome, postcode_lookup

from .finder import AGE_MAX_MONTHS, postcode_problem
from .finder_age import (
    BIRTH_NOT_REAL, MONTH, MONTHS_INVALID, YEAR, YEARS_INVALID, birth_date, months_old, months_typed,
)
from .forms import BORN, PREGNANT, ErrorSummaryMixin, _NamedChoiceField, _TextField

AGE_BOXES = ("age_years", "age_months")
BIRTH_BOXES = ("dob_day", "dob_month", "dob_year")
STAGE_CHOICE = _("Choose whether the family is expecting a baby or the baby has been born.")
AGE_MISSING = _("Enter the child’s age or date of birth.")
STAGE_MISSING = _("Choose ‘Expecting a baby’, or give the child’s age or date of birth.")
TOO_OLD = _("Enter an age of 18 years or under.")
MONTHS_WITH_YEARS = _(
    "Enter the months from 0 to 11, or leave the years empty and give the whole age in months."
)
BIRTH_FUTURE = _(
    "The date of birth must be today or in the past. If the baby is not born yet, choose ‘Expecting a baby’."
)
BIRTH_TOO_OLD = _("The date of birth must be no more than 18 years ago: the finder is for children up to 18 years old.")
AGES_DISAGREE = _(
    "The age and the date of birth do not agree: the date of birth makes the child %(age)s. "
    "Give one of them, or correct the other."
)


def _box(label, *, invalid, max_length: int = 20, width: str = "input-age") -> _TextField:
    """A short text box for a number, which may also hold a word ("4 years", "March")."""
    return _TextField(
        label=label, required=False, max_length=max_length, error_messages={"max_length": invalid},
        widget=forms.TextInput(attrs={"class": width, "inputmode": "numeric", "spellcheck": "false",
                                      "autocomplete": "off"}),
    )


@dataclass(frozen=True)
class InputGroup:
    """Boxes answered together (years and months; day, month and year) under one legend and hint."""

    name: str
    legend: str
    hint: str
    fields: list[BoundField]

    @property
    def invalid(self) -> bool:
        return any(field.errors for field in self.fields)

    @property
    def described_by(self) -> str:
        """The ids of the hint and of each box's errors, for the fieldset's aria-describedby."""
        ids = [f"id_{self.name}_hint"] + [f"{field.auto_id}_error" for field in self.fields if field.errors]
        return " ".join(ids)


class FinderForm(ErrorSummaryMixin, forms.Form):
    """Where the family lives, and whether the baby is on the way or how old the child is."""

    postcode = _TextField(
        label=_("Postcode"),
        required=False,
        max_length=16,
        help_text=_("For example NP20 4UR. If you give both, the postcode is used."),
        error_messages={
            "max_length": _("A postcode has at most 8 characters, such as NP20 4UR. Check it and try again."),
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "input-postcode"}
        ),
    )
    authority = _NamedChoiceField(
        label=_("Or choose the local authority"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("Choose a local authority"),
        error_messages={"invalid_choice": _("Choose a local authority from the list.")},
    )
    stage = forms.ChoiceField(
        label=_("Is the family expecting a baby, or has the baby been born?"),
        choices=[(PREGNANT, _("Expecting a baby")), (BORN, _("The baby has been born"))],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": STAGE_CHOICE},
    )
    # Old links give the whole age in months as age_months: the months box with no years means just that.
    age_years = _box(_("Years"), invalid=YEARS_INVALID)
    age_months = _box(_("Months"), invalid=MONTHS_INVALID)
    dob_day = _box(_("Day"), invalid=BIRTH_NOT_REAL, max_length=10, width="input-day")
    dob_month = _box(_("Month"), invalid=BIRTH_NOT_REAL, max_length=10, width="input-day")
    dob_year = _box(_("Year"), invalid=BIRTH_NOT_REAL, max_length=10, width="input-year")

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities

    @staticmethod
    def initial_for(
        *, pregnant: bool, age_months: int | None, authority: LocalAuthority | None = None
    ) -> dict:
        """The answers behind a results address, to fill the form under the results (no date of birth)."""
        if pregnant or age_months is None:
            return {"authority": authority, "stage": PREGNANT}
        years, months = divmod(age_months, 12)
        return {"authority": authority, "stage": BORN, "age_years": years or "", "age_months": months}

    @property
    def age_group(self) -> InputGroup:
        hint = _(
            "If the baby has been born: for example 2 years and 6 months. A baby under one month old is 0 months."
        )
        return InputGroup("age", _("The child’s age"), hint, [self[name] for name in AGE_BOXES])

    @property
    def birth_group(self) -> InputGroup:
        hint = _("Instead of the age: for example 27 3 2024. It is used to work out the age and is not kept.")
        legend = _("Or the child’s date of birth")
        return InputGroup("birth", legend, hint, [self[name] for name in BIRTH_BOXES])

    def clean(self):
        cleaned = super().clean()
        self._clean_area(cleaned)
        stage = cleaned.get("stage")
        months = None
        # The age is asked only of a baby already born: with "expecting" chosen, any age left in the boxes
        # (from the results of an earlier search) is set aside, as a form with the boxes hidden would.
        if stage != PREGNANT and "stage" not in self.errors:
            months = self._clean_age(cleaned)
            age_failed = any(name in self.errors for name in AGE_BOXES + BIRTH_BOXES)
            if stage == BORN or age_failed or months is not None:
                stage = BORN
                if months is None and not age_failed:
                    self.add_error("age_years", AGE_MISSING)
            else:
                self.add_error("stage", STAGE_MISSING)
        cleaned["pregnant"] = stage == PREGNANT
        cleaned["age_in_months"] = None if cleaned["pregnant"] else months
        return cleaned

    def _clean_age(self, cleaned: dict) -> int | None:
        """Return the age in months from the boxes or the date of birth; add an error for each problem."""
        typed = self._typed_months(cleaned)
        from_birth = self._months_from_birth(cleaned)
        if typed is not None and from_birth is not None and typed != from_birth:
            age = age_phrase(months=from_birth)
            self.add_error("age_years", ValidationError(AGES_DISAGREE, params={"age": age}))
            return None
        return typed if typed is not None else from_birth

    def _typed_months(self, cleaned: dict) -> int | None:
        if any(name in self.errors for name in AGE_BOXES):
            return None
        parts = {}
        for name, unit in (("age_years", YEAR), ("age_months", MONTH)):
            try:
                parts[name] = months_typed(cleaned.get(name, ""), unit=unit)
            except ValidationError as error:
                self.add_error(name, error)
        if len(parts) < 2 or parts == {"age_years": None, "age_months": None}:
            return None
        years, months = parts["age_years"], parts["age_months"]
        if years is not None and months is not None and months >= 12:
            self.add_error("age_months", MONTHS_WITH_YEARS)
            return None
        total = (years or 0) + (months or 0)
        if total > AGE_MAX_MONTHS:
            self.add_error("age_years" if years else "age_months", TOO_OLD)
            return None
        return total

    def _months_from_birth(self, cleaned: dict) -> int | None:
        if any(name in self.errors for name in BIRTH_BOXES):
            return None
        boxes = {name: cleaned.get(name, "") for name in BIRTH_BOXES}
        try:
            born = birth_date(day=boxes["dob_day"], month=boxes["dob_month"], year=boxes["dob_year"])
        except ValidationError as error:
            empty = [name for name, text in boxes.items() if not text.strip()]
            where = {"incomplete": empty[0] if empty else "dob_day", "year_digits": "dob_year"}
            self.add_error(where.get(error.code, "dob_day"), error)
            return None
        if born is None:
            return None
        today = timezone.localdate()
        months = months_old(born=born, today=today)
        if born > today:
            self.add_error("dob_day", BIRTH_FUTURE)
        elif months > AGE_MAX_MONTHS:
            self.add_error("dob_day", BIRTH_TOO_OLD)
        else:
            return months
        return None

    def _clean_area(self, cleaned: dict) -> None:
        """Place the family in a Welsh authority, or in the country outside Wales its postcode is in."""
        if "postcode" in self.errors or "authority" in self.errors:
            return
        if cleaned.get("postcode", "").strip():
            lookup = postcode_lookup(raw=cleaned["postcode"])
            if lookup.outcome == Outcome.OUTSIDE_WALES and lookup.country_key:
                cleaned["country"] = lookup.country_key
            elif problem := postcode_problem(result=lookup):
                self.add_error("postcode", problem)
            cleaned["local_authority"] = lookup.local_authority
        elif cleaned.get("authority") is not None:
            cleaned["local_authority"] = cleaned["authority"]
        else:
            self.add_error("postcode", _("Enter the family’s postcode or choose their local authority."))
