"""Admin choice lists that refuse an id no table can hold, as a form error rather than a server error.

Django's list of choices asks the database about each id posted. An id beyond the
integer column's range (say 30 digits) makes SQLite's driver raise OverflowError,
and PostgreSQL a DataError, before Django can call the choice invalid. A single
choice (a foreign key) is checked by Django already; a list of them is not.
"""

from django import forms
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ValidationError
from django.db import DataError, connections, models
from django.http import Http404, HttpResponseRedirect


def holds_id(field: models.Field, value, *, using: str = "default") -> bool:
    """Say whether an integer column could hold this value (always yes for a column of another kind)."""
    if not isinstance(field, models.IntegerField | models.AutoField):
        return True
    try:
        number = int(str(value))
    except ValueError:
        return True  # not a number at all: Django's own checks say so
    low, high = connections[using].ops.integer_field_range(field.get_internal_type())
    return (low is None or number >= low) and (high is None or number <= high)


class IdCheckedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A list of records to choose, whose ids are checked against the column's range before any query."""

    def _check_values(self, value):
        field = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else (
            self.queryset.model._meta.pk)
        for pk in value:
            if not holds_id(field, pk, using=self.queryset.db):
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": pk})
        return super()._check_values(value)


class IdCheckedAdmin:
    """Mixed into every model admin of the site (accounts.StaffAdminSite.register): checked lists of choices,
    and list filters in the address that no column can hold answered as Django answers a bad filter."""

    def changelist_view(self, request, extra_context=None):
        try:
            response = super().changelist_view(request, extra_context)
            if hasattr(response, "render"):
                response.render()  # the list's queries run as it is drawn: here, where their failure is caught
            return response
        except (OverflowError, DataError, ValueError):
            # ?pk__in=<30 digits>, ?last_reviewed__year=<30 digits> or ?updated_at__year=10000: beyond what the
            # database, Python or a date can hold.
            if ERROR_FLAG in request.GET:
                raise Http404 from None
            return HttpResponseRedirect(request.path + "?" + ERROR_FLAG + "=1")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", IdCheckedMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
