from pathlib import Path

from django.core.management.base import BaseCommand

from services.directory_io import directory_export


class Command(BaseCommand):
    help = (
        "Write the whole directory (geography, births, need parameters, organisations, services, notes, routes, "
        "stewards) with its full change history and the staff accounts it names to one JSON file. "
        "The file holds password hashes: keep it as safe as the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        count = directory_export(path=file)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count:,} records to {file}."))
