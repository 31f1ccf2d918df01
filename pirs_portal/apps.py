from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "pirs_portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed
        from django.core import checks

        from .signin import failure_count
        from .throttle import rate_setting_check

        user_login_failed.connect(failure_count, dispatch_uid="pirs-sign-in-failure-count")
        checks.register(rate_setting_check)
