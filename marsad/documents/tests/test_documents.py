"""The documents the committee holds in its hands, read back from the PDFs with
pdftotext: what they say, who may see what, and that an issued pack stays as it was."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marsad.audit.models import AuditAction, AuditEvent
from marsad.committee.models import Committee, Decision, Meeting
from marsad.documents import services
from marsad.documents.models import Document, DocumentKind, IssuedDocumentError
from marsad.documents.tests.conftest import pdf_pages, pdf_text, read
from marsad.jobs.models import Job, JobStatus
from marsad.lib.formatting import format_date

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def meeting(world):
    committee = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", name_en="Higher Committee")
    found = Meeting.objects.create(committee=committee, number=3, date=world.today, status="held", place="دمشق")
    found.items.create(order=1, kind="project", title="السجل الوطني الصحي: التقدم", project=world.health_registry)
    return found


def test_a_focal_points_one_pager_leaves_out_the_obstacle_it_may_not_read(public_obstacle_world, client):
    world = public_obstacle_world
    with translation.override("ar"):
        for_focal = services.make(DocumentKind.ONE_PAGER, world.tax, world.focal_health)
        for_pmo = services.make(DocumentKind.ONE_PAGER, world.tax, world.pmo)
    focal_text, pmo_text = pdf_text(read(for_focal)), pdf_text(read(for_pmo))
    assert world.tax.name_ar in focal_text  # a public project: the focal point reads it
    assert world.private_obstacle.title not in focal_text
    assert world.private_obstacle.title in pmo_text
    # Page numbers and the document's name on every page.
    assert "صفحة 1 من 1" in focal_text


def test_a_one_pager_is_made_by_a_job_then_served_again_until_something_changes(world, client):
    client.force_login(world.focal_health)
    address = reverse("documents:one_pager", args=[world.health_registry.code])
    response = client.get(address)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.DONE  # the tests' task backend runs jobs at once
    page = client.get(job.get_absolute_url()).content.decode()
    document = Document.objects.get()
    assert reverse("documents:download", args=[document.pk]) in page
    # Asked again with nothing changed: the same document, no new job.
    again = client.get(address)
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"
    assert again["X-Content-SHA256"] == document.sha256
    assert Job.objects.count() == 1
    assert world.health_registry.name_ar in pdf_text(b"".join(again.streaming_content))
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOADED, object_id=str(document.pk)).exists()
    # Another person cannot open it (their own documents only), and the attempt is audited.
    client.force_login(world.focal_finance)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.REFUSED, detail__contains=f"document {document.pk}").exists()


def test_an_entity_scorecard_names_its_projects_in_english_when_asked(world, client):
    client.force_login(world.pmo)
    client.cookies["django_language"] = "en"
    client.get(reverse("documents:scorecard", args=[world.health.code]))
    document = Document.objects.get(kind=DocumentKind.SCORECARD)
    text = pdf_text(read(document))
    assert document.language == "en"
    assert "Scorecard: Ministry of Health" in text
    assert "National Health Registry" in text
    assert "Page 1 of" in text


def test_a_file_changed_on_disk_is_never_handed_out(world, client):
    with translation.override("ar"):
        document = services.make(DocumentKind.ONE_PAGER, world.health_registry, world.pmo)
    with open(document.file.path, "r+b") as stored:
        stored.seek(200)
        stored.write(b"tampered")
    client.force_login(world.pmo)
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_the_pack_is_a_job_and_the_issued_version_is_listed_on_the_meeting_page(meeting, world, client):
    client.force_login(world.pmo)
    response = client.post(reverse("documents:meeting_pack", args=[meeting.pk]))
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    first = Document.objects.get()
    assert (first.kind, first.version, first.requested_by, first.meeting) == ("pack", 1, world.pmo, meeting)
    assert len(first.sha256) == 64 and first.pages >= 3
    client.post(reverse("documents:meeting_pack", args=[meeting.pk]))
    second = Document.objects.exclude(pk=first.pk).get()
    assert second.version == 2

    client.post(reverse("documents:pack_issue", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_issued and first.issued_by == world.pmo
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("documents:download", args=[first.pk]) in page
    assert reverse("documents:download", args=[second.pk]) not in page  # only the issued one is the record
    # A committee member opens the issued pack; a focal point does not even see it.
    client.force_login(world.committee)
    assert client.get(reverse("documents:download", args=[first.pk])).status_code == 200
    client.force_login(world.focal_health)
    assert client.get(reverse("documents:download", args=[first.pk])).status_code == 404
    assert reverse("documents:download", args=[first.pk]) not in client.get(meeting.get_absolute_url()).content.decode()


def test_a_focal_point_cannot_issue_and_a_partial_pack_is_never_issued(meeting, world, client):
    with translation.override("ar"):
        partial = services.make(DocumentKind.PACK, meeting, world.focal_health)
    client.force_login(world.focal_health)
    assert client.post(reverse("documents:pack_issue", args=[partial.pk])).status_code == 403
    with pytest.raises(ValidationError):
        services.issue(partial, world.pmo)
    partial.refresh_from_db()
    assert not partial.is_issued


def test_an_issued_pack_cannot_be_changed_or_deleted_by_any_way_in(meeting, world, client):
    with translation.override("ar"):
        pack = services.make(DocumentKind.PACK, meeting, world.pmo)
    services.issue(pack, world.pmo)
    kept = (pack.sha256, pack.file.name, pack.issued_at)
    # The model and its query sets.
    pack.title = "changed"
    with pytest.raises(IssuedDocumentError):
        pack.save()
    with pytest.raises(IssuedDocumentError):
        pack.delete()
    with pytest.raises(IssuedDocumentError):
        Document.objects.filter(pk=pack.pk).update(title="changed")
    with pytest.raises(IssuedDocumentError):
        Document.objects.all().delete()
    with pytest.raises(ValidationError):
        services.issue(pack, world.pmo)  # issued once
    # The API reads and issues; it neither changes nor deletes.
    client.force_login(world.pmo)
    address = f"/api/v1/documents/{pack.pk}/"
    assert client.get(address).json()["sha256"] == pack.sha256
    assert client.patch(address, {"title": "x"}, content_type="application/json").status_code == 405
    assert client.put(address, {"title": "x"}, content_type="application/json").status_code == 405
    assert client.delete(address).status_code == 405
    again = client.post(f"{address}issue/")
    assert again.status_code == 400 and "issued_at" in again.json()
    # The admin shows it and offers no change or deletion.
    client.force_login(world.admin)
    change = reverse("admin:documents_document_change", args=[pack.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"title": "x"}).status_code == 403
    assert client.post(reverse("admin:documents_document_delete", args=[pack.pk]), {"post": "yes"}).status_code == 403
    stored = Document.objects.get(pk=pack.pk)
    assert (stored.sha256, stored.file.name, stored.issued_at) == kept and stored.title != "changed"
    assert services.unchanged(stored)


def test_the_command_line_writes_the_pack_with_a_progress_bar(meeting, world, tmp_path, capsys):
    target = tmp_path / "pack.pdf"
    call_command("meeting_pack", f"HC-{meeting.number}", "--out", str(target), "--language", "en")
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    document = Document.objects.get()
    assert document.language == "en" and document.requested_by == world.pmo
    text = pdf_text(data)
    assert "Meeting pack — meeting 3" in text and "Decisions and tasks" in text
    assert "sections [" in capsys.readouterr().err


@pytest.fixture
def demo_meeting():
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", "--quiet-logins", verbosity=0)
        yield Meeting.objects.filter(committee__code="HC").order_by("-date").first()


def test_the_demo_pack_holds_the_meeting_its_projects_decisions_and_figures(demo_meeting):
    from marsad.accounts.models import User

    meeting = demo_meeting
    with translation.override("ar"):
        pack = services.make(DocumentKind.PACK, meeting, User.objects.get(username="pmo"))
        date = format_date(meeting.date)
        planned_label = _("Planned %")
    text = pdf_text(read(pack))
    assert meeting.committee.name_ar in text
    # The Levantine month (ar_SY), never the Egyptian/Gulf name Django's own Arabic uses.
    assert date == "14 تشرين الثاني 2026" and date in text and "نوفمبر" not in text
    for item in meeting.items.exclude(project=None).select_related("project"):
        assert item.project.name_ar in text, item.project.name_ar
    decisions = list(Decision.objects.filter(meeting=meeting))
    assert len(decisions) == 5
    for decision in decisions:
        assert " ".join(decision.text.split()) in text, decision.text
    assert "3,615,100" in text and "94,125" in text
    # The S-curves' legend, written only inside the charts.
    assert planned_label in text
    assert f"صفحة 1 من {pack.pages}" in text and f"صفحة {pack.pages} من {pack.pages}" in text
    # The pack's name on every page after the cover, with that page's number.
    pages = pdf_pages(read(pack))
    assert len(pages) == pack.pages
    for number, page in enumerate(pages[1:], start=2):
        assert pack.title in page and f"صفحة {number} من {pack.pages}" in page, number


def test_a_held_meetings_pack_says_no_decision_on_an_item_not_that_none_is_recorded_yet(meeting, world):
    with translation.override("ar"):
        text = pdf_text(read(services.make(DocumentKind.PACK, meeting, world.pmo)))
    assert "لم يُتَّخذ قرار في هذا البند" in text
    assert "لم يُسجَّل قرار في هذا الاجتماع بعد" not in text


def test_a_document_is_written_in_its_readers_digits_page_numbers_and_charts_included(world, settings):
    world.pmo.digits = "arab"
    world.pmo.save()
    with translation.override("ar"):
        arabic = services.make(DocumentKind.ONE_PAGER, world.health_registry, world.pmo)
        settings.MARSAD_DIGITS = "arab"  # the site's digits, for a person who chose none
        site = services.make(DocumentKind.SCORECARD, world.health, world.focal_health)
    text = pdf_text(read(arabic))
    assert "صفحة ١ من ١" in text
    assert not re.search(r"[0-9]", text), re.findall(r"\S*[0-9]\S*", text)[:10]
    assert re.search(r"[٠-٩]", pdf_text(read(site))) and not re.search(r"[0-9]", pdf_text(read(site)))
    assert arabic.digits == "arab" and site.digits == "arab"
    # Another person's choice: Latin, while the site says Arabic-Indic; a new document,
    # not the Arabic-Indic copy made a moment ago.
    world.focal_health.digits = "latn"
    world.focal_health.save()
    with translation.override("ar"):
        assert services.current_copy(DocumentKind.ONE_PAGER, world.health_registry, world.focal_health) is None
        latin = services.make(DocumentKind.ONE_PAGER, world.health_registry, world.focal_health)
    latin_text = pdf_text(read(latin))
    assert "صفحة 1 من 1" in latin_text and not re.search(r"[٠-٩]", latin_text)
