"""Export and import the whole directory, history included, as one JSON file.

Primary keys are kept as they are, not replaced by natural keys: the history
refers to rows by id, including rows that have since been deleted.
"""

import datetime
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, transaction

from pirs_portal.datacache import data_changed

# The postcode table is left out: it is rebuilt from its package by import_postcodes.
LEFT_OUT = {"regions.Postcode"}
# Staff accounts come along so that the history can name who made each change.
ACCOUNTS = ["auth.Group", "auth.User"]


class DirectoryImportRefused(Exception):
    """The file could not be imported; nothing in the database changed."""


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


def directory_import(*, path: Path) -> int:
    """Replace the directory and its history with a file's contents, or change nothing; return the record count."""
    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DirectoryImportRefused(f"Cannot read {path}: {error}") from error
    if not isinstance(records, list):
        raise DirectoryImportRefused(f"{path} is not a directory export: it should hold a list of records.")
    try:
        with transaction.atomic():
            for model in reversed(directory_models()[len(ACCOUNTS):]):
                model._base_manager.all().delete()
            count = 0
            for record in serializers.deserialize("python", records):
                # The file already holds the history: restoring rows must not add to it.
                record.object.skip_history_when_saving = True
                record.save()
                count += 1
            if count == 0:
                raise DirectoryImportRefused(f"{path} holds no records.")
    except (DeserializationError, IntegrityError, DatabaseError, ValueError, LookupError, TypeError) as error:
        raise DirectoryImportRefused(f"{path} cannot be imported: {error}") from error
    data_changed()
    return count
