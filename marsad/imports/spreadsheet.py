"""Importers: declared columns, a template to fill in, a dry run, an all-or-nothing apply."""

import csv
import datetime
import io
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import ParseError  # noqa: S405 — only its exception; defusedxml parses

from defusedxml import DefusedXmlException
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from marsad.accounts import scope
from marsad.lib import deferred, formatting
from marsad.lib.exports import safe_cell
from marsad.lib.labels import Label
from marsad.lib.numbers import NotANumber, parse_number

TEMPLATE_ROWS = 1000  # rows the template's validation lists cover


class CellError(ValueError):
    """A cell's value is refused; the message is shown against its row and column."""


@dataclass
class Column:
    key: str
    header: Label  # translated at use
    parse: Callable[[Any], Any] | None = None  # value -> python value, raising CellError
    required: bool = False
    choices: list[Label] = field(default_factory=list)  # offered as a drop-down list
    width: int = 18
    # How a parsed value reads in the dry run's preview (default: `shown`).
    display: Callable[[Any], str] | None = None


@dataclass
class Problem:
    row: int  # as Excel numbers it: the header is row 1
    column: str
    message: str


PREVIEW_ROWS = 10  # the dry run shows the first rows as they will be written


def shown(value) -> str:
    """A parsed cell as the person reads it in the preview."""

    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.date):
        return formatting.format_date(value)
    if isinstance(value, Decimal | int | float):
        return formatting.format_number(value, 4)
    return str(value)


def shown_percent(value) -> str:

    return "" if value is None else formatting.format_percent(value, 2)


@dataclass
class ImportResult:
    rows: list[dict]
    problems: list[Problem]
    # The first rows as they will be written: [(header, text), …] each, so a person
    # sees a mistake (42% read as 0.42) before importing.
    preview: list[list[tuple[str, str]]] = field(default_factory=list)
    # Importers that stream (measurements) keep no rows: they count them, and say how
    # many cells are new, changed or unchanged.
    row_count: int | None = None
    counts: Any = None
    problem_count: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def count(self) -> int:
        return len(self.rows) if self.row_count is None else self.row_count

    @property
    def problems_total(self) -> int:
        return len(self.problems) if self.problem_count is None else self.problem_count


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; the message says why, for the person."""


def _causes(error: BaseException | None):
    """The error and what caused it (openpyxl wraps a worksheet's parse error in its own
    ValueError)."""
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


def _unreadable(error: Exception) -> UnreadableWorkbook:
    causes = list(_causes(error))
    if any(isinstance(cause, DefusedXmlException) for cause in causes):
        return UnreadableWorkbook(
            _(
                "The workbook holds XML entity declarations, which Excel never writes and which are used "
                "to attack servers; it was refused. Save your data in a new workbook from Excel."
            )
        )
    if any(isinstance(cause, zipfile.BadZipFile | zlib.error | EOFError) for cause in causes):
        return UnreadableWorkbook(
            _(
                "The workbook is damaged: a part of it does not unpack to what its index says. "
                "Save it again from Excel and upload the new file."
            )
        )
    return UnreadableWorkbook(
        _("The workbook's contents are damaged and cannot be read. Save it again from Excel and upload the new file.")
    )


class ImportRefused(Exception):
    def __init__(self, problems: list[Problem], problem_count: int | None = None):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems
        self.problems_total = problem_count or len(problems)


class NoProgress:
    """What an importer tells when nobody watches (see `marsad.jobs.progress.Tracker`)."""

    def phase(self, name, total=None):
        pass

    def __call__(self, done, total=None):
        pass


PROGRESS_EVERY = 500  # rows between two progress reports


def _line_count(stream) -> int:
    """Lines in a CSV file (an estimate of its rows, quoted line breaks aside), read
    in blocks: a second of a 200,000-row file's import is well spent on a true bar."""
    count = 0
    while block := stream.read(1 << 20):
        count += block.count(b"\n")
    stream.seek(0)
    return count


def lines(source, progress=None, sheet_names=None):
    """The rows of an uploaded sheet, header first, as tuples of cell values, read as a
    stream: an .xlsx workbook's first sheet (or the one titled one of `sheet_names`:
    nothing when it has none), or a UTF-8 CSV file (nothing when a sheet is named).
    `source` is the file's bytes or a binary file opened for reading; `progress(done,
    total)` is told every few hundred rows."""
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray | memoryview) else source
    progress = progress or NoProgress()
    stream.seek(0)
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(b"PK\x03\x04"):
        # What openpyxl raises on a workbook built to mislead it (an index lying about
        # sizes, entity declarations: refused by defusedxml) or merely broken is said as
        # what is wrong with the file: only openpyxl's code runs in this block.
        try:
            yield from _workbook_lines(stream, progress, sheet_names)
        except (DefusedXmlException, zipfile.BadZipFile, zlib.error, EOFError, ParseError) as error:
            raise _unreadable(error) from error
        except (ValueError, KeyError, IndexError, TypeError) as error:  # openpyxl on odd contents
            raise _unreadable(error) from error
    elif sheet_names is None:
        total = max(_line_count(stream) - 1, 0)
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        try:
            yield from _counted(csv.reader(text), total, progress)
        finally:
            text.detach()


def _workbook_lines(stream, progress, sheet_names):
    book = load_workbook(stream, read_only=True, data_only=True)
    try:
        if sheet_names is None:
            sheet = book.worksheets[0]
        else:
            titled = [s for s in book.worksheets if s.title.strip().casefold() in sheet_names]
            if not titled:
                return
            sheet = titled[0]
        rows = _counted(sheet.iter_rows(), max((sheet.max_row or 1) - 1, 0), progress)
        for row in rows:
            yield tuple(_cell_value(cell) for cell in row)
    finally:
        book.close()


def _counted(rows, total, progress):
    """`rows` (header first), telling `progress` how many data rows have gone by."""
    done = 0
    for done, row in enumerate(rows):  # noqa: B007 — `done` counts on after the loop
        if done % PROGRESS_EVERY == 0 and done:
            progress(done, max(total, done))
        yield row
    progress(done, max(total, done))


def _cell_value(cell):
    """A cell's value as the person typed it: Excel stores 42% as 0.42 with a percent
    format, and the person meant 42."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Decimal(str(value)) * 100
    return value


# --- cell parsers shared by importers ---------------------------------------------------


def text(value):
    return "" if value is None else str(value).strip()


def decimal_between(low, high):
    def parse(value):
        if value in (None, ""):
            return None
        found = number(value)
        if found is None:
            return None
        if not low <= found <= high:
            raise CellError(_("Enter a number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return found

    return parse


def number(value):
    """A number as typed (42, 3,615,100, 42٫5, ٤٢, 42%: `lib.numbers`); its bounds are
    the record's to judge."""
    try:
        return parse_number(value)
    except NotANumber as refused:
        raise CellError(str(refused)) from None


def whole_number(low, high):
    def parse(value):
        if value in (None, ""):
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise CellError(_("Enter a whole number.")) from None
        if number != number.to_integral_value() or not low <= number <= high:
            raise CellError(_("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high})
        return int(number)

    return parse


def yes_no_blank(value):
    """yes / no in either language (نعم / لا); blank for none."""
    raw = text(value).lower()
    if raw == "":
        return None
    if raw in {"no", "false", "0"} | {name.lower() for name in in_every_language(gettext_lazy("no"))}:
        return False
    if raw in {"yes", "true", "1"} | {name.lower() for name in in_every_language(gettext_lazy("yes"))}:
        return True
    raise CellError(_("Answer yes or no."))


def date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise CellError(_("Enter a date as YYYY-MM-DD.")) from None


def month(value):
    """A month as 2026-10 (or any date in it)."""
    if isinstance(value, datetime.datetime | datetime.date):
        return datetime.date(value.year, value.month, 1)
    raw = text(value)
    try:
        year, number = raw.split("-")[:2]
        return datetime.date(int(year), int(number), 1)
    except ValueError:
        raise CellError(_("Enter the month as YYYY-MM, for example 2026-10.")) from None


def in_every_language(lazy_text) -> set[str]:
    """A translatable text as every interface language writes it: a template downloaded
    in English can be uploaded from the Arabic interface, and the other way round."""
    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(lazy_text))
    return names


def header_names(column: Column) -> set[str]:
    """A column's header in every interface language."""
    return in_every_language(column.header)


class Importer:
    """Subclasses set `columns`, `sheet_title` and implement `check` and `write`."""

    columns: list[Column] = []
    sheet_title = "data"

    # The model whose writers may import (see `may_import`).
    model: type[models.Model]

    def __init__(self, user, progress=None):
        self.user = user
        # Told the phase and rows done as the work goes (a job's progress bar, a terminal's).
        self.progress = progress or NoProgress()

    @classmethod
    def may_import(cls, user) -> bool:

        return scope.may_create_some(user, cls.model)

    # --- template ---------------------------------------------------------------------

    # More sheets the template holds after the first: (title, columns) each.
    extra_sheets: list[tuple[Label, list[Column]]] = []

    def template(self) -> bytes:
        """An empty workbook to fill in: Arabic headers, right to left, drop-down lists."""
        book = Workbook()
        sheet = book.active
        sheet.title = self.sheet_title
        lists = book.create_sheet("lists")
        lists.sheet_state = "hidden"
        used = self._template_sheet(sheet, self.columns, lists, 0)
        for title, columns in self.extra_sheets:
            extra = book.create_sheet(str(title), index=len(book.worksheets) - 1)
            used += self._template_sheet(extra, columns, lists, used)
        output = io.BytesIO()
        book.save(output)
        return output.getvalue()

    def _template_sheet(self, sheet, columns, lists, lists_used: int) -> int:
        """Headers, widths and drop-down lists of one sheet; the lists take columns of
        the hidden "lists" sheet after `lists_used`. Returns how many it took."""
        sheet.sheet_view.rightToLeft = True
        header_fill = PatternFill("solid", fgColor="0D3B4F")
        for index, column in enumerate(columns, 1):
            cell = sheet.cell(row=1, column=index, value=str(column.header) + (" *" if column.required else ""))
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            letter = cell.column_letter
            sheet.column_dimensions[letter].width = column.width
            if column.choices:
                list_letter = get_column_letter(lists_used + index)
                for offset, choice in enumerate(column.choices, 1):
                    lists.cell(row=offset, column=lists_used + index, value=safe_cell(str(choice)))
                source = f"lists!${list_letter}$1:${list_letter}${len(column.choices)}"
                validation = DataValidation(type="list", formula1=f"={source}", allow_blank=not column.required)
                validation.error = _("Choose a value from the list.")
                validation.showErrorMessage = True
                sheet.add_data_validation(validation)
                validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
        sheet.freeze_panes = "A2"
        return len(columns)

    # --- reading and checking -----------------------------------------------------------

    def positions(self, header_row) -> tuple[dict[str, int], list[Problem]]:
        """Where each column is in the sheet (by its header, in any language), and a
        problem for each one missing."""
        headers = [text(value).rstrip(" *") for value in header_row]
        positions, missing = {}, []
        for column in self.columns:
            found = [index for index, header in enumerate(headers) if header in header_names(column)]
            if found:
                positions[column.key] = found[0]
            else:
                missing.append(Problem(1, str(column.header), _("This column is missing.")))
        return positions, missing

    def read(self, data: bytes) -> ImportResult:
        """Parse and check every row; nothing is written."""
        self.progress.phase("checking")
        return self.read_lines(lines(data, self.progress))

    def read_lines(self, sheet) -> ImportResult:
        """Parse and check the rows of one sheet (header first)."""
        rows, problems = [], []
        positions, missing = self.positions(next(sheet, ()))
        if missing:
            sheet.close()
            return ImportResult([], missing)
        for number, values in enumerate(sheet, 2):
            if not any(value not in (None, "") for value in values):
                continue  # blank lines are skipped
            row = {"_row": number}
            for column in self.columns:
                position = positions[column.key]
                raw = values[position] if position < len(values) else None
                if raw in (None, "") and column.required:
                    problems.append(Problem(number, str(column.header), _("This cell is required.")))
                    continue
                try:
                    row[column.key] = column.parse(raw) if column.parse else text(raw)
                except CellError as error:
                    problems.append(Problem(number, str(column.header), str(error)))
            rows.append(row)
        if not rows and not problems:
            problems.append(Problem(2, "", _("The sheet has no rows to import.")))
        problems.extend(self.check(rows, problems))
        return ImportResult(rows, sorted(problems, key=lambda p: (p.row, p.column)), preview=self.preview(rows))

    def preview(self, rows) -> list[list[tuple[str, str]]]:
        return [
            [(str(column.header), (column.display or shown)(row.get(column.key))) for column in self.columns]
            for row in rows[:PREVIEW_ROWS]
        ]

    def check(self, rows: list[dict], problems: list[Problem]) -> list[Problem]:
        """Checks across rows and against the database (unknown codes, permissions…)."""
        return []

    # --- writing ------------------------------------------------------------------------

    def apply(self, data: bytes) -> int:
        """Write every row in one transaction, or nothing (ImportRefused with the problems)."""
        result = self.read(data)
        if not result.ok:
            raise ImportRefused(result.problems)
        self.progress.phase("writing", len(result.rows))
        with deferred.writing():
            return self.write(result.rows)

    def write(self, rows: list[dict]) -> int:
        raise NotImplementedError
