"""export_directory and import_directory carry the whole directory and its history, losing nothing."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from services.directory_io import LosslessEncoder, directory_models
from services.models import PastProvision, Service, Steward
from services.predating import write_version

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    """Every row of every directory model, every field at full precision, in a stable order."""
    rows: dict[str, list] = {}
    for model in directory_models():
        for record in serializers.serialize("python", model._base_manager.all()):
            rows.setdefault(record["model"], []).append(json.dumps(record, sort_keys=True, cls=LosslessEncoder))
    return {model: sorted(records) for model, records in rows.items()}


def make_some_history() -> None:
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    Steward.objects.create(user=editor).regions.set([1])
    service = Service.objects.get(slug="g-pimhs")
    service._history_user = editor
    service.how_to_refer_en = "Through the family's health visitor."
    service.save()
    service.areas.remove(service.areas.first())
    # Provision before the record began, with the dated version of the service it wrote.
    record = PastProvision.objects.create(
        service=service, event="started", happened_on=datetime.date(2019, 1, 1), status="established",
        kind="specialist_team", source_citation="Annual report", source_date=datetime.date(2019, 6, 1))
    record.areas.set(service.areas.all())
    write_version(record, areas=list(service.areas.all()), user=editor)


def test_the_directory_and_its_history_survive_a_round_trip(tmp_path):
    make_some_history()
    before = snapshot()
    assert len(before["services.historicalservice"]) >= 4  # seed record, the edit, the area change, the past
    assert len(before["services.pastprovision"]) == 1
    path = tmp_path / "directory.json"
    call_command("export_directory", str(path), stdout=io.StringIO())

    Service.objects.all().delete()  # lose the directory
    assert snapshot() != before
    call_command("import_directory", str(path), stdout=io.StringIO())

    assert snapshot() == before
    latest = Service.objects.get(slug="g-pimhs").history.first()
    assert latest.history_user.username == "editor"


@pytest.mark.parametrize("content", [b"", b"not json", b'[{"model": "services.service", "pk": 1, "fields": {}}]',
                                     b"\xff\xfe\x00bad"])
def test_a_bad_directory_file_is_refused_and_changes_nothing(tmp_path, content):
    before = snapshot()
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_directory", str(path), stdout=io.StringIO())
    assert snapshot() == before
