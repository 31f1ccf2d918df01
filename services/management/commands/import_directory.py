from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from services.directory_io import DirectoryImportRefused, directory_import


class Command(BaseCommand):
    help = (
        "Replace the directory and its history with a file written by export_directory. "
        "The whole file is checked first: every record, value and reference. "
        "All or nothing: a file that cannot be imported changes nothing, and says why. "
        "Staff accounts already in the database are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Check the file and count its records per model, and change nothing.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            counts = directory_import(path=file, dry_run=dry_run)
        except DirectoryImportRefused as refused:
            raise CommandError("Nothing was imported:\n  " + "\n  ".join(refused.problems)) from refused
        total = sum(counts.values())
        if dry_run:
            self.stdout.write(f"Dry run: {file} passed every check and would import {total:,} records. "
                              "Nothing was changed.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {total:,} records from {file}."))
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count:,}")
