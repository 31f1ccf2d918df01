from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The postcode table is not behind any cached figure, and a receiver on it would
# stop Django from deleting its 2.7 million rows in one statement on re-import.
NOT_WATCHED = {"regions.Postcode"}


class PortalConfig(AppConfig):
    """The project's own app: it wires the signals and checks that span the other apps."""

    name = "pirs_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.core import checks
        from django.db import connections
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .accounts import device_removed
        from .datacache import WATCHED_APPS, data_changed
        from .signin import failure_count
        from .textsearch import fold_function_add, lookups_register
        from .throttle import rate_setting_check

        # A write to the geography or the directory moves the data version, so every cached
        # result and page is made afresh. Writes that send no signal (update(), bulk_create(),
        # raw SQL) must call data_changed() themselves; every migration does, through post_migrate.
        for model in (m for label in WATCHED_APPS for m in apps.get_app_config(label).get_models()):
            if model._meta.label in NOT_WATCHED:
                continue
            post_save.connect(data_changed, sender=model, dispatch_uid=f"pirs-saved-{model._meta.label}")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"pirs-deleted-{model._meta.label}")
            for field in model._meta.many_to_many:
                m2m_changed.connect(data_changed, sender=field.remote_field.through,
                                    dispatch_uid=f"pirs-m2m-{model._meta.label}-{field.name}")
        post_migrate.connect(migrated, dispatch_uid="pirs-migrated")
        user_login_failed.connect(failure_count, dispatch_uid="pirs-sign-in-failure-count")
        # Removing a two-factor device, wherever it is removed, ends its user's sessions.
        for device_model in (apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("otp_static", "StaticDevice")):
            post_delete.connect(device_removed, sender=device_model,
                                dispatch_uid=f"pirs-device-{device_model._meta.label}")
        checks.register(rate_setting_check)
        # Searches ignore case in Welsh letters on SQLite too (textsearch.py).
        lookups_register()
        connection_created.connect(fold_function_add, dispatch_uid="pirs-sqlite-fold")
        for connection in connections.all(initialized_only=True):
            fold_function_add(sender=None, connection=connection)
        checks.register(contact_check, checks.Tags.compatibility, deploy=True)


def contact_check(app_configs, **kwargs) -> list:
    """Warn a deployment that gives the public no way to reach whoever runs it (the accessibility statement)."""
    from django.conf import settings
    from django.core import checks

    if settings.CONTACT_EMAIL:
        return []
    return [checks.Warning("CONTACT_EMAIL is not set: the accessibility statement cannot say whom to tell about "
                           "a problem.", hint="Set CONTACT_EMAIL to an address the organisation reads.",
                           id="pirs.W201")]


def migrated(sender, **kwargs) -> None:
    """Move the data version after each watched app's migrations: a data migration may write with update()."""
    from .datacache import WATCHED_APPS, data_changed

    if sender.label in WATCHED_APPS:
        data_changed()
