from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The postcode table is not behind any cached figure, and a receiver on it would
# stop Django from deleting its 2.7 million rows in one statement on re-import.
NOT_WATCHED = {"regions.Postcode"}


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services directory")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from pirs_portal.datacache import WATCHED_APPS, data_changed

        # Cache invalidation only: a write to the directory or geography forgets cached results.
        for model in (m for label in WATCHED_APPS for m in apps.get_app_config(label).get_models()):
            if model._meta.label in NOT_WATCHED:
                continue
            post_save.connect(data_changed, sender=model, dispatch_uid=f"pirs-saved-{model._meta.label}")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"pirs-deleted-{model._meta.label}")
            for field in model._meta.many_to_many:
                m2m_changed.connect(data_changed, sender=field.remote_field.through,
                                    dispatch_uid=f"pirs-m2m-{model._meta.label}-{field.name}")
