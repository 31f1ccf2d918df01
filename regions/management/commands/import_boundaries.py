from django.core.management.base import BaseCommand, CommandError

from regions.boundary_files import FORMATS
from regions.importers import ImportRefused, boundaries_import


class Command(BaseCommand):
    help = (
        f"Replace the 22 local authority boundaries from a local file: {FORMATS}. "
        "The content must match the extension; GDAL virtual paths (/vsi…), URLs and other formats "
        "(such as .vrt) are refused. All 22 Welsh codes must be present; on any error nothing changes."
    )

    def add_arguments(self, parser):
        # Text, not a Path: a Path would fold "http://" into "http:/" before the address could be refused.
        parser.add_argument("file", help="The boundary file: .gpkg, .geojson, .json, .shp or .zip.")
        parser.add_argument("--code-field", default="code", help="Field holding the ONS code, e.g. LAD24CD.")
        parser.add_argument("--name-field", default=None, help="Field holding the name, e.g. LAD24NM (optional).")
        parser.add_argument("--source", default="", help="Where the boundaries come from, shown with the map.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, and change nothing.")

    def handle(
        self, *args, file: str, code_field: str, name_field: str | None, source: str, dry_run: bool, **options
    ):
        try:
            report = boundaries_import(
                path=file, code_field=code_field, name_field=name_field, source=source, dry_run=dry_run
            )
        except ImportRefused as refused:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(refused.problems)) from refused
        for line in report.lines():
            self.stdout.write(line)
