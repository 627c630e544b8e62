"""Spreadsheets as people really fill them in, and the record importers."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from marsad.imports.models import ImportBatch
from marsad.imports.registry import importer_class
from marsad.imports.spreadsheet import ImportRefused
from marsad.obstacles.models import Requirement
from marsad.portfolio.models import Phase, Project
from marsad.reports.imports import ProgressReportImporter
from marsad.reports.models import ProgressReport

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


def filled(importer, rows, formats=None) -> bytes:
    """The importer's template with `rows`; `formats` gives a column's Excel number format."""
    book = load_workbook(io.BytesIO(importer.template()))
    sheet = book.worksheets[0]
    for values in rows:
        sheet.append(list(values))
    for (row, column), number_format in (formats or {}).items():
        sheet.cell(row=row, column=column).number_format = number_format
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_a_percentage_typed_as_excel_stores_it_is_read_as_the_person_meant(client, world):
    """42% in Excel is the number 0.42 with a percent format: it is 42 %, not 0.42 %."""
    client.force_login(world.focal_finance)
    importer = ProgressReportImporter(world.focal_finance)
    data = filled(importer, [("ITAS", "2026-10", 0.42, None, "ربط المصارف", "", "لا")], {(2, 3): "0%"})
    response = client.post(
        reverse("imports:upload", args=["progress-reports"]), {"file": SimpleUploadedFile("r.xlsx", data)}, follow=True
    )
    page = response.content.decode()
    # The dry run shows the value it will write, as the reader writes a percentage.
    assert 'id="preview"' in page and ">\u206642%\u2069<" in page
    batch = ImportBatch.objects.get(pk=response.context["job"].result["batch"])
    client.post(reverse("imports:apply", args=[batch.pk]))
    assert ProgressReport.objects.get(project=world.tax).percent_complete == 42


def test_projects_are_added_and_changed_by_code(world):
    importer = importer_class("projects")(world.pmo)
    data = filled(
        importer,
        [
            ("NEW-1", "بوابة الدفع", "Payment gateway", "MOF", None, 2026, "قيد التنفيذ", 0.1),
            ("NHR", None, None, None, None, None, None, None, None, "2027-09-01"),
        ],
        {(2, 8): "0%"},
    )
    result = importer.read(data)
    assert result.ok, result.problems
    assert [cell for cell in result.preview[0] if cell[1]][:4] == [
        ("رمز المشروع", "NEW-1"),
        ("الاسم بالعربية", "بوابة الدفع"),
        ("الاسم بالإنكليزية", "Payment gateway"),
        ("رمز الجهة المالكة", "وزارة المالية"),
    ]
    assert importer.apply(data) == 2
    created = Project.objects.get(code="NEW-1")
    assert (created.owner, created.status, created.reported_percent) == (world.finance, "execution", 10)
    changed = Project.objects.get(code="NHR")
    assert changed.forecast_go_live == datetime.date(2027, 9, 1) and changed.version == 2
    assert changed.name_ar == "السجل الوطني الصحي"  # blank cells leave what is stored


def test_a_focal_point_imports_phases_of_its_own_projects_only(world):
    importer = importer_class("phases")(world.focal_health)
    data = filled(importer, [("NHR", 3, "التشغيل التجريبي"), ("ITAS", 1, "مرحلة")])
    result = importer.read(data)
    assert [(p.row, p.message) for p in result.problems] == [(3, "لا يوجد مشروع بهذا الرمز.")]
    ok = filled(importer, [("NHR", 3, "التشغيل التجريبي", None, 2)])
    assert importer.apply(ok) == 1
    assert Phase.objects.get(project=world.health_registry, order=3).weight == 2


def test_requirements_import_through_the_same_rules(world):
    importer = importer_class("requirements")(world.focal_health)
    data = filled(importer, [("NHR", "التجهيزات", "مخدمات مركز البيانات", 4, None, "2027-02-01", None, "نعم")])
    assert importer.apply(data) == 1
    requirement = Requirement.objects.get()
    assert (requirement.kind, requirement.quantity, requirement.is_gate) == ("equipment", 4, True)


def test_another_ministrys_project_code_in_an_import_reads_like_an_unknown_one(world):
    importer = importer_class("projects")(world.focal_finance)
    hidden = importer.read(filled(importer, [("NHR", None, None, None, None, None, None, None, "2027-01-01")]))
    absent = importer.read(filled(importer, [("NO-SUCH", None, None, None, None, None, None, None, "2027-01-01")]))
    assert [(p.column, p.message) for p in hidden.problems] == [(p.column, p.message) for p in absent.problems]
    assert hidden.problems


def with_phases(importer, projects, phases) -> bytes:
    """The projects template with `projects` on its first sheet and `phases` on the second."""
    book = load_workbook(io.BytesIO(importer.template()))
    assert [sheet.title for sheet in book.worksheets] == ["projects", "المراحل", "lists"]
    for values in projects:
        book.worksheets[0].append(list(values))
    for values in phases:
        book.worksheets[1].append(list(values))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def test_projects_arrive_with_their_phases_all_or_nothing(world):
    """A ministry's portfolio from its spreadsheet: new projects and their phases, and a
    phase for a project already recorded, in one transaction."""
    importer = importer_class("projects")(world.pmo)
    data = with_phases(
        importer,
        [("NEW-1", "بوابة الدفع", "Payment gateway", "MOF", None, 2027, "قيد التنفيذ")],
        [
            ("NEW-1", 1, "التحليل", None, 1, "منجزة", 100, "2027-01-01", "2027-03-31"),
            ("NEW-1", 2, "التطوير", None, 3, "قيد التنفيذ", 20, "2027-04-01", "2027-10-31"),
            ("NHR", 3, "التشغيل التجريبي", None, 1, None, None),
        ],
    )
    result = importer.read(data)
    assert result.ok, result.problems
    assert result.count == 4
    assert importer_class("projects")(world.pmo).apply(data) == 4
    created = Project.objects.get(code="NEW-1")
    assert [(p.order, p.name_ar, p.percent_complete) for p in created.phases.order_by("order")] == [
        (1, "التحليل", 100),
        (2, "التطوير", 20),
    ]
    assert Project.objects.with_progress().get(code="NEW-1").execution_percent == 40.0  # (1×100 + 3×20) / 4
    assert world.health_registry.phases.count() == 3


def test_a_bad_phase_refuses_the_whole_workbook_naming_sheet_row_and_column(world):
    importer = importer_class("projects")(world.pmo)
    data = with_phases(
        importer,
        [("NEW-1", "بوابة الدفع", None, "MOF", None, None, "قيد التنفيذ")],
        [
            ("NEW-1", 1, "التحليل", None, 1, None, None, "2027-05-01", "2027-03-31"),
            ("NEW-1", 1, "مكررة", None, 1),
            ("NOPE", 1, "لمشروع مجهول", None, 1),
        ],
    )
    result = importer.read(data)
    problems = {(p.row, p.column) for p in result.problems}
    assert problems == {
        (2, "المراحل: النهاية المخططة (YYYY-MM-DD)"),  # ends before it starts
        (3, "المراحل: الترتيب"),  # the same phase twice
        (4, "المراحل: رمز المشروع"),  # no such project
    }, result.problems
    with pytest.raises(ImportRefused):
        importer_class("projects")(world.pmo).apply(data)
    assert not Project.objects.filter(code="NEW-1").exists()  # the good project row was not written either


def test_a_focal_point_cannot_slip_a_phase_into_another_ministrys_project(world):
    importer = importer_class("projects")(world.focal_finance)
    data = with_phases(importer, [("ITAS", None, None, None, None, None, None, 0.5)], [("NHR", 3, "مرحلة", None, 1)])
    result = importer.read(data)
    assert [(p.row, p.column) for p in result.problems] == [(2, "المراحل: رمز المشروع")]
    assert world.health_registry.phases.count() == 2
