"""CSV and Excel exports of the obstacle and requirement lists, of what the reader may read."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def obstacle_rows(obstacles, today):
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Obstacle"), _("Category"), _("Severity"),
        _("Escalation level"), _("Status"), _("Raised on"), _("Age (days)"), _("Responsible entity"), _("Resolution"),
    ]  # fmt: skip
    for o in obstacles:
        yield [
            o.project.code, o.project.name, o.project.owner.name, o.title, o.get_category_display(),
            o.get_severity_display(), o.get_level_display(), o.get_status_display(), o.raised_on,
            o.age_days(today), o.responsible_entity.name if o.responsible_entity else "", o.resolution,
        ]  # fmt: skip


def requirement_rows(requirements):
    yield [
        _("Project code"), _("Project"), _("Owner entity"), _("Requirement"), _("Kind"), _("Quantity"),
        _("Status"), _("Due date"), _("Go-live gate"), _("Responsible entity"),
    ]  # fmt: skip
    for r in requirements:
        yield [
            r.project.code, r.project.name, r.project.owner.name, r.description, r.get_kind_display(),
            r.quantity, r.get_status_display(), r.due_date, _("yes") if r.is_gate else _("no"),
            r.responsible_entity.name if r.responsible_entity else "",
        ]  # fmt: skip


def respond(rows, name: str, fmt: str) -> HttpResponse:
    if fmt == "csv":
        text = io.StringIO()
        text.write("\ufeff")  # so Excel opens the Arabic text as UTF-8
        writer = csv.writer(text)
        for row in rows:
            # A cell starting with = + - @ would be run as a formula by a spreadsheet.
            writer.writerow(["'" + str(v) if str(v)[:1] in "=+-@" else ("" if v is None else v) for v in row])
        response = HttpResponse(text.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook()
        sheet = book.active
        sheet.sheet_view.rightToLeft = True
        for row in rows:
            sheet.append(["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        output = io.BytesIO()
        book.save(output)
        response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="marsad-{name}.{fmt}"'
    return response
