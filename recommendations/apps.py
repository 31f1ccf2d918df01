from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    """The paper's nine recommendations, the evidence on each, and the status national stewards give them."""

    name = "recommendations"
    verbose_name = _("The paper's recommendations")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_migrate, post_delete, post_save

        from .models import Evidence, Recommendation

        # The pages and region pages that show these records are cached per data version, which only
        # the geography and directory apps move by themselves (pirs_portal/datacache.py): move it here too.
        for model in (Recommendation, Evidence):
            post_save.connect(_changed, sender=model, dispatch_uid=f"pirs-saved-{model._meta.label}")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"pirs-deleted-{model._meta.label}")
        m2m_changed.connect(_changed, sender=Evidence.recommendations.through,
                            dispatch_uid="pirs-m2m-recommendations.Evidence-recommendations")
        post_migrate.connect(_migrated, sender=self, dispatch_uid="pirs-migrated-recommendations")


def _changed(**kwargs) -> None:
    from pirs_portal.datacache import data_changed

    data_changed()  # called without a sender: data_changed() moves the version for any caller that names none


def _migrated(**kwargs) -> None:
    _changed()
