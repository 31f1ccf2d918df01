from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions.importers import ImportRefused, boundaries_import


class Command(BaseCommand):
    help = (
        "Replace the 22 local authority boundaries from a GeoPackage, GeoJSON, Shapefile or any file GDAL reads. "
        "All 22 Welsh codes must be present; on any error nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--code-field", default="code", help="Field holding the ONS code, e.g. LAD24CD.")
        parser.add_argument("--name-field", default=None, help="Field holding the name, e.g. LAD24NM (optional).")
        parser.add_argument("--source", default="", help="Where the boundaries come from, shown with the map.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, and change nothing.")

    def handle(self, *args, file: Path, code_field: str, name_field: str | None, source: str, dry_run: bool, **options):
        try:
            report = boundaries_import(
                path=file, code_field=code_field, name_field=name_field, source=source, dry_run=dry_run
            )
        except ImportRefused as refused:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(refused.problems)) from refused
        for line in report.lines():
            self.stdout.write(line)
