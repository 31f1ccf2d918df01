"""Validated, all-or-nothing imports of boundaries and births, shared by commands and tests."""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.db.models import Union
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.db import transaction
from django.utils import timezone

from .models import MAX_BIRTHS, WALES_CODE, WGS84, LiveBirths, LocalAuthority, Region

AREA_CODE = re.compile(r"^[EKNSW][0-9]{8}$")
# ASCII digits only: str.isdigit() also accepts '²', which int() refuses.
WHOLE_NUMBER = re.compile(r"^[0-9]+$")
BIRTHS_COLUMNS = ("area_code", "year", "live_births", "source")
# How much of a refused value a message repeats.
SHOWN_MAX = 40


class ImportRefused(Exception):
    """The input was refused; nothing in the database changed."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        out = [
            f"{len(self.created)} {verb} created, {len(self.updated)} {verb} updated, "
            f"{len(self.unchanged)} unchanged."
        ]
        out += [f"  created: {item}" for item in self.created]
        out += [f"  updated: {item}" for item in self.updated]
        out += [f"  note: {note}" for note in self.notes]
        return out


class _DryRunRollback(Exception):
    pass


def _read_text(path: Path) -> str:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ImportRefused([f"Cannot read {path}: {exc.strerror or exc}."]) from exc
    return text_of(raw, name=Path(path).name)


def text_of(raw: bytes, *, name: str) -> str:
    """Read a file's bytes as UTF-8 text (a byte-order mark allowed), or refuse it with where it breaks."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRefused([
            f"Line {line}: {name} is not UTF-8 text (byte {exc.start} cannot be read). "
            "Save it as UTF-8 CSV."
        ]) from exc
    # No text file holds a NUL, and PostgreSQL cannot store one; UTF-16 without a byte-order mark reads as
    # ASCII letters with NULs between them.
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportRefused([
            f"Line {line}: {name} holds a NUL character, so it is not plain text "
            "(perhaps UTF-16). Save it as UTF-8 CSV."
        ])
    return text


def _cut(value: str) -> str:
    """Cut a value short for a message: a stray paste can put thousands of characters in a cell."""
    return value if len(value) <= SHOWN_MAX else value[:SHOWN_MAX] + "…"


def _digits_between(digits: str, low: int, high: int) -> bool:
    """Say whether ASCII digits name a number from low to high; int() refuses runs of over 4,300 digits."""
    significant = digits.lstrip("0") or "0"
    return len(significant) <= len(str(high)) and low <= int(significant) <= high


def _births_row_problems(row: dict[str, str]) -> list[str]:
    """Say what is wrong with one row of a births CSV, in the words a data steward uses."""
    code, year, births, source = (row.get(c, "") for c in BIRTHS_COLUMNS)
    problems = []
    if not AREA_CODE.match(code):
        problems.append(f"area code {_cut(code)!r} is not a nine-character ONS code such as W06000022.")
    this_year = timezone.localdate().year
    if WHOLE_NUMBER.match(year) and _digits_between(year, this_year + 1, 2100):
        problems.append(f"year {year} is still to come: births are counted once a year is over.")
    elif not WHOLE_NUMBER.match(year) or not _digits_between(year, 1990, this_year):
        problems.append(f"year {_cut(year)!r} is not a year from 1990 to {this_year}.")
    if not WHOLE_NUMBER.match(births):
        problems.append(f"live births {_cut(births)!r} is not a whole number (leave the row out if unknown).")
    elif _digits_between(births, 0, 0):
        problems.append("live births 0: no area of Wales has a year without births. If the figure is not "
                        "known, leave the row out.")
    elif not _digits_between(births, 0, MAX_BIRTHS):
        problems.append(f"live births {_cut(births)} is more than any area records in a year.")
    if not source:
        problems.append("the source is empty; every figure needs one.")
    for column in ("area_name", "source"):
        limit = LiveBirths._meta.get_field(column).max_length
        if len(row.get(column, "")) > limit:
            problems.append(f"the {column} is longer than {limit} characters.")
    return problems


def _parse_births(text: str) -> tuple[list[dict], list[str]]:
    if not text.strip():
        return [], [f"The file is empty. Expected a header line: {', '.join(BIRTHS_COLUMNS)}."]
    # newline="" as the csv module asks: a line may end in \r\n, \n or (old Mac files) a bare \r.
    # strict: a file cut short inside a quoted value is refused, not read as if the quote had closed.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        return _births_read(reader)
    except csv.Error as exc:
        # The underlying reader's count: DictReader's own is not kept up to date while it reads the header.
        return [], [_csv_problem(exc, text=text, line=reader.reader.line_num)]


def _csv_problem(exc: csv.Error, *, text: str, line: int) -> str:
    """Say where and how a file breaks the CSV rules, in a data steward's words."""
    if str(exc) == "unexpected end of data":
        start = _last_record_start(text) or line
        ends = f" (the file ends at line {line})" if start != line else ""
        return (
            f"Line {start}: a quoted value opens on this line and is never closed{ends}, so the file may "
            "have been cut short. Close the quotation marks, or export the file again."
        )
    if str(exc).endswith("expected after '\"'"):
        return (
            f"Line {line}: a quoted value is followed by more text before the next comma. Put the whole "
            'value in quotation marks, and double any quotation mark inside it ("").'
        )
    return f"Line {line}: the file cannot be read as CSV ({exc})."


def _last_record_start(text: str) -> int | None:
    """Return the line on which the file's last record starts, reading it as leniently as csv can."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = ended = 0
    try:
        for _ in reader:
            start, ended = ended + 1, reader.line_num
    except csv.Error:
        return None
    return start or None


def _births_read(reader: csv.DictReader) -> tuple[list[dict], list[str]]:
    headers = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in BIRTHS_COLUMNS if c not in headers]
    if missing:
        return [], [f"Missing column(s): {', '.join(missing)}. Expected at least: {', '.join(BIRTHS_COLUMNS)}."]
    rows, problems, seen = [], [], {}
    for raw in reader:
        # line_num is the physical line the row ends on: blank lines and quoted line breaks do not shift it.
        line = reader.line_num
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        extra = [value for value in raw.get(None) or [] if value.strip()]
        if not any(row.values()) and not extra:
            continue  # Excel writes rows of bare commas below the data
        if extra:
            problems.append(f"Line {line}: the row has more values than the header has columns. A number written "
                            'with a comma, such as 1,300, must be in quotation marks ("1,300") or written 1300.')
            continue
        problems += [f"Line {line}: {problem}" for problem in _births_row_problems(row)]
        key = (row["area_code"], row["year"])
        if key in seen:
            twice = f"{_cut(key[0])} {_cut(key[1])}"
            problems.append(f"Line {line}: {twice} appears twice (also on line {seen[key]}).")
        seen.setdefault(key, line)
        rows.append(row)
    if not rows and not problems:
        problems.append("The file has no rows.")
    return rows, problems


def _births_values(row: dict[str, str], *, current: LiveBirths | None, names: tuple[str, ...]) -> dict:
    """Return the fields a row sets; an optional column the file leaves out keeps what is stored.

    The area is its code: a name is kept only where it is one of the area's own (English or Welsh),
    else the portal's name stands, so a file cannot label a figure with any text it likes.
    """
    values = {"births": int(row["live_births"]), "source": row["source"]}
    if "note" in row:
        values["note"] = row["note"]
    elif current is not None and current.note and values["births"] != current.births:
        values["note"] = ""  # a note explains the old figure: it goes with it rather than stand beside the new one
    given = row.get("area_name", "").casefold()
    own = next((name for name in names if name and name.casefold() == given), None)
    if own or current is None or given:
        values["area_name"] = own or names[0]  # the portal's spelling, whatever the file's capitals
    return values


def _births_changes(current: LiveBirths, values: dict) -> list[str]:
    """Say what a row changes in a stored figure: the old number, or which other fields differ."""
    changes = [f"was {current.births}"] if values["births"] != current.births else []
    changes += [
        f"{name.replace('_', ' ')} {'cleared' if name == 'note' and not value else 'changed'}"
        for name, value in values.items()
        if name != "births" and getattr(current, name) != value
    ]
    return changes


def births_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Add or update live births figures from a CSV file, keeping older years."""
    return births_import_text(_read_text(path), dry_run=dry_run)


def births_import_text(text: str, *, dry_run: bool = False, allowed: set[str] | None = None) -> ImportReport:
    """Add or update live births figures from CSV text, all or nothing; allowed limits the area codes it may touch
    (a regional steward's own authorities), None meaning every Welsh area."""
    rows, problems = _parse_births(text)
    if problems:
        raise ImportRefused(problems)
    names = {code: (en, cy) for code, en, cy in LocalAuthority.objects.values_list("code", "name_en", "name_cy")}
    names |= {code: (en, cy) for code, en, cy in Region.objects.values_list(
        "health_board_code", "health_board_en", "health_board_cy")}
    names[WALES_CODE] = ("Wales", "Cymru")
    # A figure for an area the portal does not know would be stored and never used: refuse it instead.
    known = set(names)
    codes = {row["area_code"] for row in rows}
    strangers = sorted(codes - known)
    if strangers:
        raise ImportRefused([
            f"These codes are not a Welsh local authority, health board or Wales ({WALES_CODE}): "
            + ", ".join(strangers) + "."
        ])
    if allowed is not None and (outside := sorted(codes - allowed)):
        raise ImportRefused([
            "These areas are not yours to change: " + ", ".join(f"{names[c][0]} ({c})" for c in outside)
            + ". You can import births only for the local authorities of your own regions"
            + (": " + ", ".join(sorted(allowed)) + "." if allowed else ", and you have none.")
        ])
    report = ImportReport(dry_run=dry_run)
    try:
        with transaction.atomic():
            for row in rows:
                code, year = row["area_code"], int(row["year"])
                current = LiveBirths.objects.filter(area_code=code, year=year).first()
                values = _births_values(row, current=current, names=names[code])
                label = f"{values.get('area_name') or current.area_name} ({code}) {year}: {values['births']}"
                if current is None:
                    LiveBirths.objects.create(area_code=code, year=year, **values)
                    report.created.append(label)
                elif changes := _births_changes(current, values):
                    # Saved one by one, not updated in bulk, so the audit history records each change.
                    for field, value in values.items():
                        setattr(current, field, value)
                    current.save()
                    report.updated.append(f"{label} ({'; '.join(changes)})")
                else:
                    report.unchanged.append(label)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def region_boundaries_refresh() -> None:
    """Store each region's boundary as the database's union of its authorities."""
    for region in Region.objects.all():
        union = LocalAuthority.objects.filter(region=region, boundary__isnull=False).aggregate(
            shape=Union("boundary")
        )["shape"]
        boundary = _as_multipolygon(union) if union else None
        if region.boundary is None or boundary is None or not region.boundary.equals_exact(boundary, tolerance=1e-9):
            region.boundary = boundary
            region.save(update_fields=["boundary"])


def _as_multipolygon(geom: GEOSGeometry) -> MultiPolygon:
    if geom.geom_type == "Polygon":
        geom = MultiPolygon(geom, srid=geom.srid)
    return geom


def boundaries_import(
    *, path: Path | str, code_field: str, name_field: str | None = None, source: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Replace local authority boundaries from a GeoPackage, GeoJSON or shapefile, or change nothing."""
    from .geofiles import read_boundaries  # geopandas is heavy: load it only for imports

    source = source or Path(path).name
    limit = LocalAuthority._meta.get_field("boundary_source").max_length
    # SQLite would store anything; PostgreSQL refuses a longer value, or a NUL, mid-transaction.
    if len(source) > limit or "\x00" in source:
        raise ImportRefused([f"The source {_cut(source)!r} is not plain text of at most {limit} characters."])
    shapes, notes = read_boundaries(path=path, code_field=code_field, name_field=name_field)
    authorities = {la.code: la for la in LocalAuthority.objects.all()}
    missing = sorted(set(authorities) - set(shapes))
    if missing:
        raise ImportRefused(
            [f"Missing {len(missing)} of the {len(authorities)} Welsh local authority codes: {', '.join(missing)}."]
        )
    extras = sorted(set(shapes) - set(authorities))
    report = ImportReport(dry_run=dry_run, notes=notes)
    if extras:
        shown = ", ".join(_cut(code) for code in extras[:10]) + (" …" if len(extras) > 10 else "")
        report.notes.append(f"Ignored {len(extras)} features that are not Welsh local authorities: {shown}")
    try:
        with transaction.atomic():
            for code, la in sorted(authorities.items()):
                geom = GEOSGeometry(memoryview(shapes[code]["wkb"]), srid=WGS84)
                label = f"{la.name_en} ({code})"
                if la.boundary is None:
                    report.created.append(label)
                elif la.boundary.equals_exact(geom, tolerance=1e-7):
                    report.unchanged.append(label)
                    continue
                else:
                    report.updated.append(label)
                name = shapes[code].get("name")
                if name and name != la.name_en:
                    report.notes.append(
                        f"{code} is named {_cut(name)!r} in the file and {la.name_en!r} here; the name is kept."
                    )
                la.boundary, la.boundary_source = geom, source
                la.save(update_fields=["boundary", "boundary_source", "updated_at"])
            region_boundaries_refresh()
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def births_version() -> str:
    """A short fingerprint of every stored births figure: a preview made before it changes is out of date."""
    rows = LiveBirths.objects.order_by("area_code", "year").values_list(
        "area_code", "year", "births", "source", "area_name", "note")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]
