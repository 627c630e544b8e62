"""The report cycle through the pages and the API, and what each page costs."""

import csv
import datetime
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from marsad.audit.models import AuditEvent
from marsad.portfolio.models import Project
from marsad.reports.models import ProgressReport

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_focal_point_writes_and_submits_and_the_programme_office_accepts(client, world):
    world.health_registry.actual_start = datetime.date(2026, 1, 1)
    world.health_registry.save()
    client.force_login(world.focal_health)
    work = client.get(reverse("reports:my_work")).content.decode()
    assert "السجل الوطني الصحي" in work and "متأخر" in work  # October's report is overdue

    response = client.post(reverse("reports:report_new", args=["NHR"]), {"period": "2026-10-01"})
    report = ProgressReport.objects.get(project__code="NHR", period_start=datetime.date(2026, 10, 1))
    assert response["Location"] == reverse("reports:report_edit", args=[report.pk])
    updates = list(report.phase_updates.order_by("phase__order"))
    form = {
        "version": 1,
        "forecast_go_live": "2027-08-01",
        "achievements": "ربط 40 مشفى",
        "next_steps": "",
        "phases-TOTAL_FORMS": 2,
        "phases-INITIAL_FORMS": 2,
        "phases-0-id": updates[0].pk,
        "phases-0-percent_complete": 100,
        "phases-0-done": "on",
        "phases-1-id": updates[1].pk,
        "phases-1-percent_complete": 45,
        "phases-1-forecast_end": "2027-05-01",
        "submit": "1",
    }
    response = client.post(reverse("reports:report_edit", args=[report.pk]), form, follow=True)
    assert "أُرسل التقرير للمراجعة" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"
    # Once submitted the focal point can no longer change it.
    assert client.get(reverse("reports:report_edit", args=[report.pk])).status_code == 302

    client.force_login(world.pmo)
    queue = client.get(reverse("reports:review_queue")).content.decode()
    assert report.get_absolute_url() in queue
    response = client.post(reverse("reports:report_accept", args=[report.pk]), {"version": report.version}, follow=True)
    assert "قُبل التقرير وحُدّث المشروع" in response.content.decode()
    project = Project.objects.with_progress().get(code="NHR")
    assert project.forecast_go_live == datetime.date(2027, 8, 1)
    assert project.execution_percent == pytest.approx((100 + 3 * 45) / 4)
    assert not project.is_stale
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'data-chart="s-curve"' in page and "مقبول" in page


def test_returning_needs_a_reason_and_the_focal_point_sees_it(client, world):
    report = ProgressReport.objects.create(
        project=world.health_registry, period_start=datetime.date(2026, 10, 1), status="submitted", submitted_at=NOW
    )
    client.force_login(world.pmo)
    url = reverse("reports:report_return", args=[report.pk])
    response = client.post(url, {"version": 1, "reason": ""}, follow=True)
    assert "اذكر سبب إعادة التقرير" in response.content.decode()
    client.post(url, {"version": 1, "reason": "أرفقوا محضر الاستلام"})
    client.force_login(world.focal_health)
    assert "أرفقوا محضر الاستلام" in client.get(reverse("reports:my_work")).content.decode()


def test_a_focal_point_cannot_accept_and_the_refusal_is_audited(client, world):
    report = ProgressReport.objects.create(
        project=world.health_registry, period_start=datetime.date(2026, 10, 1), status="submitted", submitted_at=NOW
    )
    client.force_login(world.focal_health)
    before = AuditEvent.objects.filter(action="refused").count()
    assert client.post(reverse("reports:report_accept", args=[report.pk]), {"version": 1}).status_code == 403
    assert AuditEvent.objects.filter(action="refused").count() == before + 1
    report.refresh_from_db()
    assert report.status == "submitted"


def test_a_stale_accept_is_refused_with_a_message(client, world):
    report = ProgressReport.objects.create(
        project=world.health_registry, period_start=datetime.date(2026, 10, 1), status="submitted", submitted_at=NOW
    )
    client.force_login(world.pmo)
    response = client.post(reverse("reports:report_accept", args=[report.pk]), {"version": 7}, follow=True)
    assert "غيّر شخص آخر هذا التقرير" in response.content.decode()
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_programme_office_moves_a_baseline_with_a_reason(client, world):
    client.force_login(world.pmo)
    url = reverse("portfolio:project_rebaseline", args=["NHR"])
    response = client.post(url, {"version": 1, "baseline_go_live": "2027-06-01", "reason": ""})
    assert response.status_code == 200 and "هذا الحقل مطلوب" in response.content.decode()  # the reason
    assert Project.objects.get(code="NHR").baseline_go_live == datetime.date(2027, 3, 1)
    response = client.post(
        url, {"version": 1, "baseline_start": "", "baseline_go_live": "2027-06-01", "reason": "تأخر توريد الخوادم"}
    )
    assert response.status_code == 302
    project = Project.objects.with_progress().get(code="NHR")
    assert project.baseline_go_live == datetime.date(2027, 6, 1)
    assert project.original_baseline_go_live == datetime.date(2027, 3, 1)  # never moves
    assert (project.slippage_days, project.baseline_slippage_days) == (122, 30)
    change = project.rebaselines.get()
    assert (change.previous_go_live, change.new_go_live, change.approved_by) == (
        datetime.date(2027, 3, 1),
        datetime.date(2027, 6, 1),
        world.pmo,
    )
    page = client.get(project.get_absolute_url()).content.decode()
    assert "تأخر توريد الخوادم" in page and "عن خط الأساس الحالي" in page


def test_focal_points_cannot_move_baselines_anywhere(client, world):
    client.force_login(world.focal_health)
    assert client.get(reverse("portfolio:project_rebaseline", args=["NHR"])).status_code == 403
    api = APIClient()
    api.force_authenticate(world.focal_health)
    response = api.post(
        "/api/v1/projects/NHR/rebaseline/", {"version": 1, "reason": "x", "baseline_go_live": "2028-01-01"}
    )
    assert response.status_code == 403
    api.force_authenticate(world.pmo)
    locked = api.patch("/api/v1/projects/NHR/", {"version": 1, "baseline_go_live": "2028-01-01"}, format="json")
    assert locked.status_code == 400 and "baseline_go_live" in locked.json()
    moved = api.post(
        "/api/v1/projects/NHR/rebaseline/",
        {"version": 1, "reason": "قرار اللجنة", "baseline_go_live": "2028-01-01"},
        format="json",
    )
    assert moved.status_code == 201 and moved.json()["new_go_live"] == "2028-01-01"


def test_the_report_api_cycle(world):
    api = APIClient()
    api.force_authenticate(world.focal_finance)
    created = api.post(
        "/api/v1/reports/",
        {"project": "ITAS", "period_start": "2026-10-15", "percent_complete": "41", "achievements": "ربط المصارف"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    report = created.json()
    assert (report["period_start"], report["status"], report["due_date"]) == ("2026-10-01", "draft", "2026-11-10")
    again = api.post("/api/v1/reports/", {"project": "ITAS", "period_start": "2026-10-02"}, format="json")
    assert again.status_code == 400 and "period_start" in again.json()
    path = f"/api/v1/reports/{report['id']}/"
    assert api.post(path + "accept/", {"version": 1}, format="json").status_code == 403
    submitted = api.post(path + "submit/", {"version": 1}, format="json")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    # A submitted report no longer changes: a conflict with its state, like a stale version.
    assert api.patch(path, {"version": 2, "achievements": "x"}, format="json").status_code == 409

    api.force_authenticate(world.pmo)
    assert api.post(path + "accept/", {"version": 1}, format="json").status_code == 409  # stale
    accepted = api.post(path + "accept/", {"version": 2}, format="json")
    assert accepted.status_code == 200 and accepted.json()["accepted_percent"] == 41
    assert api.post(path + "return/", {"version": 3, "reason": "x"}, format="json").status_code == 409
    world.tax.refresh_from_db()
    assert float(world.tax.reported_percent) == 41

    api.force_authenticate(world.focal_health)  # another ministry: not even visible
    assert api.get(path).status_code == 404
    assert api.get("/api/v1/reports/").json()["count"] == 0


def grow_reports(world, count, months):
    projects = Project.objects.bulk_create(
        Project(code=f"R-{n:03d}", name_ar=f"مشروع {n}", owner=world.health, status="execution") for n in range(count)
    )
    ProgressReport.objects.bulk_create(
        ProgressReport(
            project=project,
            period_start=datetime.date(2026, month, 1),
            status="submitted" if month == 10 else "accepted",
            submitted_at=NOW,
            accepted_percent=month * 5,
        )
        for project in projects
        for month in range(11 - months, 11)
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("focal_health", reverse("reports:my_work")),
        ("pmo", reverse("reports:review_queue")),
        ("pmo", reverse("portfolio:project_detail", args=["R-000"])),
        ("pmo", reverse("portfolio:entity_detail", args=["MOH"])),
    ],
)
def test_report_pages_do_not_grow_with_the_number_of_reports(client, world, who, url):
    client.force_login(getattr(world, who))
    grow_reports(world, 3, months=2)
    small = queries(client, url)
    ProgressReport.objects.all().delete()
    Project.objects.filter(code__startswith="R-").delete()
    grow_reports(world, 60, months=7)
    large = queries(client, url)
    assert small == large


def test_a_forecast_already_past_is_saved_with_a_warning_naming_the_field(client, world):
    world.health_registry.actual_start = datetime.date(2026, 1, 1)
    world.health_registry.save()
    client.force_login(world.focal_health)
    client.post(reverse("reports:report_new", args=["NHR"]), {"period": "2026-10-01"})
    report = ProgressReport.objects.get(project__code="NHR", period_start=datetime.date(2026, 10, 1))
    updates = list(report.phase_updates.order_by("phase__order"))
    form = {
        "version": 1,
        "forecast_go_live": "2026-11-06",  # typed as 11/06, meaning June? It is past either way.
        "achievements": "ربط 40 مشفى",
        "next_steps": "",
        "phases-TOTAL_FORMS": 2,
        "phases-INITIAL_FORMS": 2,
        "phases-0-id": updates[0].pk,
        "phases-0-percent_complete": 100,
        "phases-0-done": "on",
        "phases-1-id": updates[1].pk,
        "phases-1-percent_complete": 45,
    }
    page = client.post(reverse("reports:report_edit", args=[report.pk]), form, follow=True).content.decode()
    report.refresh_from_db()
    assert report.forecast_go_live == datetime.date(2026, 11, 6)  # saved, not refused
    assert "6 تشرين الثاني 2026" in page and "قد مضى" in page


def test_my_work_pages_the_reports_owed_and_the_export_has_them_all(client, world):
    grow_reports(world, 60, months=2)
    client.force_login(world.focal_health)
    first = client.get(reverse("reports:my_work")).content.decode()
    rest = client.get(reverse("reports:my_work") + "?page=2").content.decode()
    shown = first.count("<tr data-project=") + rest.count("<tr data-project=")
    exported = client.get(reverse("reports:my_work_export", args=["csv"])).getvalue().decode("utf-8-sig")
    assert first.count("<tr data-project=") == 50 and 'href="?&page=2"' in first
    reports_exported = sum(1 for line in csv.reader(io.StringIO(exported)) if line[0] == "تقرير إنجاز")
    assert shown > 60 and shown == reports_exported
