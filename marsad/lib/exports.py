"""CSV and Excel downloads of lists, for every list that offers one.

Cells keep their kind: empty stays empty, numbers stay numbers, dates stay dates. Only
text a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return and is not simply a number) is neutralised with a leading apostrophe, so an
obstacle titled "=HYPERLINK(…)" cannot run when a minister opens the file.
"""

import csv
import datetime
import io
from decimal import Decimal, InvalidOperation

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def safe_cell(value):
    """The value as a spreadsheet cell: None for empty, numbers and dates as they are,
    text neutralised only when a spreadsheet would read it as a formula."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _csv_text(value) -> str:
    cell = safe_cell(value)
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime | datetime.date):
        return cell.isoformat()
    return str(cell)


def respond(rows, name: str, fmt: str) -> HttpResponse:
    """`rows` (the header first) as a download named marsad-<name>.<fmt> (csv or xlsx)."""
    if fmt == "csv":
        text = io.StringIO()
        text.write("\ufeff")  # so Excel opens the Arabic text as UTF-8
        writer = csv.writer(text)
        for row in rows:
            writer.writerow([_csv_text(value) for value in row])
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook()
        sheet = book.active
        sheet.sheet_view.rightToLeft = True
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="marsad-{name}.{fmt}"'
    return response
