from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    """Updates the public suggests to a service, and the stewards' queue that decides them.

    It may import the directory and geography; nothing else imports it (pyproject.toml, import-linter).
    """

    name = "suggestions"
    verbose_name = _("Suggested updates")
