"""Export and import the whole directory, history included, as one JSON file.

Primary keys are kept as they are, not replaced by natural keys: the history
refers to rows by id, including rows that have since been deleted.
"""

import datetime
import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.gis.geos import GEOSException
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction

from pirs_portal.datacache import data_changed

from .directory_checks import directory_file_check, problems_shown

# The postcode table is left out: it is rebuilt from its package by import_postcodes.
LEFT_OUT = {"regions.Postcode"}
# Staff accounts come along so that the history can name who made each change.
ACCOUNTS = ["auth.Group", "auth.User"]


class DirectoryImportRefused(Exception):
    """The file could not be imported; nothing in the database changed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class _Rehearsed(Exception):
    """A dry run has replaced the directory inside its transaction: roll it back."""


def directory_models() -> list:
    """Every model of the directory and its history, parents before children."""
    found = [
        model
        for label in ("regions", "services")
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in LEFT_OUT
    ]
    return [apps.get_model(label) for label in ACCOUNTS] + found


class LosslessEncoder(DjangoJSONEncoder):
    """Keep times to the microsecond: Django's own encoder rounds them to milliseconds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def directory_export(*, path: Path) -> int:
    """Write the directory, its history and the staff accounts to a JSON file; return the number of records."""
    records = []
    for model in directory_models():
        records += serializers.serialize("python", model._base_manager.order_by("pk"))
    Path(path).write_text(json.dumps(records, cls=LosslessEncoder, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(records)


def directory_import(*, path: Path, dry_run: bool = False) -> Counter:
    """Replace the directory and its history with a file, or change nothing; count the records of each model.

    The whole file is checked before anything is deleted. A dry run then rehearses the import in a
    transaction it rolls back, so that it also meets whatever the database itself would refuse.
    """
    records = _records_read(Path(path))
    directory = directory_models()
    check = directory_file_check(records, directory=directory)
    if check.problems:
        raise DirectoryImportRefused(problems_shown(check.problems))
    try:
        with transaction.atomic():
            for model in reversed(directory[len(ACCOUNTS):]):
                model._base_manager.all().delete()
            for record in serializers.deserialize("python", check.records):
                # The file already holds the history: restoring rows must not add to it.
                record.object.skip_history_when_saving = True
                record.save()
            if dry_run:
                raise _Rehearsed
            # After the commit only: setval is not rolled back, and a sequence moved back for rows that
            # were rolled back would hand out ids already taken.
            transaction.on_commit(lambda: _sequences_reset(directory))
    except _Rehearsed:
        return check.counts
    except (DeserializationError, IntegrityError, DatabaseError, ValidationError, GEOSException, ValueError,
            TypeError, LookupError) as error:
        raise DirectoryImportRefused([f"The database refused the file: {_cut(str(error))}"]) from error
    data_changed()
    return check.counts


def _records_read(path: Path) -> list:
    try:
        records = json.loads(path.read_text(encoding="utf-8"), parse_constant=_not_json)
    except (OSError, UnicodeDecodeError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        raise DirectoryImportRefused([f"Cannot read {path.name} as JSON: {_cut(str(error))}"]) from error
    except RecursionError as error:
        raise DirectoryImportRefused([f"{path.name} is nested too deeply for a directory export."]) from error
    if not isinstance(records, list):
        raise DirectoryImportRefused([f"{path.name} is not a directory export, which is a list of records."])
    if not records:
        raise DirectoryImportRefused([f"{path.name} holds no records."])
    return records


def _not_json(constant: str):
    raise ValueError(f"{constant} is not a number JSON allows")


def _sequences_reset(directory: list) -> None:
    """Move PostgreSQL's id sequences past the imported ids, as loaddata does, so new rows get new ids."""
    statements = connection.ops.sequence_reset_sql(no_style(), directory)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _cut(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
