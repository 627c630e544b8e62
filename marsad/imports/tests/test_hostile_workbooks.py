"""Workbooks built to hurt the server — a zip whose index lies about its sizes, XML
that expands a billion times, XML that names a file of the server — are refused by
the check with what is wrong with them, never as an unexpected error to run again."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marsad.imports.models import ImportBatch
from marsad.reports.imports import ProgressReportImporter
from marsad.reports.models import ProgressReport

pytestmark = pytest.mark.django_db
URL = reverse("imports:upload", args=["progress-reports"])
SHEET = "xl/worksheets/sheet1.xml"


def _rebuilt(user, replace: dict[str, bytes]) -> bytes:
    """The progress-report template with some of its parts replaced."""
    source = zipfile.ZipFile(io.BytesIO(ProgressReportImporter(user).template()))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as book:
        for member in source.infolist():
            book.writestr(member.filename, replace.get(member.filename, source.read(member.filename)))
    return output.getvalue()


def _sheet(rows_xml: str, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"{doctype}"
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{rows_xml}</sheetData></worksheet>"
    ).encode()


def _row(number: int, *cells: str) -> str:
    inline = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(cells))
    return f'<row r="{number}">{inline}</row>'


HEADER = _row(1, "رمز المشروع", "الشهر (YYYY-MM)", "نسبة التنفيذ")


def lying_sizes(user) -> bytes:
    """The sheet's index entries say it unpacks to 200 bytes; it unpacks to 2 MB."""
    rows = "".join(_row(n, "ITAS", "2026-10", "30") for n in range(2, 20_000))
    data = bytearray(_rebuilt(user, {SHEET: _sheet(HEADER + rows)}))
    name = SHEET.encode()
    local = data.index(b"PK\x03\x04" + data[4:4])  # first local header
    while True:  # the sheet's local header: uncompressed size at offset 22
        local = data.index(b"PK\x03\x04", local)
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, 200)
            break
        local += 4
    central = data.index(b"PK\x01\x02" + data[4:4])
    while True:  # its central directory entry: uncompressed size at offset 24
        central = data.index(b"PK\x01\x02", central)
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, 200)
            break
        central += 4
    return bytes(data)


def billion_laughs(user) -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    return _rebuilt(user, {SHEET: _sheet(HEADER + _row(2, "&lol9;", "2026-10", "30"), f"<!DOCTYPE w [{entities}]>")})


def external_entity(user) -> bytes:
    doctype = '<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    return _rebuilt(user, {SHEET: _sheet(HEADER + _row(2, "&secret;", "2026-10", "30"), doctype)})


@pytest.mark.parametrize(
    ("build", "said"),
    [
        (lying_sizes, "فهرسه"),
        (billion_laughs, "تعريفات كيانات XML"),
        (external_entity, "تعريفات كيانات XML"),
    ],
    ids=["lying-zip-sizes", "billion-laughs", "external-entity"],
)
def test_a_hostile_workbook_is_refused_with_what_is_wrong(client, world, build, said):
    client.force_login(world.focal_finance)
    response = client.post(URL, {"file": SimpleUploadedFile("r.xlsx", build(world.focal_finance))}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page, page[page.find("<main") :]
    assert "root:" not in page  # nothing of the server's files
    assert "خطأ غير متوقع" not in page and "أعد تشغيله" not in page
    assert "jobs/" in response.redirect_chain[-1][0]
    assert ImportBatch.objects.get().status == "refused"
    assert ProgressReport.objects.count() == 0
