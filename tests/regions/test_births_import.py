"""A data steward imports live births from a CSV: figures are added whole, or refused with the line to fix."""

import datetime
from pathlib import Path

import pytest

from regions.models import LiveBirths
from regions.selectors import births_latest

from .commands import command_output, command_refused, stored_births

pytestmark = pytest.mark.django_db

# A year past, after the seed's latest (2024), so the tests do not lean on the seed's numbers.
YEAR = 2025
THIS_YEAR = datetime.date.today().year
HEADER = "area_code,area_name,year,live_births,source\n"
NEWPORT_NEW = f"W06000022,Newport,{YEAR},1850,ONS\n"


def births_csv(tmp_path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / "births.csv"
    path.write_bytes(text.encode(encoding))
    return path


def births_refused(path: Path) -> str:
    return command_refused("import_births", str(path), snapshot=stored_births)


@pytest.fixture
def stored() -> None:
    """Figures an earlier import left: Cardiff and Anglesey for YEAR, Newport two years before."""
    LiveBirths.objects.bulk_create([
        LiveBirths(area_code="W06000015", area_name="Cardiff", year=YEAR, births=3674, source="NCCHD",
                   note="health board total minus the Vale"),
        LiveBirths(area_code="W06000001", area_name="Isle of Anglesey", year=YEAR, births=496, source="NCCHD",
                   note="same table"),
        LiveBirths(area_code="W06000022", area_name="Newport", year=YEAR - 2, births=1901, source="ONS"),
    ])


def test_a_good_file_adds_new_years_updates_changed_figures_and_says_which(stored, tmp_path):
    path = births_csv(tmp_path, HEADER + NEWPORT_NEW + f"W06000015,Cardiff,{YEAR},3700,NCCHD\n"
                      f"W06000001,Isle of Anglesey,{YEAR},496,NCCHD\n")
    output = command_output("import_births", str(path))
    assert output.splitlines() == [
        "1 were created, 1 were updated, 1 unchanged.",
        f"  created: Newport (W06000022) {YEAR}: 1850",
        f"  updated: Cardiff (W06000015) {YEAR}: 3700 (was 3674; note cleared)",
    ]
    assert LiveBirths.objects.get(area_code="W06000015", year=YEAR).births == 3700
    assert LiveBirths.objects.get(area_code="W06000022", year=YEAR).source == "ONS"


def test_older_years_are_kept_and_the_latest_year_is_the_one_shown(stored, tmp_path):
    path = births_csv(tmp_path, HEADER + NEWPORT_NEW + f"W06000015,Cardiff,{YEAR - 11},3900,ONS\n")
    command_output("import_births", str(path))
    newport = LiveBirths.objects.filter(area_code="W06000022", year__gte=YEAR - 2)
    assert dict(newport.values_list("year", "births")) == {YEAR - 2: 1901, YEAR: 1850}
    latest = births_latest(area_codes=["W06000022", "W06000015"])
    assert {code: (row.year, row.births) for code, row in latest.items()} == {
        "W06000022": (YEAR, 1850),
        "W06000015": (YEAR, 3674),
    }
    assert LiveBirths.objects.filter(area_code="W06000015", year=YEAR - 11, births=3900).exists()


def test_a_file_without_the_optional_columns_keeps_the_stored_names_and_the_notes_of_unchanged_figures(
        stored, tmp_path):
    path = births_csv(tmp_path, "area_code,year,live_births,source\n"
                      f"W06000001,{YEAR},496,NCCHD\nW06000015,{YEAR},3700,NCCHD\n")
    output = command_output("import_births", str(path))
    assert output.splitlines()[0] == "0 were created, 1 were updated, 1 unchanged."
    rows = LiveBirths.objects.filter(year=YEAR).values_list("area_code", "area_name", "note")
    assert {code: (name, note) for code, name, note in rows} == {
        "W06000001": ("Isle of Anglesey", "same table"),
        "W06000015": ("Cardiff", ""),  # its note explained the old figure
    }


def test_a_changed_note_is_reported_even_when_the_figure_is_the_same(stored, tmp_path):
    path = births_csv(tmp_path, "area_code,year,live_births,source,note\n"
                      f"W06000001,{YEAR},496,NCCHD,revised\n")
    output = command_output("import_births", str(path))
    assert f"  updated: Isle of Anglesey (W06000001) {YEAR}: 496 (note changed)" in output.splitlines()
    assert LiveBirths.objects.get(area_code="W06000001", year=YEAR).note == "revised"


CARDIFF = {"area_code": "W06000015", "area_name": "Cardiff", "year": str(YEAR), "live_births": "3700",
                "source": "NCCHD"}
# A good Newport row on line 2, then a Cardiff row on line 3 with one field wrong, and what the steward reads.
BAD_CARDIFF_ROWS = {
    "births-not-a-number": ({"live_births": "about 3700"}, "live births 'about 3700' is not a whole number"),
    "births-negative": ({"live_births": "-5"}, "live births '-5' is not a whole number"),
    "births-superscript-digit": ({"live_births": "3²"}, "live births '3²' is not a whole number"),
    "births-too-many": ({"live_births": "37000000"}, "live births 37000000 is more than any area records"),
    # 0 would publish "no need" for an area whose figure is simply not known.
    "births-zero": ({"live_births": "000"}, "live births 0: no area of Wales has a year without births"),
    "bad-area-code": ({"area_code": "Cardiff"}, "area code 'Cardiff' is not a nine-character ONS code"),
    "two-digit-year": ({"year": "24"}, f"year '24' is not a year from 1990 to {THIS_YEAR}."),
    "year-out-of-range": ({"year": "1850"}, f"year '1850' is not a year from 1990 to {THIS_YEAR}."),
    "year-to-come": ({"year": str(THIS_YEAR + 1)}, f"year {THIS_YEAR + 1} is still to come"),
    "empty-source": ({"source": ""}, "the source is empty"),
    "source-too-long": ({"source": "S" * 201}, "the source is longer than 200 characters."),
    "duplicate-row": ({"area_code": "W06000022"}, f"W06000022 {YEAR} appears twice (also on line 2)."),
    # Found by tests/fuzz: int() refuses more than 4,300 digits, which crashed the import.
    "births-too-long-to-read": ({"live_births": "9" * 4301}, f"live births {'9' * 40}… is more than any"),
    "year-too-long-to-read": ({"year": "2" * 4301}, f"year '{'2' * 40}…' is not a year from 1990 to"),
}


@pytest.mark.parametrize(("change", "message"), BAD_CARDIFF_ROWS.values(), ids=BAD_CARDIFF_ROWS.keys())
def test_a_bad_row_is_refused_with_its_line_number_and_nothing_changes(tmp_path, change, message):
    cardiff = ",".join((CARDIFF | change).values())
    path = births_csv(tmp_path, HEADER + NEWPORT_NEW + cardiff + "\n")
    assert f"Line 3: {message}" in births_refused(path)


CARDIFF_NOT_A_NUMBER = f"W06000015,Cardiff,{YEAR},n/a,NCCHD\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("area_code,year,live_births\nW06000022,2024,1850\n", "Missing column(s): source.",
                     id="missing-column"),
        pytest.param(HEADER + NEWPORT_NEW + "\n" + CARDIFF_NOT_A_NUMBER, "Line 4: live births 'n/a'",
                     id="line-count-after-a-blank-line"),
        pytest.param(HEADER + f'W06000022,"Newport\n(Casnewydd)",{YEAR},1850,ONS\n' + CARDIFF_NOT_A_NUMBER,
                     "Line 4: live births 'n/a'", id="line-count-after-a-quoted-line-break"),
        pytest.param(HEADER, "The file has no rows.", id="header-only"),
        pytest.param("", "The file is empty.", id="empty-file"),
    ],
)
def test_a_bad_file_is_refused_with_what_to_fix_and_nothing_changes(tmp_path, text, message):
    assert message in births_refused(births_csv(tmp_path, text))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # Found by tests/fuzz: it crashed the import with a csv.Error.
        pytest.param(f'"{"x" * 200_000}"\n'.encode(), "Line 1: the file cannot be read as CSV (field",
                     id="a-field-too-long-for-the-csv-module"),
        # PostgreSQL cannot store a NUL; UTF-16 without a byte-order mark reads as ASCII and NULs.
        pytest.param("area_code\n".encode("utf-16-le"), "Line 1: births.csv holds a NUL character, so it is "
                     "not plain text (perhaps UTF-16).", id="utf-16-without-a-byte-order-mark"),
        pytest.param((HEADER + NEWPORT_NEW.replace("ONS", "ONS\x00")).encode(), "Line 2: births.csv holds",
                     id="a-nul-in-a-field"),
    ],
)
def test_a_file_that_is_not_csv_text_is_refused_with_its_line(tmp_path, content, message):
    path = tmp_path / "births.csv"
    path.write_bytes(content)
    assert message in births_refused(path)


def test_a_file_with_old_mac_line_endings_is_read_line_by_line(tmp_path):
    # Found by tests/fuzz: a bare carriage return inside a line crashed the import with a csv.Error.
    mac = (HEADER + NEWPORT_NEW + CARDIFF_NOT_A_NUMBER).replace("\n", "\r")
    assert "Line 3: live births 'n/a'" in births_refused(births_csv(tmp_path, mac))


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    anglesey = "W06000001,Ynys Môn,2024,500,NCCHD\n"
    path = births_csv(tmp_path, HEADER + NEWPORT_NEW + anglesey, encoding="cp1252")
    message = births_refused(path)
    assert "Line 3: births.csv is not UTF-8 text" in message
    assert "Save it as UTF-8 CSV" in message


def test_a_dry_run_reports_what_would_change_and_changes_nothing(tmp_path):
    before = stored_births()
    output = command_output("import_births", str(births_csv(tmp_path, HEADER + NEWPORT_NEW)), dry_run=True)
    assert output.splitlines() == ["1 would be created, 0 would be updated, 0 unchanged.",
                                   f"  created: Newport (W06000022) {YEAR}: 1850"]
    assert stored_births() == before


def test_a_file_saved_by_excel_with_a_byte_order_mark_and_empty_rows_is_accepted(tmp_path):
    excel = (HEADER + f"W06000001,Ynys Môn,{YEAR},510,NCCHD\n" + ",,,,\n").replace("\n", "\r\n")
    output = command_output("import_births", str(births_csv(tmp_path, excel, encoding="utf-8-sig")))
    assert output.startswith("1 were created")
    anglesey = LiveBirths.objects.get(area_code="W06000001", year=YEAR)
    assert (anglesey.area_name, anglesey.births) == ("Ynys Môn", 510)


def test_a_code_that_is_not_a_welsh_area_is_refused_and_nothing_changes(tmp_path):
    path = tmp_path / "births.csv"
    path.write_text("area_code,year,live_births,source\nW06000022,2023,1900,ONS\nE06000050,2023,3000,ONS\n"
                    "W06000099,2023,10,ONS\n", encoding="utf-8")
    message = command_refused("import_births", str(path), snapshot=stored_births)
    assert "E06000050" in message and "W06000099" in message


NAME_LAST = "area_code,year,live_births,source,area_name\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # Found by review: the last value was read as if its quotation mark had closed, and imported.
        pytest.param(NAME_LAST + f"W06000015,{YEAR},3700,NCCHD,Cardiff\nW06000022,{YEAR},1850,ONS,\"Newport",
                     "Line 3: a quoted value opens on this line and is never closed, so the file may have "
                     "been cut short. Close the quotation marks, or export the file again.",
                     id="cut-short-in-a-quoted-value"),
        # Found by review: the rows after the open quotation mark were read into one area name, and imported.
        pytest.param(NAME_LAST + f"W06000001,{YEAR},496,NCCHD,\"Isle of Anglesey\n"
                     f"W06000022,{YEAR},1850,ONS,Newport\n",
                     "Line 2: a quoted value opens on this line and is never closed (the file ends at line 3",
                     id="a-quotation-mark-never-closed"),
        pytest.param(NAME_LAST + f"W06000022,{YEAR},1850,ONS,\"Newport\" (Casnewydd)\n",
                     "Line 2: a quoted value is followed by more text before the next comma.",
                     id="text-after-a-closing-quotation-mark"),
    ],
)
def test_a_file_that_breaks_the_csv_rules_is_refused_with_the_line_to_fix(tmp_path, text, message):
    assert message in births_refused(births_csv(tmp_path, text))


def test_a_row_with_more_values_than_the_header_is_refused_not_read_short(tmp_path):
    # An unquoted thousands separator splits the figure in two: 1 and 300.
    path = births_csv(tmp_path, HEADER + f"W06000022,Newport,{YEAR},1,300,ONS\n")
    message = births_refused(path)
    assert "Line 2: the row has more values than the header has columns" in message and '"1,300"' in message
    assert not LiveBirths.objects.filter(area_code="W06000022", year=YEAR).exists()


def test_a_changed_figure_drops_the_note_that_explained_the_old_one(stored, tmp_path):
    LiveBirths.objects.filter(area_code="W06000015", year=YEAR).update(note="derived: board total minus the Vale")
    output = command_output("import_births", str(births_csv(tmp_path, "area_code,year,live_births,source\n"
                                                            f"W06000015,{YEAR},3675,NCCHD\n")))
    assert "note cleared" in output
    assert LiveBirths.objects.get(area_code="W06000015", year=YEAR).note == ""


def test_a_name_that_is_not_the_areas_own_is_replaced_by_the_portals(tmp_path):
    """The code says which area a figure is for: a file cannot label it with any text it likes."""
    text = (HEADER + f'W06000022,"=HYPERLINK(""http://example.org"")",{YEAR},1850,ONS\n'
            f"W06000001,Ynys Môn,{YEAR},510,NCCHD\nW06000015,cARDIFF,{YEAR},3700,NCCHD\n")
    command_output("import_births", str(births_csv(tmp_path, text)))
    assert LiveBirths.objects.get(area_code="W06000022", year=YEAR).area_name == "Newport"
    assert LiveBirths.objects.get(area_code="W06000001", year=YEAR).area_name == "Ynys Môn"
    assert LiveBirths.objects.get(area_code="W06000015", year=YEAR).area_name == "Cardiff", "in the portal's spelling"
