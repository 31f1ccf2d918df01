"""Whatever file a steward gives import_births, it is imported or refused whole, never a crash."""

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regions.importers import BIRTHS_COLUMNS
from regions.models import LocalAuthority

from .imports import import_outcome
from .strategies import noise, numberish
from .tally import FUZZ, examples, tallied

pytestmark = pytest.mark.django_db

OPTIONAL_COLUMNS = ("area_name", "note")
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1")


def _area_codes(codes: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(codes), st.from_regex(r"[EKNSW][0-9]{8}", fullmatch=True))


@st.composite
def likely_rows(draw, *, codes: list[str]) -> list[list[str]]:
    """A header and rows a steward might really send: mostly good, with repeats and a few slips."""
    columns = [*BIRTHS_COLUMNS, *draw(st.lists(st.sampled_from(OPTIONAL_COLUMNS), unique=True))]
    values = {
        "area_code": st.sampled_from(codes),
        "year": st.integers(2080, 2095).map(str),
        "live_births": st.integers(0, 5_000).map(str),
        "source": st.sampled_from(["ONS", "NCCHD", "StatsWales"]),
        "area_name": st.text(max_size=30),
        "note": st.text(max_size=60),
    }
    row = st.tuples(*(values[name] for name in columns)).map(list)
    return [columns, *draw(st.lists(row, min_size=1, max_size=6))]


@st.composite
def noisy_rows(draw, *, codes: list[str]) -> list[list[str]]:
    """A header and rows: the columns in any order, some missing or repeated, extra ones, odd values."""
    known = [*BIRTHS_COLUMNS, *OPTIONAL_COLUMNS]
    columns = draw(st.one_of(
        st.permutations(known),
        st.lists(st.one_of(st.sampled_from(known), noise()), max_size=8),
    ))
    values = {
        "area_code": st.one_of(_area_codes(codes), noise()),
        "year": st.one_of(st.integers(1985, 2105).map(str), numberish()),
        "live_births": st.one_of(st.integers(0, 2_000_000).map(str), numberish()),
        "source": st.one_of(st.sampled_from(["ONS", "NCCHD"]), noise()),
    }
    cells = [values.get(name, noise()) for name in columns]
    aligned = st.tuples(*cells).map(list)
    # Some rows are short or long for the header.
    ragged = st.lists(st.one_of(*cells) if cells else noise(), max_size=len(columns) + 2)
    return [list(columns), *draw(st.lists(st.one_of(aligned, aligned, ragged), max_size=6))]


def as_csv(rows: list[list[str]], *, quoted: bool) -> str:
    if not quoted:  # what a hand-made file looks like: no quoting at all
        return "".join(",".join(row) + "\n" for row in rows)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@st.composite
def births_files(draw, *, codes: list[str]) -> bytes:
    """The bytes of a births file: a CSV in some encoding, or random bytes, or nothing."""
    kind = draw(st.sampled_from(["csv", "csv", "csv", "bytes", "empty"]))
    if kind == "bytes":
        return draw(st.binary(max_size=300))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"\xef\xbb\xbf", b",,,\n,,,\n"]))
    rows = draw(st.one_of(likely_rows(codes=codes), noisy_rows(codes=codes)))
    text = as_csv(rows, quoted=draw(st.booleans()))
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def cut_in_a_quote(draw, *, codes: list[str]) -> bytes:
    """A good file whose last value opens a quotation mark that the end of the file never closes."""
    rows = draw(likely_rows(codes=codes))
    last = rows[-1][:draw(st.integers(0, len(rows[-1]) - 1))]
    cut = draw(st.text(alphabet=st.characters(exclude_characters='"\x00', exclude_categories=("Cs",)), max_size=20))
    text = as_csv(rows[:-1], quoted=draw(st.booleans())) + "".join(value + "," for value in last) + '"' + cut
    return text.encode("utf-8")


def births_files_or_cut_ones(*, codes: list[str]) -> st.SearchStrategy[tuple[bytes, bool]]:
    """A births file, and whether it is cut short inside a quoted value (which must be refused)."""

    def made(cut: bool) -> st.SearchStrategy[tuple[bytes, bool]]:
        return (cut_in_a_quote if cut else births_files)(codes=codes).map(lambda content: (content, cut))

    return st.sampled_from([False] * 5 + [True]).flatmap(made)


def test_any_births_file_is_imported_or_refused_whole(tmp_path):
    codes = sorted(LocalAuthority.objects.values_list("code", flat=True))
    path = tmp_path / "births.csv"
    with tallied("import_births") as tally:

        @settings(max_examples=examples(250), **FUZZ)
        @given(
            content=births_files_or_cut_ones(codes=codes),
            dry_run=st.booleans(),
        )
        def imported_or_refused(content, dry_run):
            content, must_refuse = content
            path.write_bytes(content)
            outcome = import_outcome("import_births", path, tally=tally, dry_run=dry_run)
            assert outcome == "refused" or not must_refuse, "a file cut short inside a quoted value was read"

        imported_or_refused()
