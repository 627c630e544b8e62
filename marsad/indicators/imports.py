"""Indicator values from a spreadsheet or a CSV export, at any size.

Unlike progress reports, values are not collected into a list: rows stream from the
file into `ingest`, a chunk at a time, so memory stays flat however long the file.
The dry run is the import itself, rolled back: what it reports (new, changed and
unchanged values, every bad row) is exactly what applying will do.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.accounts import scope
from marsad.imports.spreadsheet import PREVIEW_ROWS, Column, Importer, ImportRefused, ImportResult, Problem, lines
from marsad.indicators.choices import Source
from marsad.indicators.ingest import NotGranted, ingest
from marsad.indicators.models import MAX_DIMENSIONS, Indicator
from marsad.indicators.templatetags.indicators import in_unit
from marsad.lib.formatting import format_date
from marsad.lib.numbers import NotANumber, parse_number


class _Refused(Exception):
    """Rolls the dry run back."""


class MeasurementImporter(Importer):
    kind = "measurements"
    sheet_title = "values"
    title = gettext_lazy("Import indicator values")
    help = gettext_lazy(
        "One row per indicator, period and breakdown. The period is the first day of the "
        "indicator's period (a month as 2024-03-01 or 2024-03). Breakdown columns take the "
        "values of the indicator's dimensions in order (code or name). Sending a value again "
        "changes nothing; a new value replaces the old one, which is kept in the history."
    )
    columns = [
        Column("indicator", gettext_lazy("Indicator code"), required=True, width=18),
        Column("period", gettext_lazy("Period (YYYY-MM-DD)"), required=True, width=18),
        Column("value", gettext_lazy("Value"), required=True, width=14),
        Column("breakdown_1", gettext_lazy("Breakdown 1"), width=18),
        Column("breakdown_2", gettext_lazy("Breakdown 2"), width=18),
        Column("breakdown_3", gettext_lazy("Breakdown 3"), width=18),
    ]

    @classmethod
    def may_import(cls, user) -> bool:

        return scope.can_use_pages(user) and scope.may_write_some_values(user, Indicator.objects.measured())

    def _header(self, key) -> str:
        return next(str(column.header) for column in self.columns if column.key == key)

    def _run(self, source) -> ImportResult:
        sheet = lines(source, self.progress)
        positions, missing = self.positions(next(sheet, ()))
        # Breakdown columns may be left out when no indicator in the file has dimensions.
        missing = [p for p in missing if p.column in {self._header(k) for k in ("indicator", "period", "value")}]
        if missing:
            sheet.close()
            return ImportResult([], missing)
        at = {key: positions.get(key) for key in ("indicator", "period", "value")}
        cells = [positions.get(f"breakdown_{n}") for n in range(1, MAX_DIMENSIONS + 1)]
        width = max(position for position in positions.values()) + 1
        rows_seen = 0
        first_rows: list[Any] = []

        def rows():
            nonlocal rows_seen
            for number, values in enumerate(sheet, 2):
                if len(values) < width:
                    values = (*values, *([None] * (width - len(values))))
                if not any(value not in (None, "") for value in values):
                    continue
                rows_seen += 1
                breakdown = [values[p] if p is not None else None for p in cells]
                while breakdown and breakdown[-1] in (None, ""):
                    breakdown.pop()
                row = (number, values[at["indicator"]], values[at["period"]], breakdown, values[at["value"]])
                if len(first_rows) < PREVIEW_ROWS:
                    first_rows.append(row)
                yield row

        try:
            counts, found, total = ingest(rows(), user=self.user, source=Source.IMPORT)
        except NotGranted as refused:
            sheet.close()
            return ImportResult(
                [],
                [Problem(0, self._header("indicator"), _("You may not send values of %(code)s.") % {"code": refused})],
            )
        problems = [Problem(p.where, self._column(p), p.message) for p in found]
        if not rows_seen and not problems:
            problems.append(Problem(2, "", _("The sheet has no rows to import.")))
        return ImportResult(
            [],
            problems,
            row_count=rows_seen,
            counts=counts,
            problem_count=total or len(problems),
            preview=self._preview(first_rows),
        )

    def _preview(self, rows) -> list[list[tuple[str, str]]]:
        """The first rows as they will be written, each value in its indicator's unit."""

        units = dict(Indicator.objects.filter(code__in={str(r[1]) for r in rows}).values_list("code", "unit"))
        preview = []
        for _number, code, period, breakdown, value in rows:
            try:
                amount = in_unit(parse_number(value), units.get(str(code)))
            except (NotANumber, TypeError, ValueError):
                amount = str(value)
            when = format_date(period) if isinstance(period, datetime.date) else str(period or "")
            preview.append(
                [
                    (self._header("indicator"), str(code or "")),
                    (self._header("period"), when),
                    (self._header("value"), amount),
                    (str(_("Breakdown")), " · ".join(str(b) for b in breakdown if b not in (None, ""))),
                ]
            )
        return preview

    def _column(self, problem) -> str:
        """The column as the sheet names it; for a breakdown, with the dimension's name."""
        if problem.field in ("indicator", "period", "value"):
            return self._header(problem.field)
        if problem.position:
            return f"{self._header(f'breakdown_{problem.position}')} ({problem.label})"
        return problem.label or problem.field

    def read(self, data) -> ImportResult:
        """Check every row and count what would change; nothing is kept."""
        self.progress.phase("checking")
        try:
            with transaction.atomic():
                result = self._run(data)
                raise _Refused
        except _Refused:
            return result

    def apply(self, data) -> int:
        self.progress.phase("writing")  # rows are checked and written as they are read
        with transaction.atomic():
            result = self._run(data)
            if not result.ok:
                transaction.set_rollback(True)
                raise ImportRefused(result.problems, result.problems_total)
        return result.count
