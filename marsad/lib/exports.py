"""CSV and Excel downloads of lists: every list that offers one goes through `respond`.

- **Streamed, in constant memory**: rows come from a generator (querysets read with
  `.iterator()`); CSV goes out line by line; the Excel workbook is written by
  openpyxl's write-only mode to a temporary file, then sent in chunks.
- **Cells keep their kind**: empty stays empty, numbers stay numbers, dates stay dates
  (a moment in the site's time zone). Only text a spreadsheet would run as a formula
  (it starts with = + - @, a tab or a carriage return and is not simply a number) is
  neutralised with a leading apostrophe, so an obstacle titled "=HYPERLINK(…)" cannot
  run when a minister opens the file.
- **Readable as it opens**: a right-to-left sheet in Arabic, the header row bold and
  frozen, each column as wide as its header and first rows need.
- **Long work is a job**: each list registers how its rows are built from a request
  (`ListExport`); `download` streams a list of up to MARSAD_EXPORT_INLINE_ROWS rows and
  hands a longer one to the runner the jobs app registers (a background job with a
  progress bar and a download link), so no request waits on a long export.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import chain, islice
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from marsad.lib.labels import Label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 64 * 1024
# Column widths are measured on the header and this many rows.
MEASURED_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 60


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


Cell = str | int | float | Decimal | datetime.date | None
Rows = Iterable[Sequence[Any]]  # the header first, then the rows


def safe_cell(value: object) -> Cell:
    """The value as a spreadsheet cell: None for empty, numbers and dates as they are
    (a moment as the site's local time), text neutralised only when a spreadsheet
    would read it as a formula."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _csv_text(value: object) -> str:
    cell = safe_cell(value)
    if cell is None:
        return ""
    if isinstance(cell, datetime.datetime):
        return cell.isoformat(sep=" ", timespec="minutes")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell)


class _Line:
    """A file-like target for csv.writer that hands back each line written."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(rows: Rows, *, byte_order_mark: bool = True) -> Iterator[bytes]:
    """The one CSV writer: every CSV Marsad produces (lists, jobs' exports, the public
    open data) goes through it, so no cell reaches a spreadsheet as a formula."""
    writer = csv.writer(_Line())
    if byte_order_mark:
        yield "\ufeff".encode()  # so Excel opens the Arabic text as UTF-8
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_csv_text(value) for value in row]))
        if len(batch) >= 500:
            yield "".join(batch).encode()
            batch = []
    if batch:
        yield "".join(batch).encode()


def _width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_workbook(rows: Rows, target: Any, *, title: str = "Marsad") -> None:
    """Write `rows` (the header first) to `target` (a path or a binary file) as one sheet."""
    remaining = iter(rows)
    header: Sequence[Any] = next(remaining, [])
    first = [[safe_cell(value) for value in row] for row in islice(remaining, MEASURED_ROWS)]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(header, start=1):
        widest = max([_width(heading), *(_width(row[index - 1]) for row in first if index <= len(row))])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(widest + 2, MIN_WIDTH), MAX_WIDTH)
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    heading_cells = []
    for heading in header:
        cell = WriteOnlyCell(sheet, value=safe_cell(heading))
        cell.font, cell.alignment = bold, wrapped
        heading_cells.append(cell)
    sheet.append(heading_cells)
    # openpyxl gives a date cell the format yyyy-mm-dd, and a moment yyyy-mm-dd h:mm:ss.
    for row in chain(first, ([safe_cell(value) for value in row] for row in remaining)):
        sheet.append(row)
    book.save(target)


def xlsx_chunks(rows: Rows, title: str) -> Iterator[bytes]:
    with tempfile.TemporaryFile() as stored:
        write_workbook(rows, stored, title=title)
        stored.seek(0)
        while chunk := stored.read(CHUNK):
            yield chunk


def respond(rows: Rows, name: str, fmt: str) -> StreamingHttpResponse:
    """`rows` (the header first) as a download named marsad-<name>.<fmt> (csv or xlsx),
    streamed. Give a generator: the rows are read as they are written."""
    if fmt == "csv":
        response = StreamingHttpResponse(csv_chunks(rows), content_type="text/csv; charset=utf-8")
    else:
        # The language is read while the request is active, not when the body is sent.
        language = translation.get_language()

        def chunks() -> Iterator[bytes]:
            with translation.override(language):
                yield from xlsx_chunks(rows, name)

        response = StreamingHttpResponse(chunks(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="marsad-{name}.{fmt}"'
    return response


# --- the lists that export, and exports too long for a request ---------------------------


@dataclass(frozen=True)
class ListExport:
    """How a list's export is built from a request (its `user` and `GET`): `rows(request)`
    gives the header and the rows as on screen; `count(request)` how many rows will come
    (None: few enough always to stream)."""

    name: str
    rows: Callable[[Any], Rows]
    count: Callable[[Any], int] | None = None
    title: Label = ""  # what the list is called, for the job that builds a long export


def filtered_list(name: str, title: Label, filtered: Callable[[Any], Any], rows: Callable[[Any], Rows]) -> ListExport:
    """A list shown through a filter set: `filtered(request)` is the filter set over what
    the reader may read, `rows(queryset)` the header and rows of its filtered records."""
    return ListExport(
        name,
        rows=lambda request: rows(filtered(request).qs),
        count=lambda request: int(filtered(request).qs.count()),
        title=title,
    )


_lists: dict[str, ListExport] = {}
_long_runner: Callable[[HttpRequest, ListExport, str], HttpResponse] | None = None


def register(export: ListExport) -> None:
    _lists[export.name] = export


def registered(name: str) -> ListExport | None:
    return _lists.get(name)


def register_long_runner(runner: Callable[[HttpRequest, ListExport, str], HttpResponse]) -> None:
    """`runner(request, export, fmt)` answers for an export too long to build in a request."""
    global _long_runner
    _long_runner = runner


def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The list `name` as `request` shows it, as a file: streamed when short, else a job."""
    if fmt not in FORMATS:
        raise Http404
    export = _lists[name]
    long = export.count is not None and export.count(request) > settings.MARSAD_EXPORT_INLINE_ROWS
    if long and _long_runner is not None:
        return _long_runner(request, export, fmt)
    return respond(export.rows(request), name, fmt)
