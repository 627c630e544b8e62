"""Every list offers Excel and CSV of what it shows, through the one export module."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from marsad.indicators.models import Indicator
from marsad.portfolio.models import Strategy

# (the list page, its export's route name and arguments, text the export must hold)
LISTS = [
    ("/projects/", "portfolio:project_export", (), "NHR"),
    ("/entities/", "dashboard:league_export", (), "وزارة الصحة"),
    ("/strategies/", "portfolio:strategy_export", (), "NDTS"),
    ("/indicators/", "indicators:indicator_export", (), "HI-1"),
    ("/indicators/HI-1/", "indicators:indicator_values_export", ("HI-1",), "2026"),
    ("/meetings/", "committee:meetings_export", (), None),
    ("/decisions/", "committee:decisions_export", (), None),
    ("/tasks/", "committee:tasks_export", (), None),
    ("/reports/review/", "reports:review_queue_export", (), None),
    ("/audit/", "audit:export", (), None),
    ("/obstacles/", "obstacles:export", (), None),
    ("/requirements/", "obstacles:requirements_export", (), None),
    ("/rollouts/", "rollouts:export", (), "RO-1"),
    ("/notifications/", "notifications:export", (), None),
    ("/my-work/", "reports:my_work_export", (), None),
]


@pytest.fixture
def listed(world):
    Strategy.objects.create(code="NDTS", name_ar="الإستراتيجية الوطنية", owner=world.moct)
    Indicator.objects.create(code="HI-1", name_ar="مؤشر", owner=world.health, baseline_date="2026-01-01")
    from marsad.rollouts.services import rollout_create

    rollout_create(
        user=world.pmo,
        institutions=[world.health, world.finance],
        code="RO-1",
        name_ar="التوقيع الإلكتروني",
        capability="e_signature",
        lead_entity=world.moct,
        target_date="2026-12-31",
    )
    return world


@pytest.mark.parametrize(("page", "name", "args", "holds"), LISTS)
def test_the_list_links_to_its_export_and_the_files_open(client, listed, page, name, args, holds):
    client.force_login(listed.pmo)
    html = client.get(page).content.decode()
    for fmt in ("xlsx", "csv"):
        assert f'href="{reverse(name, args=[*args, fmt])}' in html, (page, fmt)
    text = client.get(reverse(name, args=[*args, "csv"])).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows and all(rows[0])  # a header naming every column
    if holds:
        assert holds in text
    sheet = load_workbook(io.BytesIO(client.get(reverse(name, args=[*args, "xlsx"])).getvalue())).active
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == rows[0]


@pytest.mark.parametrize("fmt", ["pdf", "json"])
def test_an_unknown_format_is_not_found(client, world, fmt):
    client.force_login(world.committee)
    assert client.get(f"/projects/export.{fmt}").status_code == 404


def test_the_portfolio_on_a_date_exports_what_it_lists(client, listed):
    client.force_login(listed.pmo)
    today = timezone.localdate()  # the records were written today
    query = f"?date={today.isoformat()}"
    html = client.get("/projects/as-of/" + query).content.decode()
    xlsx = reverse("committee:portfolio_as_of_export", args=["xlsx"])
    assert f'href="{xlsx}?date={today.isoformat()}"' in html
    text = client.get(reverse("committee:portfolio_as_of_export", args=["csv"]) + query).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "رمز المشروع" and {row[0] for row in rows[1:]} >= {"NHR"}
    # A day that is not one is refused.
    assert client.get(reverse("committee:portfolio_as_of_export", args=["csv"]) + "?date=32/13/2026").status_code == 404
