"""Export and import the whole directory, history included, as one JSON file.

Primary keys are kept as they are, not replaced by natural keys: the history
refers to rows by id, including rows that have since been deleted.

Accounts are not part of the directory. The file names the editors its history
mentions by user name only; an import points the history at the accounts with
those names, and adds an inactive account with no password for a name it lacks,
so no file can create a working account, change a password or grant a
permission. Stewards' regions and the roles stay as they are in the database.
"""

import datetime
import json
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSException
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction

from pirs_portal.datacache import data_changed
from regions.importers import region_boundaries_refresh

from .directory_checks import directory_file_check, problems_shown

# The postcode table is rebuilt from its package by import_postcodes; steward records give access,
# and their history records who gave it: an import must never change either. A file's records of these
# models (older exports held some) are passed over.
LEFT_OUT = {"regions.Postcode", "services.Steward", "services.HistoricalSteward", "services.HistoricalSteward_regions"}
# Records of these models in a file only name the history's editors (older exports held whole accounts).
ACCOUNT_MODELS = {"auth.user", "auth.group"}
USERNAME_MAX = 150


class DirectoryImportRefused(Exception):
    """The file could not be imported; nothing in the database changed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class _Rehearsed(Exception):
    """A dry run has replaced the directory inside its transaction: roll it back."""


def directory_models() -> list:
    """Every model of the directory and its history, parents before children."""
    return [
        model
        for label in ("regions", "services")
        for model in apps.get_app_config(label).get_models()
        if model._meta.label not in LEFT_OUT
    ]


def _rows_delete_except(model, *, keep: set, batch: int = 500) -> None:
    """Delete every row of a model whose id is not in keep, a batch at a time (SQLite limits a query's values)."""
    gone = [pk for pk in model._base_manager.values_list("pk", flat=True).iterator() if pk not in keep]
    for start in range(0, len(gone), batch):
        model._base_manager.filter(pk__in=gone[start:start + batch]).delete()


class LosslessEncoder(DjangoJSONEncoder):
    """Keep times to the microsecond: Django's own encoder rounds them to milliseconds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def directory_export(*, path: Path) -> int:
    """Write the directory, its history and its editors' user names to a JSON file; return the number of records."""
    records = []
    editors = set()
    for model in directory_models():
        records += serializers.serialize("python", model._base_manager.order_by("pk"))
        if hasattr(model, "history_user"):
            editors |= set(model._base_manager.exclude(history_user=None).values_list("history_user", flat=True))
    named = get_user_model()._base_manager.filter(pk__in=editors).order_by("pk").values_list("pk", "username")
    records = [{"model": "auth.user", "pk": pk, "fields": {"username": name}} for pk, name in named] + records
    Path(path).write_text(json.dumps(records, cls=LosslessEncoder, ensure_ascii=False, indent=1), encoding="utf-8")
    return len(records)


def directory_import(*, path: Path, dry_run: bool = False) -> Counter:
    """Replace the directory and its history with a file, or change nothing; count the records of each model.

    The whole file is checked before anything is deleted. A dry run then rehearses the import in a
    transaction it rolls back, so that it also meets whatever the database itself would refuse.
    """
    records = _records_read(Path(path))
    directory = directory_models()
    names, problems = _editor_names(records)
    edits = _edits(records, names, problems)
    check = directory_file_check(records, directory=directory,
                                 passed_over=frozenset(label.lower() for label in LEFT_OUT))
    if problems or check.problems:
        raise DirectoryImportRefused(problems_shown(problems + check.problems))
    try:
        with transaction.atomic():
            accounts = _accounts_for(names={name for _fields, name in edits}, counts=check.counts)
            for fields, name in edits:
                fields["history_user"] = accounts[name]
            # The rows the file lacks are deleted, children first; then the file's rows are written over the
            # stored rows of the same id. Records outside the directory that point into it (evidence on a
            # region, a suggestion about a service) keep their link to every row the file keeps.
            kept = {model: set() for model in directory}
            for record in check.records:
                model = apps.get_model(record["model"])
                if record.get("pk") is not None:
                    kept[model].add(model._meta.pk.to_python(record["pk"]))
            for model in reversed(directory):
                _rows_delete_except(model, keep=kept[model])
            for record in serializers.deserialize("python", check.records):
                # The file already holds the history: restoring rows must not add to it.
                record.object.skip_history_when_saving = True
                record.save()
            # A region's boundary is always the union of its authorities', as the admin keeps it: a file that
            # moves an authority to another region redraws both.
            region_boundaries_refresh()
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


def _is_account(record) -> bool:
    return isinstance(record, dict) and isinstance(record.get("model"), str) and record["model"].lower() in ACCOUNT_MODELS


def _editor_names(records: list) -> tuple[dict, list[str]]:
    """Read the user name of each account the file lists; nothing else of an account is ever used."""
    names, problems = {}, []
    for position, record in enumerate(records, start=1):
        if not _is_account(record) or record["model"].lower() != "auth.user":
            continue
        fields = record.get("fields")
        name = fields.get("username") if isinstance(fields, dict) else None
        if not isinstance(record.get("pk"), int) or isinstance(record.get("pk"), bool):
            problems.append(f"Record {position} (auth.User): its pk must be a whole number.")
            continue
        if not isinstance(name, str) or not name.strip() or len(name) > USERNAME_MAX or "\x00" in name:
            problems.append(f"Record {position} (auth.User): the username must be text of 1 to {USERNAME_MAX} "
                            "characters.")
            continue
        names[record.get("pk")] = name
    return names, problems


def _edits(records: list, names: dict, problems: list[str]) -> list[tuple[dict, str]]:
    """Find each history row's editor by name, and leave it out of the checks: it is resolved by name later."""
    edits = []
    for position, record in enumerate(records, start=1):
        fields = record.get("fields") if isinstance(record, dict) and not _is_account(record) else None
        if not isinstance(fields, dict) or fields.get("history_user") is None:
            continue
        editor = fields["history_user"]
        if not isinstance(editor, int) or editor not in names:
            problems.append(f"Record {position}: history_user names account {_cut(repr(editor), 40)}, "
                            "which the file does not list by name.")
            continue
        edits.append((fields, names[editor]))
        fields["history_user"] = None
    return edits


def _accounts_for(*, names: set[str], counts: Counter) -> dict[str, int]:
    """The account of each editor's name: the one in the database, or a new inactive one that cannot sign in."""
    User = get_user_model()
    found = dict(User._base_manager.filter(username__in=names).values_list("username", "pk"))
    for name in sorted(names - set(found)):
        placeholder = User(username=name, is_active=False)
        placeholder.set_unusable_password()
        placeholder.save()
        found[name] = placeholder.pk
        counts["auth.User (editors added, inactive, with no password)"] += 1
    return found


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
