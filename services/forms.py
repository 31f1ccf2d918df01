from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Service


class ServiceAdminForm(forms.ModelForm):
    """The steward's form: a service must cover at least one authority."""

    class Meta:
        model = Service
        fields = "__all__"

    def clean_areas(self):
        areas = self.cleaned_data.get("areas")
        if not areas:
            raise forms.ValidationError(
                _("Choose at least one local authority that this service covers. A service with no area cannot be found.")
            )
        return areas
