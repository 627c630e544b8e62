"""Importing values from CSV or Excel: all or nothing, named rows and columns."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from marsad.imports.models import ImportBatch
from marsad.indicators.imports import MeasurementImporter
from marsad.indicators.models import Measurement

pytestmark = pytest.mark.django_db

URL = reverse("imports:upload", args=["measurements"])
HEADER = "رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1\n"


def csv_file(lines: list[str]) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode("utf-8")


def xlsx_file(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator code", "Period (YYYY-MM-DD)", "Value", "Breakdown 1"])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def upload(client, data, name="values.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_one_bad_row_refuses_the_file_naming_row_and_column(client, world, services):
    client.force_login(world.focal_health)
    data = csv_file(
        [
            "MOH-ESERVICES,2024-03-01,120,web",
            "MOH-ESERVICES,2024-03-01,80,centre",
            "MOH-ESERVICES,2024-03-02,ثمانون,centre",
            "MOH-ESERVICES,2024-03-02,75,البوابة",
        ]
    )
    html = upload(client, data).content.decode()
    assert "مشكلة واحدة" in html or "1" in html
    assert "<td>4</td><td>القيمة</td>" in html  # row 4 (the header is row 1), column "value"
    assert Measurement.objects.count() == 0 and not ImportBatch.objects.exclude(status="refused").exists()

    with pytest.raises(Exception) as refused:
        MeasurementImporter(world.focal_health).apply(io.BytesIO(data))
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, "القيمة")]
    assert Measurement.objects.count() == 0


def test_a_good_file_is_checked_then_applied_in_one_go(client, world, services):
    client.force_login(world.focal_health)
    Measurement.objects.all().delete()
    rows = [["MOH-ESERVICES", f"2024-03-{d:02d}", d, channel] for d in range(1, 11) for channel in ("web", "المركز")]
    response = upload(client, xlsx_file(rows), "values.xlsx")
    html = response.content.decode()
    assert "20" in html and Measurement.objects.count() == 0  # the dry run wrote nothing
    batch = ImportBatch.objects.get()
    assert batch.row_count == 20

    response = client.post(reverse("imports:apply", args=[batch.pk]), follow=True)
    assert "استُورد 20 صفًّا" in response.content.decode() or "20" in response.content.decode()

    assert Measurement.objects.count() == 20
    assert set(Measurement.objects.values_list("source", flat=True)) == {"import"}
    # The same file again: every value unchanged.
    result = MeasurementImporter(world.focal_health).read(io.BytesIO(xlsx_file(rows)))
    assert (result.counts.created, result.counts.updated, result.counts.unchanged) == (0, 0, 20)


def test_a_row_for_another_entitys_indicator_is_refused(client, world, services, tax_returns):
    data = csv_file(["MOH-ESERVICES,2024-03-01,1,web", "MOF-EFILING,2024-03-01,5,"])
    result = MeasurementImporter(world.focal_health).read(io.BytesIO(data))
    assert [(p.row, p.column) for p in result.problems] == [(3, "رمز المؤشر")]


def test_the_template_lists_the_columns(client, world, services):
    client.force_login(world.focal_health)
    response = client.get(reverse("imports:template", args=["measurements"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["رمز المؤشر *", "الفترة (YYYY-MM-DD) *", "القيمة *"]
    assert sheet.sheet_view.rightToLeft


def test_who_may_import_values(client, world, services):
    client.force_login(world.viewer_health)
    assert client.get(URL).status_code == 403
    client.force_login(world.focal_finance)  # finance has no indicator here
    assert client.get(URL).status_code == 403
    client.force_login(world.focal_health)
    assert client.get(URL).status_code == 200


def test_a_bad_breakdown_is_named_by_its_column_and_dimension(world, services):
    data = csv_file(["MOH-ESERVICES,2024-03-01,5,fax"])
    result = MeasurementImporter(world.focal_health).read(io.BytesIO(data))
    assert [(p.row, p.column) for p in result.problems] == [(2, "التصنيف 1 (القناة)")]


def test_import_measurements_from_the_command_line_with_a_progress_bar(world, services, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    path = tmp_path / "values.csv"
    path.write_bytes(csv_file([f"MOH-ESERVICES,2024-03-{d:02d},{d},web" for d in range(1, 21)]))
    out, err = StringIO(), StringIO()
    call_command("import_measurements", str(path), "--user", "focal.health", "--dry-run", stdout=out, stderr=err)
    assert "20 rows checked: 20 new" in out.getvalue() and Measurement.objects.count() == 0
    assert "100% 20/20" in err.getvalue()  # the bar, as a log file gets it
    call_command("import_measurements", str(path), "--user", "focal.health", stdout=out, stderr=err)
    assert "20 rows imported." in out.getvalue() and Measurement.objects.count() == 20
    path.write_bytes(csv_file(["MOH-ESERVICES,2024-03-01,ثلاثة,web"]))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_measurements", str(path), "--user", "focal.health", stdout=out, stderr=err)
