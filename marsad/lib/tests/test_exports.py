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


def test_the_sheet_reads_right_to_left_in_arabic_with_a_frozen_bold_header_and_fitting_widths():
    from django.utils import translation

    rows = [["العنوان", "التاريخ"], ["ربط المصارف العاملة بمنظومة الدفع الإلكتروني", datetime.date(2026, 12, 31)]]
    with translation.override("ar"):
        book = load_workbook(io.BytesIO(respond(iter(rows), "t", "xlsx").getvalue()))
    sheet = book.active
    assert sheet.sheet_view.rightToLeft is True
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.b is True
    assert sheet.column_dimensions["A"].width >= len(rows[1][0])  # the long title fits
    assert 10 <= sheet.column_dimensions["B"].width < 20
    assert sheet["B2"].is_date and sheet["B2"].number_format == "yyyy-mm-dd"
    with translation.override("en"):
        book = load_workbook(io.BytesIO(respond(iter(rows), "t", "xlsx").getvalue()))
    assert not book.active.sheet_view.rightToLeft


def test_a_moment_is_written_in_the_sites_time_zone():
    from django.utils import timezone

    moment = datetime.datetime(2026, 11, 28, 7, 30, tzinfo=datetime.UTC)  # 10:30 in Damascus
    rows = [["when"], [moment]]
    assert respond(iter(rows), "t", "csv").getvalue().decode("utf-8-sig").splitlines()[1] == "2026-11-28 10:30"
    cell = load_workbook(io.BytesIO(respond(iter(rows), "t", "xlsx").getvalue())).active["A2"]
    assert cell.value == timezone.localtime(moment).replace(tzinfo=None)


def test_rows_are_read_as_they_are_sent():
    """The response is streamed: rows are pulled from the generator while the body goes out."""
    pulled = []

    def rows():
        yield ["n"]
        for n in range(3):
            pulled.append(n)
            yield [n]

    response = respond(rows(), "t", "csv")
    assert response.streaming and pulled == []
    assert response.getvalue().decode("utf-8-sig").split() == ["n", "0", "1", "2"]
    assert pulled == [0, 1, 2]
