"""Files for spreadsheet programs: cells they will not run as formulas, and CSV that Excel reads as UTF-8.

Every CSV the portal gives (the gap, the recommendations, their evidence) is written here, one way.
"""

import csv
import io
from collections.abc import Iterable

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Defuse text that a spreadsheet would run as a formula by prefixing an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_append(sheet, row: list) -> None:
    """Add a row to a workbook's sheet with every text as text, exactly as it is.

    A workbook, unlike a CSV, says each cell's type: a text cell is never run, so it needs no apostrophe.
    openpyxl alone would store text starting with "=" as a formula: those cells are marked as text.
    """
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"


def csv_bytes(rows: Iterable[list]) -> bytes:
    """Write the rows (a header first) as CSV in UTF-8, each cell neutralised."""
    out = io.StringIO()
    csv.writer(out).writerows([neutralise(value) for value in row] for row in rows)
    # A byte-order mark makes Excel read the file as UTF-8, so Welsh letters such as ŵ and ô survive.
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
