from pathlib import Path

from django.core.management.base import BaseCommand

from services.directory_io import directory_export


class Command(BaseCommand):
    help = (
        "Write the whole directory (geography, births, need parameters, organisations, services, notes, routes) "
        "with its full change history to one JSON file. It names the history's editors by user name only, and "
        "holds no passwords, steward records or steward appointments; it does hold the history's notes and "
        "editors' names, so keep it as you keep the database's backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        count = directory_export(path=file)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count:,} records to {file}."))
