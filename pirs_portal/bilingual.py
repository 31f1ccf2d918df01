"""Pick the English or Welsh version of a stored text for the active language."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def wants_welsh() -> bool:
    """Say whether the request is being answered in Welsh."""
    return (get_language() or "en").split("-")[0] == "cy"


def pick(obj: object, field: str) -> str:
    """Return ``field_cy`` in Welsh when it exists, else ``field_en``."""
    if wants_welsh():
        welsh = getattr(obj, f"{field}_cy", "")
        if welsh:
            return welsh
    return getattr(obj, f"{field}_en")


def is_fallback(obj: object, field: str) -> bool:
    """Say whether a Welsh page is showing the English text for want of Welsh."""
    return wants_welsh() and not getattr(obj, f"{field}_cy", "")


class BilingualNameMixin(models.Model):
    """Give a model English and Welsh names; pick(obj, "name") gives the one for the page's language."""

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_cy = models.CharField(_("name (Welsh)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_en
