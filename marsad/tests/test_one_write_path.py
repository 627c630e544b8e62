"""One rule, one place: the same invalid change is refused identically by the page,
the API and the spreadsheet import, for projects, phases, reports, obstacles and
requirements — the same field, the same message — and nothing is written."""

import csv
import io

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from marsad.conftest import VerifiedClient
from marsad.imports.registry import importer_class
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Phase, Project
from marsad.reports import services as report_services

BOUNDS = "2000"  # every out-of-range date message names the earliest year accepted

# (record kind, the change, the field refused, a piece of the message every way must give)
INVALID_CHANGES = [
    ("project", {"status": "in_service"}, "actual_go_live", "في الخدمة"),
    ("project", {"actual_start": "2026-05-01", "actual_go_live": "2026-04-01"}, "actual_go_live", "يسبق"),
    ("project", {"forecast_go_live": "9999-12-31"}, "forecast_go_live", BOUNDS),
    ("phase", {"forecast_start": "2026-06-01", "forecast_end": "2026-05-01"}, "forecast_end", "يسبق"),
    ("phase", {"percent_complete": "150"}, "percent_complete", "100"),
    ("phase", {"baseline_end": "0001-01-01"}, "baseline_end", BOUNDS),
    ("report", {"percent_complete": "150"}, "percent_complete", "100"),
    ("report", {"forecast_go_live": "9999-12-31"}, "forecast_go_live", BOUNDS),
    ("obstacle", {"title": "ع" * 300}, "title", "255"),
    ("requirement", {"due_date": "1999-12-31"}, "due_date", BOUNDS),
    ("requirement", {"quantity": "-1"}, "quantity", "0"),
]


def form_data(form) -> dict:
    """What the browser would send for an untouched form."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


class Setting:
    """The records each kind is tried on, and the three ways in."""

    def __init__(self, world, client):
        self.world, self.client = world, client
        self.api = APIClient()
        self.api.force_authenticate(world.pmo)
        client.force_login(world.pmo)
        self.phase = world.health_registry.phases.get(order=2)
        self.report = report_services.report_start(project=world.tax, user=world.pmo, period_start=world.today)

    # --- the page ---------------------------------------------------------------------

    def page(self, kind, change) -> tuple[dict, object]:
        if kind == "project":
            url = reverse("portfolio:project_edit", args=["NHR"])
            return self._post_form(url, change, "form")
        if kind == "phase":
            # Phases are edited on the administration pages.
            admin = VerifiedClient()
            admin.force_login(self.world.admin)
            url = reverse("admin:portfolio_phase_change", args=[self.phase.pk])
            form = admin.get(url).context["adminform"].form
            response = admin.post(url, form_data(form) | change)
            assert response.status_code == 200, response.status_code
            return dict(response.context["adminform"].form.errors), response
        if kind == "report":
            url = reverse("reports:report_edit", args=[self.report.pk])
            management = {
                "phases-TOTAL_FORMS": "0",
                "phases-INITIAL_FORMS": "0",
                "phases-MIN_NUM_FORMS": "0",
                "phases-MAX_NUM_FORMS": "1000",
            }
            return self._post_form(url, change, "form", extra=management)
        if kind == "obstacle":
            url = reverse("obstacles:obstacle_new", args=["NHR"])
            return self._post_form(url, {"title": "عائق", "category": "technical"} | change, "form")
        if kind == "requirement":
            url = reverse("obstacles:requirement_new", args=["NHR"])
            return self._post_form(url, {"kind": "equipment", "description": "مخدمات"} | change, "form")
        raise AssertionError(kind)

    def _post_form(self, url, change, name, extra=None):
        form = self.client.get(url).context[name]
        response = self.client.post(url, form_data(form) | (extra or {}) | change)
        assert response.status_code == 200, response.status_code  # shown again, not saved
        return dict(response.context[name].errors), response

    # --- the API ----------------------------------------------------------------------

    def call_api(self, kind, change) -> dict:
        if kind == "project":
            response = self.api.patch("/api/v1/projects/NHR/", {"version": 1, **change}, format="json")
        elif kind == "phase":
            response = self.api.patch(f"/api/v1/phases/{self.phase.pk}/", {"version": 1, **change}, format="json")
        elif kind == "report":
            response = self.api.patch(f"/api/v1/reports/{self.report.pk}/", {"version": 1, **change}, format="json")
        elif kind == "obstacle":
            body = {"project": "NHR", "title": "عائق", "category": "technical"} | change
            response = self.api.post("/api/v1/obstacles/", body, format="json")
        else:
            body = {"project": "NHR", "kind": "equipment", "description": "مخدمات"} | change
            response = self.api.post("/api/v1/requirements/", body, format="json")
        assert response.status_code == 400, (response.status_code, response.content)
        return response.json()

    # --- the import -------------------------------------------------------------------

    IMPORT_KINDS = {
        "project": ("projects", {"code": "NHR"}),
        "phase": ("phases", {"project": "NHR", "order": "2"}),
        "report": ("progress-reports", {"project": "ITAS", "month": "2026-11"}),
        "obstacle": ("obstacles", {"project": "NHR", "title": "عائق", "category": "technical"}),
        "requirement": ("requirements", {"project": "NHR", "kind": "equipment", "description": "مخدمات"}),
    }

    def import_(self, kind, change) -> dict:
        name, base = self.IMPORT_KINDS[kind]
        importer = importer_class(name)(self.world.pmo)
        row = base | change
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([str(column.header) for column in importer.columns])
        writer.writerow([row.get(column.key, "") for column in importer.columns])
        result = importer.read(text.getvalue().encode())
        headers = {str(column.header): column.key for column in importer.columns}
        found = {}
        for problem in result.problems:
            found.setdefault(headers.get(problem.column, problem.column), []).append(problem.message)
        return found


FIELD_OF_COLUMN = {"month": "period_start"}


@pytest.mark.parametrize(("kind", "change", "field", "says"), INVALID_CHANGES)
def test_page_api_and_import_refuse_the_same_change_the_same_way(client, world, kind, change, field, says):
    setting = Setting(world, client)
    before = snapshot()

    page_errors, _response = setting.page(kind, change)
    api_errors = setting.call_api(kind, change)
    import_errors = setting.import_(kind, change)

    assert field in page_errors, page_errors
    assert says in " ".join(page_errors[field])
    assert api_errors.get(field) == list(page_errors[field]), (api_errors, page_errors)
    assert import_errors.get(field) == list(page_errors[field]), (import_errors, page_errors)
    assert snapshot() == before  # nothing was written by any of them


def snapshot():
    return (
        list(Project.objects.order_by("pk").values_list("version", "status", "actual_go_live", "forecast_go_live")),
        list(Phase.objects.order_by("pk").values_list("version", "percent_complete", "forecast_end", "baseline_end")),
        Obstacle.objects.count(),
        Requirement.objects.count(),
        list(world_reports()),
    )


def world_reports():
    from marsad.reports.models import ProgressReport

    return ProgressReport.objects.order_by("pk").values_list("version", "percent_complete", "forecast_go_live")


# --- a report's own rules: its state, and a percentage before it is submitted ----------


def import_report_row(world, cells: dict) -> list[tuple[str, str]]:
    """(column, message) of every problem an import of one report row finds."""
    importer = importer_class("progress-reports")(world.pmo)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([str(column.header) for column in importer.columns])
    writer.writerow([cells.get(column.key, "") for column in importer.columns])
    return [(problem.column, problem.message) for problem in importer.read(text.getvalue().encode()).problems]


def test_a_submitted_report_is_refused_alike_by_page_api_and_import(client, world):
    setting = Setting(world, client)
    report = setting.report
    report_services.report_submit(report=report, user=world.pmo, version=report.version)
    before = snapshot()
    message = "لا يُعدَّل إلا التقرير المسودة أو المُعاد."

    page = client.post(reverse("reports:report_edit", args=[report.pk]), {"achievements": "تعديل"}, follow=True)
    api = setting.api.patch(f"/api/v1/reports/{report.pk}/", {"version": report.version, "achievements": "تعديل"})
    imported = import_report_row(world, {"project": "ITAS", "month": "2026-11", "achievements": "تعديل"})

    assert message in [str(m) for m in page.context["messages"]]
    assert (api.status_code, api.json()["detail"]) == (409, message)
    assert imported == [("الشهر (YYYY-MM)", message)]
    assert snapshot() == before


def test_a_report_without_a_percentage_is_refused_submission_alike_by_page_api_and_import(client, world):
    setting = Setting(world, client)
    report = setting.report  # ITAS has no phases: its percentage is typed
    report.percent_complete = None
    report.save()
    before = snapshot()
    message = "أدخل نسبة التنفيذ قبل الإرسال."

    url = reverse("reports:report_edit", args=[report.pk])
    form = client.get(url).context["form"]
    management = {"phases-TOTAL_FORMS": "0", "phases-INITIAL_FORMS": "0", "phases-MAX_NUM_FORMS": "1000"}
    page = client.post(url, form_data(form) | management | {"percent_complete": "", "submit": "1"})
    api = setting.api.post(f"/api/v1/reports/{report.pk}/submit/", {"version": report.version}, format="json")
    imported = import_report_row(world, {"project": "ITAS", "month": "2026-11", "submit": "نعم"})

    assert page.status_code == 200 and page.context["form"].errors["percent_complete"] == [message]
    assert (api.status_code, api.json()) == (400, {"percent_complete": [message]})
    assert imported == [("نسبة التنفيذ", message)]
    assert snapshot() == before  # the page's draft was not saved half-way either
    report.refresh_from_db()
    assert report.status == "draft"
