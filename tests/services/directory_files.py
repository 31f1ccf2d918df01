"""What the directory import tests share: the seed exported as a file, and ways to spoil it and import it."""

import json

import pytest
from django.apps import apps

from services.directory_io import directory_export
from tests.regions.commands import command_refused

from .test_directory_round_trip import snapshot


@pytest.fixture
def records(tmp_path) -> list[dict]:
    """The seed directory as export_directory writes it, to spoil one way or another."""
    return exported(tmp_path)


def exported(tmp_path) -> list[dict]:
    path = tmp_path / "export.json"
    directory_export(path=path)
    return json.loads(path.read_text(encoding="utf-8"))


def written(tmp_path, content) -> str:
    path = tmp_path / "directory.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(path)


def refused(tmp_path, content, **options) -> str:
    """Import a file that must be refused; check every table is as it was, and return the message."""
    return command_refused("import_directory", written(tmp_path, content), snapshot=snapshot, **options)


def first(records: list[dict], model: str) -> tuple[int, dict]:
    """Return the position (counting from 1, as messages do) and the record of a model's first record."""
    return next((n, record) for n, record in enumerate(records, start=1) if record["model"] == model)


def spoiled(tmp_path, records: list[dict], model: str, field: str, value) -> tuple[str, str]:
    """Spoil a field of a model's first record, import, and return how messages name that field, and the message."""
    position, record = first(records, model)
    record["fields"][field] = value
    label = apps.get_model(model)._meta.label
    return f"Record {position} ({label}, pk {record['pk']}): {field} ", refused(tmp_path, records)


def copied(record: dict) -> dict:
    return json.loads(json.dumps(record))
