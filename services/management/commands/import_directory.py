from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from services.directory_io import DirectoryImportRefused, directory_import


class Command(BaseCommand):
    help = (
        "Replace the directory and its history with a file written by export_directory. "
        "All or nothing: a file that cannot be imported changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            count = directory_import(path=file)
        except DirectoryImportRefused as refused:
            raise CommandError(f"Nothing was imported. {refused}") from refused
        self.stdout.write(self.style.SUCCESS(f"Imported {count:,} records from {file}."))
