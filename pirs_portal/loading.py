"""Commands that load committed data once: into a database that has none of it yet, never over stewards' work."""

from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction


class LoadOnceCommand(BaseCommand):
    """Load committed data in one transaction where none of it is loaded yet; where some is, refuse and change nothing.

    A command names, as it subclasses this one, the model whose rows mean the data is
    loaded (``marker``) and what its loader raises to refuse the data, with the
    ``problems`` found (``refused``). It says what it answers when the data is loaded
    already (``loaded_already``, and with --if-empty ``nothing_to_do``) or was refused
    (``failure``). ``load`` loads the data and returns the lines that report it.
    """

    marker: type[models.Model]
    refused: type[Exception]
    nothing_to_do = ""
    loaded_already = ""
    failure = ""

    def __init_subclass__(cls, *, marker: type[models.Model], refused: type[Exception], **kwargs):
        super().__init_subclass__(**kwargs)
        cls.marker, cls.refused = marker, refused

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help=f"Do nothing if {self.marker._meta.verbose_name_plural} are already loaded.")

    def handle(self, *args, if_empty: bool, **options):
        if self.marker.objects.exists():
            if if_empty:
                self.stdout.write(self.nothing_to_do)
                return
            raise CommandError(self.loaded_already)
        try:
            with transaction.atomic():
                report = self.load()
        except self.refused as refused:
            raise CommandError(f"{self.failure}:\n  " + "\n  ".join(refused.problems)) from refused
        for line in report:
            self.stdout.write(line)

    def load(self) -> list[str]:
        raise NotImplementedError
