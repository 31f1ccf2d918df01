from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "pirs_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.core import checks
        from django.db.models.signals import post_delete

        from .accounts import device_removed
        from .signin import failure_count
        from .throttle import rate_setting_check

        user_login_failed.connect(failure_count, dispatch_uid="pirs-sign-in-failure-count")
        # Removing a two-factor device, wherever it is removed, ends its user's sessions.
        for device_model in (apps.get_model("otp_totp", "TOTPDevice"), apps.get_model("otp_static", "StaticDevice")):
            post_delete.connect(device_removed, sender=device_model,
                                dispatch_uid=f"pirs-device-{device_model._meta.label}")
        checks.register(rate_setting_check)
