"""The committee's pages and API as people use them: who records, who reports, what
each page shows."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marsad.committee import decisions
from marsad.committee.models import AgendaItem, Committee, Decision, Meeting
from marsad.conftest import make_project
from marsad.portfolio.models import Project, Strategy


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    """Overdue flags and "as of" dates are read against one day, not the day the suite runs
    (autouse fixtures start first, so the records below are written on that day too)."""
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def cycle(world):
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    earlier = Meeting.objects.create(committee=higher, number=11, date=datetime.date(2026, 8, 20), status="approved")
    meeting = Meeting.objects.create(committee=higher, number=12, date=datetime.date(2026, 11, 14), status="held")
    assign = decisions.record(
        meeting=earlier,
        user=world.pmo,
        kind="assign_task",
        text="تكليف وزارة الصحة بربط المشافي",
        title="ربط المشافي بالسجل الصحي",
        lead_entity=world.health,
        other_entities=[world.moct],
        due_date=datetime.date(2026, 10, 1),
    )
    decisions.apply(decision=assign, user=world.pmo)
    finance_task = decisions.record(
        meeting=earlier,
        user=world.pmo,
        kind="assign_task",
        text="تكليف وزارة المالية",
        title="خطة الفوترة",
        lead_entity=world.finance,
        due_date=datetime.date(2027, 3, 1),
    )
    decisions.apply(decision=finance_task, user=world.pmo)
    return {
        "higher": higher,
        "earlier": earlier,
        "meeting": meeting,
        "health_task": assign.tasks.get(),
        "finance_task": finance_task.tasks.get(),
    }


def test_the_programme_office_records_and_applies_a_decision_from_the_pages(client, world, cycle):
    proposal = make_project("GDDS", world.moct, status="proposed")
    meeting = cycle["meeting"]
    client.force_login(world.pmo)
    response = client.post(
        f"/meetings/{meeting.pk}/decisions/new/",
        {
            "kind": "include_project",
            "text": "إدراج منظومة الوثائق الرقمية",
            "projects": [proposal.pk],
            "plan_year": 2025,
        },
    )
    decision = Decision.objects.get(meeting=meeting)
    assert response.status_code == 302 and decision.status == "recorded"
    client.post(f"/decisions/{decision.pk}/apply/")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.plan_year) == ("approved", 2025)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "إدراج منظومة الوثائق الرقمية" in page and "نافذ" in page
    assert "إدراج منظومة الوثائق الرقمية" in client.get("/projects/GDDS/").content.decode()  # linked both ways


def test_a_decision_missing_its_target_is_refused_naming_the_field(client, world, cycle):
    client.force_login(world.pmo)
    response = client.post(
        f"/meetings/{cycle['meeting'].pk}/decisions/new/", {"kind": "adopt_strategy", "text": "اعتماد"}
    )
    assert response.status_code == 200
    assert "اختر الإستراتيجية التي اعتُمدت" in response.content.decode()
    assert not Decision.objects.filter(meeting=cycle["meeting"]).exists()


@pytest.mark.parametrize("who", ["committee", "focal_health", "viewer_health"])
def test_only_the_programme_office_records_meetings_and_decisions(client, world, cycle, who):
    client.force_login(getattr(world, who))
    meeting = cycle["meeting"]
    assert client.post(f"/meetings/{meeting.pk}/decisions/new/", {"kind": "other", "text": "x"}).status_code == 403
    assert (
        client.post("/meetings/new/", {"committee": cycle["higher"].pk, "number": 13, "date": "2027-01-10"}).status_code
        == 403
    )
    assert client.post(f"/meetings/{meeting.pk}/agenda/", {"proposal": ["x"]}).status_code == 403
    decision = Decision.objects.create(meeting=meeting, number=9, kind="other", text="x")
    assert client.post(f"/decisions/{decision.pk}/apply/").status_code == 403
    assert client.post(f"/decisions/{decision.pk}/annul/", {"reason": "x"}).status_code == 403
    decision.refresh_from_db()
    assert decision.status == "recorded"
    assert Meeting.objects.count() == 2
    # Everyone signed in reads the meeting.
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 200


def test_the_assigned_entity_reports_on_its_task_and_no_one_else(client, world, cycle):
    task = cycle["health_task"]
    url = f"/tasks/{task.pk}/"
    update = {"version": task.version, "text": "رُبطت خمس مشاف", "status": "in_progress"}
    client.force_login(world.focal_finance)
    assert client.post(url, update).status_code == 404  # not theirs: not even shown
    client.force_login(world.viewer_health)
    assert client.get(url).status_code == 200 and client.post(url, update).status_code == 403
    client.force_login(world.committee)
    assert client.post(url, update).status_code == 403
    task.refresh_from_db()
    assert task.status == "open" and not task.updates.exists()

    client.force_login(world.focal_health)
    assert "رُبطت" not in client.get(url).content.decode()
    assert client.post(url, update).status_code == 302
    task.refresh_from_db()
    assert task.status == "in_progress"
    assert list(task.updates.values_list("text", "author__username")) == [("رُبطت خمس مشاف", "focal.health")]
    # The same form sent again, from the version it was read at, is refused and loses nothing.
    stale = client.post(url, {**update, "text": "تحديث قديم", "status": "done"}, follow=True)
    task.refresh_from_db()
    assert task.status == "in_progress" and task.updates.count() == 1
    assert "تحديث قديم" not in stale.content.decode()


def test_the_tracker_filters_by_entity_status_and_overdue_and_exports(client, world, cycle):
    client.force_login(world.pmo)
    everything = client.get("/tasks/").content.decode()
    assert "ربط المشافي بالسجل الصحي" in everything and "خطة الفوترة" in everything
    by_entity = client.get("/tasks/?entity=MOF").content.decode()
    assert "خطة الفوترة" in by_entity and "ربط المشافي" not in by_entity
    overdue = client.get("/tasks/?overdue=yes").content.decode()
    assert "ربط المشافي" in overdue and "خطة الفوترة" not in overdue
    assert "ربط المشافي" not in client.get("/tasks/?status=done").content.decode()
    # A coordinating entity finds the task under its name too.
    assert "ربط المشافي" in client.get("/tasks/?entity=MOCT").content.decode()
    export = client.get("/tasks/export.csv?entity=MOF").getvalue().decode("utf-8-sig")
    assert export.count("\n") == 2 and "خطة الفوترة" in export


def test_a_focal_point_sees_only_its_entitys_tasks(client, world, cycle):
    client.force_login(world.focal_finance)
    page = client.get("/tasks/").content.decode()
    assert "خطة الفوترة" in page and "ربط المشافي" not in page
    assert "ربط المشافي" not in client.get("/api/v1/tasks/").content.decode()
    assert "ربط المشافي" not in client.get("/tasks/export.csv").getvalue().decode("utf-8-sig")


def test_entity_page_lists_its_tasks(client, world, cycle):
    client.force_login(world.committee)
    assert "ربط المشافي بالسجل الصحي" in client.get("/entities/MOH/").content.decode()
    assert "ربط المشافي بالسجل الصحي" not in client.get("/entities/MOF/").content.decode()


def test_meeting_page_shows_matters_arising_and_changes_since_the_last_meeting(client, world, cycle):
    client.force_login(world.committee)
    page = client.get(f"/meetings/{cycle['meeting'].pk}/").content.decode()
    arising = page[page.index('id="matters-arising"') : page.index('id="decisions"')]
    assert "ربط المشافي بالسجل الصحي" in arising and "خطة الفوترة" in arising
    # The earlier meeting has no earlier one: nothing arises, no changes to compare.
    first = client.get(f"/meetings/{cycle['earlier'].pk}/").content.decode()
    assert "ربط المشافي" not in first[first.index('id="matters-arising"') : first.index('id="decisions"')]


def test_meeting_page_queries_do_not_grow_with_decisions(client, world, cycle):
    meeting = cycle["meeting"]
    client.force_login(world.pmo)

    def count():
        cache.clear()  # the cost of building the page, not of reading it from the cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
        return len(queries)

    for number in (1, 2):
        decisions.record(meeting=meeting, user=world.pmo, kind="other", text=f"قرار {number}")
    AgendaItem.objects.create(meeting=meeting, order=2, title="بند 2", project=world.health_registry)
    count()  # the first view stores the previous meeting's snapshot
    few = count()
    for number in range(3, 9):
        decision = decisions.record(
            meeting=meeting,
            user=world.pmo,
            kind="assign_task",
            text="تكليف",
            title=f"مهمة {number}",
            lead_entity=world.health,
        )
        decisions.apply(decision=decision, user=world.pmo)
        AgendaItem.objects.create(meeting=meeting, order=number, title=f"بند {number}", project=world.tax)
    count()  # a new agenda: the first view makes the summary of the rest of the portfolio
    assert count() == few


def test_an_agenda_item_saved_meanwhile_is_not_overwritten(client, world, cycle):
    meeting = cycle["meeting"]
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="other", title="متابعة الدفع الإلكتروني")
    url = f"/meetings/{meeting.pk}/items/{item.pk}/"
    client.force_login(world.pmo)
    entry = {"version": 1, "title": "متابعة الدفع الإلكتروني", "kind": "other"}
    assert client.post(url, {**entry, "notes": "تأمين الربط قبل نهاية العام"}).status_code == 302
    # A second editor who opened the form at version 1 too.
    stale = client.post(url, {**entry, "notes": "اعتماد تقنية QR"})
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "لم يُحفظ شيء من تعديلاتك" in html and "تأمين الربط قبل نهاية العام" in html
    item.refresh_from_db()
    assert (item.notes, item.version) == ("تأمين الربط قبل نهاية العام", 2)
    # The same through the API: the version is required, and a stale one is refused.
    api = f"/api/v1/agenda-items/{item.pk}/"
    missing = client.patch(api, {"notes": "x"}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()
    assert client.patch(api, {"notes": "x", "version": 1}, content_type="application/json").status_code == 409
    item.refresh_from_db()
    assert item.notes == "تأمين الربط قبل نهاية العام"


def test_agenda_builder_page_adds_the_ticked_proposals(client, world, cycle):
    world.tax.pmo_health = "red"
    world.tax.save()
    client.force_login(world.pmo)
    meeting = cycle["meeting"]
    page = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert "نظام الإدارة الضريبية المتكامل" in page and "ربط المشافي بالسجل الصحي" in page
    client.post(f"/meetings/{meeting.pk}/agenda/", {"proposal": [f"project:{world.tax.pk}"]})
    assert list(meeting.items.values_list("project__code", "order")) == [("ITAS", 1)]


def test_portfolio_as_of_a_date_page(client, world, cycle):
    client.force_login(world.focal_finance)
    page = client.get("/projects/as-of/?date=2026-11-28").content.decode()
    assert "نظام الإدارة الضريبية المتكامل" in page
    assert "السجل الوطني الصحي" not in page  # not in the finance focal point's scope
    empty = client.get("/projects/as-of/?date=2020-01-01").content.decode()
    assert "نظام الإدارة الضريبية المتكامل" not in empty
    bad = client.get("/projects/as-of/?date=not-a-date")
    assert bad.status_code == 200


def test_decisions_through_the_api(client, world, cycle):
    strategy = Strategy.objects.create(code="HE-DTS", name_ar="إستراتيجية التعليم العالي", owner=world.moct)
    client.force_login(world.pmo)
    created = client.post(
        "/api/v1/decisions/",
        {"meeting": cycle["meeting"].pk, "kind": "adopt_strategy", "text": "اعتماد الإستراتيجية", "strategy": "HE-DTS"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    decision_id = created.json()["id"]
    applied = client.post(f"/api/v1/decisions/{decision_id}/apply/")
    assert applied.json()["status"] == "applied"
    strategy.refresh_from_db()
    assert strategy.status == "adopted"
    assert client.post(f"/api/v1/decisions/{decision_id}/apply/").json()["status"] == "applied"  # again: no change
    refused = client.post(f"/api/v1/decisions/{decision_id}/annul/", {}, content_type="application/json")
    assert refused.status_code == 400 and "reason" in refused.json()
    annulled = client.post(
        f"/api/v1/decisions/{decision_id}/annul/", {"reason": "خطأ"}, content_type="application/json"
    )
    assert annulled.json()["status"] == "annulled"
    strategy.refresh_from_db()
    assert strategy.status == "draft"
    missing = client.post(
        "/api/v1/decisions/",
        {"meeting": cycle["meeting"].pk, "kind": "assign_task", "text": "تكليف"},
        content_type="application/json",
    )
    assert missing.status_code == 400 and set(missing.json()) >= {"title", "lead_entity"}


def test_task_updates_through_the_api(client, world, cycle):
    task = cycle["health_task"]
    body = {"version": task.version, "text": "أنجز", "status": "done"}
    client.force_login(world.focal_finance)
    assert client.post(f"/api/v1/tasks/{task.pk}/updates/", body, content_type="application/json").status_code == 404
    client.force_login(world.focal_health)
    answer = client.post(f"/api/v1/tasks/{task.pk}/updates/", body, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["status"] == "done"
    assert answer.json()["updates"][0]["author"] == "focal.health"
    stale = client.post(f"/api/v1/tasks/{task.pk}/updates/", body, content_type="application/json")
    assert stale.status_code == 409


def test_decisions_export(client, world, cycle):
    client.force_login(world.viewer_health)
    export = client.get("/decisions/export.csv").getvalue().decode("utf-8-sig")
    assert "تكليف وزارة الصحة بربط المشافي" in export and export.count("\n") == 3
    assert Project.objects.count() == 3


def test_meeting_documents_are_attached_by_the_programme_office_and_read_by_all(client, world, cycle):
    from django.core.files.uploadedfile import SimpleUploadedFile

    meeting = cycle["meeting"]
    url = f"/meetings/{meeting.pk}/attachments/"
    client.force_login(world.focal_health)
    minutes = SimpleUploadedFile("محضر.pdf", b"%PDF-1.4\n%minutes\n", content_type="application/pdf")
    assert client.post(url, {"kind": "minutes", "file": minutes}).status_code == 403
    client.force_login(world.pmo)
    fake = SimpleUploadedFile("محضر.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(url, {"kind": "minutes", "file": fake}, follow=True).content.decode()
    assert "PDF" in refused and not meeting.attachments.exists()
    minutes.seek(0)
    client.post(url, {"kind": "minutes", "file": minutes})
    attachment = meeting.attachments.get()
    assert attachment.name == "محضر.pdf" and attachment.get_kind_display() == "المحضر الموقّع"
    client.force_login(world.viewer_health)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "محضر.pdf" in page
    download = client.get(f"/meetings/documents/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_decision_names_only_the_projects_the_reader_may_read(client, world, cycle):
    decision = decisions.record(
        meeting=cycle["meeting"],
        user=world.pmo,
        kind="include_project",
        text="إدراج مشروعين",
        plan_year=2027,
        projects=[world.health_registry, world.tax],
    )
    client.force_login(world.focal_finance)
    answer = client.get(f"/api/v1/decisions/{decision.pk}/").json()
    assert answer["projects"] == ["ITAS"]  # the health project is outside their scope
    page = client.get(f"/meetings/{cycle['meeting'].pk}/").content.decode()
    assert "نظام الإدارة الضريبية المتكامل" in page and "/projects/NHR/" not in page
    client.force_login(world.committee)
    assert client.get(f"/api/v1/decisions/{decision.pk}/").json()["projects"] == ["ITAS", "NHR"]


def test_a_task_page_names_what_it_concerns_that_the_reader_may_read(client, world, cycle):
    strategy = Strategy.objects.create(code="HE-DTS", name_ar="إستراتيجية التعليم العالي", owner=world.moct)
    decision = decisions.record(
        meeting=cycle["meeting"],
        user=world.pmo,
        kind="assign_task",
        text="تكليف وزارة المالية بربط المنظومتين",
        title="ربط المنظومتين",
        lead_entity=world.finance,
        projects=[world.health_registry, world.tax],
        strategy=strategy,
    )
    decisions.apply(decision=decision, user=world.pmo)
    task = decision.tasks.get()
    client.force_login(world.focal_finance)
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert "يخصّ" in page and "نظام الإدارة الضريبية المتكامل" in page and "إستراتيجية التعليم العالي" in page
    assert "السجل الوطني الصحي" not in page  # the health project is outside their scope
    client.force_login(world.pmo)
    assert "السجل الوطني الصحي" in client.get(f"/tasks/{task.pk}/").content.decode()
    # The strategy's page and the project's page list the decision with its task.
    assert "ربط المنظومتين" in client.get("/strategies/HE-DTS/").content.decode()
    assert "ربط المنظومتين" in client.get(f"/projects/{world.tax.code}/").content.decode()


def test_my_work_lists_the_open_tasks_of_the_focal_points_entity(client, world, cycle):
    client.force_login(world.focal_health)
    page = client.get("/my-work/").content.decode()
    tasks = page[page.index('id="tasks"') :]
    assert "ربط المشافي بالسجل الصحي" in tasks and "خطة الفوترة" not in tasks
    cycle["health_task"].status = "done"
    cycle["health_task"].save()
    page = client.get("/my-work/").content.decode()
    assert "ربط المشافي بالسجل الصحي" not in page[page.index('id="tasks"') :]


def test_a_meeting_with_decisions_cannot_go_back_to_planned(client, world, cycle):
    earlier = cycle["earlier"]
    client.force_login(world.pmo)
    form = {"version": earlier.version, "committee": cycle["higher"].pk, "number": 11, "date": "2026-08-20"}
    answer = client.post(f"/meetings/{earlier.pk}/edit/", {**form, "status": "planned"})
    assert answer.status_code == 200 and "اتُّخذت في هذا الاجتماع قرارات" in answer.content.decode()
    earlier.refresh_from_db()
    assert earlier.status == "approved"
    api = client.patch(
        f"/api/v1/meetings/{earlier.pk}/",
        {"status": "planned", "version": earlier.version},
        content_type="application/json",
    )
    assert api.status_code == 400 and "status" in api.json()
    assert client.post(f"/meetings/{earlier.pk}/edit/", {**form, "status": "held"}).status_code == 302
    earlier.refresh_from_db()
    assert earlier.status == "held"


def test_the_owner_requests_a_rebaseline_from_the_project_page(client, world, cycle):
    url = "/projects/NHR/rebaseline/request/"
    body = {"new_go_live": "2027-09-01", "reason": "تأخر توريد الخوادم"}
    client.force_login(world.focal_finance)
    assert client.post(url, body).status_code == 404
    client.force_login(world.viewer_health)
    assert client.post(url, body).status_code == 403
    client.force_login(world.focal_health)
    same = client.post(url, {"new_go_live": "2027-03-01", "reason": "x"})
    assert same.status_code == 200 and not world.health_registry.rebaseline_requests.exists()
    assert client.post(url, body).status_code == 302
    page = client.get("/projects/NHR/").content.decode()
    assert "تأخر توريد الخوادم" in page and "بانتظار القرار" in page
    world.health_registry.refresh_from_db()
    assert world.health_registry.baseline_go_live == datetime.date(2027, 3, 1)  # only a decision moves it
