"""Status signals tell the truth: a project in service is not "late"; a resolved
obstacle reads as resolved."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _row(page: str, code: str) -> str:
    return re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?{code}(?:(?!</tr>).)*</tr>", page, re.S)[0]


def test_a_project_in_service_says_when_it_entered_service_against_plan_never_late(client, world):
    """CERT entered service on 1 February 2026 against a plan of 1 January: 31 days after."""
    client.force_login(world.committee)
    portfolio = client.get(reverse("portfolio:project_list")).content.decode()
    cert = _row(portfolio, "CERT")
    assert "دخل الخدمة بعد الموعد المخطط بـ31 يوماً" in cert
    assert "متأخر" not in cert and "text-danger" not in cert.split("slippage")[1][:40]
    page = client.get(reverse("portfolio:project_detail", args=["CERT"])).content.decode()
    assert "دخل الخدمة بعد الموعد المخطط بـ31 يوماً" in page and "متأخر 31" not in page
    # A project still to enter service, forecast four months behind its plan, is late, in red.
    registry = _row(portfolio, "NHR")
    assert re.search(r'class="slippage text-danger">متأخر \d+ يوماً', registry), registry


def test_a_resolved_obstacle_reads_as_resolved_wherever_it_is_listed(client, world):
    import datetime

    from marsad.obstacles.models import Obstacle

    Obstacle.objects.create(
        project=world.health_registry,
        title="انتظار تقسيم الأدوار",
        category="coordination",
        raised_on=datetime.date(2026, 5, 1),
        status="resolved",
        resolution="قسّمت اللجنة الأدوار",
        resolved_on=datetime.date(2026, 6, 10),
    )
    client.force_login(world.focal_health)
    page = client.get(reverse("portfolio:project_detail", args=["NHR"])).content.decode()
    card = page[page.index("انتظار تقسيم الأدوار") :].split("</article>")[0]
    assert "ذُلّلت · 10 حزيران 2026" in card and "أُزيلت خلال 40 يوماً" in card
    assert "text-danger" not in card  # no open age in red


def test_a_percent_field_shows_100_not_100_00(client, world):
    from marsad.reports.services import report_start

    report = report_start(project=world.health_registry, user=world.focal_health)
    client.force_login(world.focal_health)
    page = client.get(reverse("reports:report_edit", args=[report.pk])).content.decode()
    fields = re.findall(r'<input[^>]*name="[^"]*percent_complete"[^>]*>', page)
    assert fields and any('value="100"' in field for field in fields)  # phase 1, done
    assert not any(re.search(r'value="\d+\.\d*0"', field) for field in fields), fields
