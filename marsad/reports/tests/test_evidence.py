"""Evidence files on reports: checked by content, read only by those who read the report."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marsad.reports.models import ProgressReport, ReportAttachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def report(world):
    return ProgressReport.objects.create(project=world.health_registry, period_start=datetime.date(2026, 10, 1))


def attach(client, report, name, content):
    return client.post(
        reverse("reports:report_attach", args=[report.pk]), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def test_a_focal_point_attaches_a_pdf_that_the_programme_office_downloads(client, world, report):
    client.force_login(world.focal_health)
    response = attach(client, report, "محضر الاستلام.pdf", PDF)
    assert "أُرفق الملف" in response.content.decode()
    attachment = ReportAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.stored_name.endswith(".pdf")
    client.force_login(world.pmo)
    download = client.get(reverse("reports:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "محضر الاستلام.pdf" in download["Content-Disposition"] or "filename*" in download["Content-Disposition"]
    client.force_login(world.focal_finance)  # another ministry
    assert client.get(reverse("reports:attachment_download", args=[attachment.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00 an executable"),
        ("photo.png", b"<svg onload=alert(1)>"),
        ("minutes.docx", b"PK\x03\x04junk"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused(client, world, report, name, content):
    client.force_login(world.focal_health)
    response = attach(client, report, name, content)
    html = response.content.decode()
    assert "أرفق ملف PDF" in html or "تالف" in html
    assert ReportAttachment.objects.count() == 0


def test_no_evidence_is_added_once_the_report_is_submitted(client, world, report):
    report.status = "submitted"
    report.save()
    client.force_login(world.focal_health)
    attach(client, report, "late.pdf", PDF)
    assert ReportAttachment.objects.count() == 0
