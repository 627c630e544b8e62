"""Exports: cells keep their kind; only formula-like text is neutralised."""

import csv
import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from marsad.lib.exports import respond, safe_cell

ROWS = [
    ["title", "days", "amount", "due", "note"],
    ['=HYPERLINK("http://x")', -5, Decimal("-12.5"), datetime.date(2026, 3, 1), None],
    ["ربط المصارف", 0, None, None, "-"],
]


def test_empty_stays_empty_numbers_stay_numbers_formulas_are_neutralised_in_csv():
    text = respond(ROWS, "t", "csv").getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ['\'=HYPERLINK("http://x")', "-5", "-12.5", "2026-03-01", ""]
    assert rows[2] == ["ربط المصارف", "0", "", "", "'-"]


def test_excel_cells_keep_their_kind():
    book = load_workbook(io.BytesIO(respond(ROWS, "t", "xlsx").getvalue()))
    second = [cell.value for cell in book.active[2]]
    assert second[0] == '\'=HYPERLINK("http://x")'
    assert second[1] == -5 and isinstance(second[1], int)
    assert second[2] == -12.5
    assert second[3].date() == datetime.date(2026, 3, 1)
    assert second[4] is None


def test_text_that_is_just_a_number_is_left_alone():
    assert safe_cell("-5") == "-5"
    assert safe_cell("+963 11 123") == "'+963 11 123"
    assert safe_cell("") is None
