from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenReferralConfig(AppConfig):
    name = "openreferral"
    verbose_name = _("Open Referral UK API")

    def ready(self) -> None:
        from django.core import checks

        from .openness import rate_check

        checks.register(rate_check)
