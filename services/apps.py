from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Services directory")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from pirs_portal.datacache import data_changed

        # Cache invalidation only: any write to the directory or geography forgets cached results.
        for name, signal in (("save", post_save), ("delete", post_delete), ("m2m", m2m_changed)):
            signal.connect(data_changed, dispatch_uid=f"pirs-data-changed-{name}")
