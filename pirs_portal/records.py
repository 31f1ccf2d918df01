"""What the apps' models share: a natural key for fixtures, and a bilingual name found by its slug.

Abstract models only: each app's concrete models keep their own fields, Meta and history.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pirs_portal.bilingual import BilingualNameMixin


class NaturalKeyManager(models.Manager):
    """Find a record by its natural key: the value of the model's NATURAL_KEY field, as fixtures name it."""

    def get_by_natural_key(self, key):
        return self.get(**{self.model.NATURAL_KEY: key})


class NaturalKeyModel(models.Model):
    """A model whose fixtures name its records by one unique field (NATURAL_KEY) rather than by primary key."""

    NATURAL_KEY = "slug"

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        return (getattr(self, self.NATURAL_KEY),)


class SluggedName(BilingualNameMixin, NaturalKeyModel):
    """A record with English and Welsh names, found by its slug and listed by its English name."""

    slug = models.SlugField(_("slug"), unique=True)

    class Meta:
        abstract = True
        ordering = ["name_en"]
