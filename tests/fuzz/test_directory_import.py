"""Whatever directory file a steward gives import_directory, it is imported or refused whole: no crash."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.directory_io import LosslessEncoder, directory_export, directory_models
from tests.services.test_directory_round_trip import make_some_history, snapshot

from .imports import import_outcome
from .strategies import noise, numberish
from .tally import FUZZ, examples, tallied

pytestmark = pytest.mark.django_db

# The refusal's first line, then at most twenty problems.
MESSAGE_LINES = 21
SHAPES = (
    "POLYGON((0 0, 1 1", "nonsense", "MULTIPOLYGON(((0 0, 1 0, 1 1)))", "POLYGON((0 0, 1 0, 1 1, 0 0))",
    "SRID=27700;MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))", "SRID=4294971622;MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))",
    '{"type": "MultiPolygon"}', "MULTIPOLYGON EMPTY", "MULTIPOLYGON(((nan 0, 1 0, 1 1, nan 0)))",
    "MULTIPOLYGON(((0 0, nan 0, 1 1, 0 0)))", "MULTIPOLYGON Z(((0 0 1, 1 0 1, 1 1 1, 0 0 1)))",
    "MULTIPOLYGON(((1e400 0, 1 0, 1 1, 1e400 0)))", "/vsicurl/http://127.0.0.1:9/x", "",
    # Shapes the field holds, so that some spoiled files are still imported.
    '{"type": "MultiPolygon", "coordinates": [[[[-3, 51], [-2, 51], [-2, 52], [-3, 51]]]]}',
    "SRID=4326;MULTIPOLYGON(((-3 51, -2 51, -2 52, -3 51)))",
)
DATES = ("2024-02-30", "2024-01-01", "2024-01-01T10:00:00+00:00", "2024-01-01T10:00", "yesterday",
         "0000-01-01")
DAMAGE = (
    "only accounts", "a model left out", "a record twice", "not an object", "fields not an object", "no pk",
    "an odd pk", "an odd model", "an odd value", "a shape", "a date", "a reference to nothing",
    "history of a deleted record", "a field left out", "an unknown field", "a slug twice",
)


def odd_values() -> st.SearchStrategy:
    """Anything JSON can hold where one value is wanted."""
    return st.one_of(
        noise(), numberish(), st.none(), st.booleans(), st.integers(), st.floats(),
        st.lists(st.integers(-5, 10**6), max_size=3),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        st.sampled_from(SHAPES + DATES),
    )


def relations() -> dict[str, list[tuple[str, bool]]]:
    """For each model, its references to other records: (field name, whether the database enforces it)."""
    return {
        model._meta.label_lower: [
            (field.name, field.many_to_many or field.db_constraint)
            for field in model._meta.get_fields()
            if field.concrete and field.is_relation
        ]
        for model in directory_models()
    }


@st.composite
def spoiled(draw, records: list[dict], links: dict) -> list:
    """The export, spoiled in one to three of the ways a file can be."""
    records = copy.deepcopy(records)
    for damage in draw(st.lists(st.sampled_from(DAMAGE), min_size=1, max_size=3)):
        records = _spoil(draw, records, damage, links)
    return records


def _spoil(draw, records: list, damage: str, links: dict) -> list:
    objects = [r for r in records if isinstance(r, dict) and isinstance(r.get("fields"), dict)]
    if damage == "only accounts":
        return [record for record in objects if str(record.get("model")).startswith("auth.")]
    if damage == "a model left out":
        gone = draw(st.sampled_from(sorted({str(record.get("model")) for record in objects} or {"none"})))
        return [record for record in records if not isinstance(record, dict) or record.get("model") != gone]
    if not objects:
        return records
    record = draw(st.sampled_from(objects))
    fields = record["fields"]
    if damage == "a record twice":
        twin = copy.deepcopy(record)
        if fields and draw(st.booleans()):  # the second differs: which one would win?
            twin["fields"][draw(st.sampled_from(sorted(fields)))] = draw(odd_values())
        return records + [twin]
    if damage == "not an object":
        as_list = st.just([record.get("model"), record.get("pk")])
        records[records.index(record)] = draw(st.one_of(odd_values(), as_list))
    elif damage == "fields not an object":
        record["fields"] = draw(st.one_of(st.just([]), odd_values()))
    elif damage == "no pk":
        record.pop("pk", None) if draw(st.booleans()) else record.update(pk=None)
    elif damage == "an odd pk":
        record["pk"] = draw(odd_values())
    elif damage == "an odd model":
        record["model"] = draw(st.one_of(st.sampled_from(
            ["auth.permission", "regions.postcode", "Services.Service", "services.SERVICE", "services", ""]
        ), odd_values()))
    elif damage in ("an odd value", "a shape", "a date") and fields:
        name = draw(st.sampled_from(sorted(fields)))
        kinds = {"a shape": st.sampled_from(SHAPES), "a date": st.sampled_from(DATES)}
        pick = kinds.get(damage, odd_values())
        fields[name] = draw(pick)
    elif damage in ("a reference to nothing", "history of a deleted record"):
        enforced = damage == "a reference to nothing"
        known = links.get(str(record.get("model")).lower(), [])
        names = [name for name, checked in known if checked == enforced]
        if names:
            name = draw(st.sampled_from(names))
            missing = draw(st.sampled_from([10**6, -1, 0]))
            fields[name] = [missing] if isinstance(fields.get(name), list) else missing
    elif damage == "a field left out" and fields:
        fields.pop(draw(st.sampled_from(sorted(fields))))
    elif damage == "an unknown field":
        fields[draw(st.sampled_from(["colour", "services", "pk", "id", ""]))] = draw(odd_values())
    elif damage == "a slug twice" and "slug" in fields:
        fields["slug"] = draw(st.sampled_from([str(other["fields"].get("slug")) for other in objects
                                              if other.get("model") == record.get("model")]))
    return records


@st.composite
def directory_files(draw, records: list[dict], links: dict) -> bytes:
    """The bytes of a directory file: the export itself, spoiled, cut short, or not JSON at all."""
    kind = draw(st.sampled_from(["whole"] + ["spoiled"] * 12 + ["cut short", "bytes", "odd json"]))
    if kind == "whole":
        return json.dumps(records, cls=LosslessEncoder).encode()
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "odd json":
        return draw(st.sampled_from([
            b"", b"[]", b"{}", b"null", b"[" * 50_000,
            b'[{"model": "services.service", "pk": NaN, "fields": {}}]',
            b"\xef\xbb\xbf[]", json.dumps(records[0]).encode(),
        ]))
    text = json.dumps(draw(spoiled(records, links)), cls=LosslessEncoder).encode()
    if kind == "cut short":
        text = text[: draw(st.integers(0, len(text)))]
    return text


def test_any_directory_file_is_imported_or_refused_whole(tmp_path):
    make_some_history()  # staff accounts, a steward and history that names them
    directory_export(path=tmp_path / "export.json")
    records = json.loads((tmp_path / "export.json").read_text(encoding="utf-8"))
    links = relations()
    path = tmp_path / "directory.json"
    with tallied("import_directory") as tally:

        @settings(max_examples=examples(150), **FUZZ)
        @given(content=directory_files(records, links), dry_run=st.booleans())
        def imported_or_refused(content, dry_run):
            path.write_bytes(content)
            import_outcome("import_directory", path, tally=tally, dry_run=dry_run, state=snapshot,
                           max_lines=MESSAGE_LINES)

        imported_or_refused()
