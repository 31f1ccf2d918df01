from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.importers import ImportRefused, births_import


class Command(BaseCommand):
    help = "Import live births from a CSV (area_code, year, live_births, source[, area_name, note]); all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, and change nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            report = births_import(path=file, dry_run=dry_run)
        except ImportRefused as refused:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(refused.problems)) from refused
        for line in report.lines():
            self.stdout.write(line)
