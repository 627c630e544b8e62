"""Importing progress reports from Excel: template, dry run, all-or-nothing, upload checks."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from marsad.imports import spreadsheet
from marsad.imports.models import ImportBatch
from marsad.imports.spreadsheet import ImportRefused
from marsad.portfolio.models import Project
from marsad.reports.imports import ProgressReportImporter
from marsad.reports.models import ProgressReport

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC)
URL = reverse("imports:upload", args=["progress-reports"])


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


def workbook(user, rows) -> bytes:
    """The downloadable template, filled in with `rows`."""
    book = load_workbook(io.BytesIO(ProgressReportImporter(user).template()))
    sheet = book["reports"]
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, data, name="reports.xlsx"):
    """Upload, and follow to the check's job page (the job has run: tests run jobs at once)."""
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_the_template_is_arabic_right_to_left_with_lists(client, world):
    client.force_login(world.focal_finance)
    response = client.get(reverse("imports:template", args=["progress-reports"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["reports"]
    assert sheet.sheet_view.rightToLeft
    assert [cell.value for cell in sheet[1]][:3] == ["رمز المشروع *", "الشهر (YYYY-MM) *", "نسبة التنفيذ"]
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and book["lists"]["G1"].value == "نعم"


def test_one_bad_row_writes_nothing_and_is_named_by_row_and_column(client, world):
    client.force_login(world.focal_finance)
    data = workbook(
        world.focal_finance,
        [
            ("ITAS", "2026-09", 30, "2027-01-01", "ربط المصارف", "", "لا"),
            ("ITAS", "2026-10", 140, None, "", "", "نعم"),  # row 3: not a percentage
        ],
    )
    response = upload(client, data)
    html = response.content.decode()
    assert "لم يُستورد شيء" in html
    assert "<td>3</td><td>نسبة التنفيذ</td>" in html
    assert ProgressReport.objects.count() == 0
    refused_batch = ImportBatch.objects.get()
    assert refused_batch.status == "refused" and not refused_batch.file  # the import ended: its file is gone
    with pytest.raises(ImportRefused) as refused:
        ProgressReportImporter(world.focal_finance).apply(data)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "نسبة التنفيذ")]
    assert ProgressReport.objects.count() == 0


def test_rows_for_another_ministry_or_an_unknown_code_are_refused(world):
    data = workbook(world.focal_finance, [("NHR", "2026-10", 10), ("NOPE", "2026-10", 10), ("ITAS", "10/2026", 5)])
    result = ProgressReportImporter(world.focal_finance).read(data)
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (2, "رمز المشروع", "لا يحق لك كتابة تقارير هذا المشروع."),
        (3, "رمز المشروع", "لا يوجد مشروع بهذا الرمز."),
        (4, "الشهر (YYYY-MM)", "أدخل الشهر بالصيغة YYYY-MM، مثل 2026-10."),
    ]


def test_a_checked_workbook_is_applied_whole_through_the_pages(client, world):
    client.force_login(world.focal_finance)
    data = workbook(
        world.focal_finance,
        [("ITAS", "2026-09", 30, "2027-01-01", "ربط المصارف", "", "لا"), ("ITAS", "2026-10", 36, None, "", "", "نعم")],
    )
    response = upload(client, data)
    assert "جاهز" in response.content.decode() and ProgressReport.objects.count() == 0
    batch = ImportBatch.objects.get()
    response = client.post(reverse("imports:apply", args=[batch.pk]), follow=True)
    assert "استُورد صفّان." in response.content.decode()  # Arabic has a dual: two rows
    reports = list(
        ProgressReport.objects.order_by("period_start").values_list("period_start", "status", "percent_complete")
    )
    assert [(r[0].month, r[1], float(r[2])) for r in reports] == [(9, "draft", 30.0), (10, "submitted", 36.0)]
    # Applying twice imports nothing more.
    client.post(reverse("imports:apply", args=[batch.pk]))
    assert ProgressReport.objects.count() == 2


@pytest.mark.slow
def test_ten_thousand_rows_are_applied_in_one_go_and_each_project_refreshed_once(world, figure_refreshes):
    Project.objects.bulk_create(
        Project(code=f"MOF-{n:04d}", name_ar=f"مشروع {n}", owner=world.finance, status="execution") for n in range(1000)
    )
    rows = [
        (f"MOF-{n:04d}", f"{2026 - m // 12}-{12 - m % 12:02d}", m, None, "", "", "لا")
        for n in range(1000)
        for m in range(10)
    ]
    data = workbook(world.focal_finance, rows)
    assert len(rows) == 10_000
    assert ProgressReportImporter(world.focal_finance).apply(data) == 10_000
    assert ProgressReport.objects.count() == 10_000
    assert ProgressReport.history.count() == 10_000  # every report has its first version on record
    # The stored figures of the thousand projects were recomputed once, together.
    imported = set(Project.objects.filter(code__startswith="MOF-0").values_list("pk", flat=True))
    assert figure_refreshes == [imported]


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + b"\0" * 100,  # a picture renamed .xlsx
        b"PK\x03\x04" + b"0" * 100,  # a damaged archive
    ],
)
def test_a_file_that_is_neither_workbook_nor_csv_is_refused_before_parsing(client, world, monkeypatch, data):
    monkeypatch.setattr(spreadsheet, "load_workbook", lambda *a, **k: pytest.fail("parsed a refused file"))
    client.force_login(world.focal_finance)
    html = upload(client, data).content.decode()
    assert "ليس مصنف Excel" in html or "تالف" in html
    assert ImportBatch.objects.count() == 0


def test_a_csv_file_is_read_as_csv_whatever_its_name(client, world, monkeypatch):
    monkeypatch.setattr(
        spreadsheet, "load_workbook", lambda *a, **k: pytest.fail("a CSV file went to the Excel parser")
    )
    client.force_login(world.focal_finance)
    html = upload(client, "رمز المشروع,الشهر (YYYY-MM)\nITAS,2026-13\n".encode()).content.decode()
    assert "نسبة التنفيذ" in html and "عمود" in html  # the missing columns are named
    assert ProgressReport.objects.count() == 0


def test_an_archive_that_unpacks_too_large_is_refused_before_parsing(client, world, monkeypatch):
    monkeypatch.setattr(spreadsheet, "load_workbook", lambda *a, **k: pytest.fail("parsed a refused file"))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    assert len(bomb.getvalue()) < 1024 * 1024  # small on the wire
    client.force_login(world.focal_finance)
    html = upload(client, bomb.getvalue()).content.decode()
    assert "عند فك ضغطه" in html


@override_settings(MARSAD_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused(client, world):
    client.force_login(world.focal_finance)
    html = upload(client, workbook(world.focal_finance, [("ITAS", "2026-10", 5)])).content.decode()
    assert "الحد الأقصى" in html


def test_viewers_and_committee_members_cannot_import(client, world):
    for user in (world.viewer_health, world.committee):
        client.force_login(user)
        assert client.get(URL).status_code == 403
