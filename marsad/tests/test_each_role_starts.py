"""Each role starts where its work is, on the demo: the committee's dashboard opens on
what needs a decision, the portfolio on the projects most at risk, and a focal point's
My work on everything its entity must do, each with its date and its next step."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from marsad.accounts.models import User
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Project
from marsad.reports.models import ProgressReport

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MOMENT = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo(client):
    with time_machine.travel(MOMENT, tick=False):
        call_command("demo", "--quiet-logins", verbosity=0)
        yield client


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_the_dashboard_opens_on_what_needs_a_decision_each_a_count_and_its_list(demo):
    client = demo
    client.force_login(User.objects.get(username="committee"))
    page = client.get("/").content.decode()
    strip = section(page, "needs-decision")
    assert page.index('id="needs-decision"') < page.index('id="headline"')  # first, above the figures
    counts = dict(re.findall(r'data-needs="(\w+)">\s*<span class="figure">(\d+)</span>', strip))
    awaiting = Obstacle.objects.filter(level=3, status__in=["open", "in_progress"]).count()
    assert counts["obstacles"] == str(awaiting) == "3"
    red_list = client.get(reverse("portfolio:project_list") + "?health=red").content.decode()
    assert counts["red"] != "0" and f'data-count="{counts["red"]}"' in red_list  # the list behind it says as many
    assert "عقبات بانتظار اللجنة" in text_of(strip)


def test_the_portfolio_and_the_league_table_open_on_the_most_at_risk(demo):
    client = demo
    client.force_login(User.objects.get(username="pmo"))
    page = client.get(reverse("portfolio:project_list")).content.decode()
    codes = re.findall(r'data-code="([\w-]+)"', page)
    with time_machine.travel(MOMENT, tick=False):
        health = dict(Project.objects.with_progress().values_list("code", "schedule_health"))
    order = ["red", "amber_red", "amber", "amber_green", "green", ""]
    ranks = [order.index(health[code]) for code in codes]
    assert codes and ranks == sorted(ranks) and health[codes[0]] == "red"
    league = client.get(reverse("dashboard:league")).content.decode()
    shares = [
        float(value.replace("%", "").strip("\u2066\u2069"))
        for value in re.findall(r'data-column="on_schedule"><a[^>]*>([^<]+)</a>', league.split("<tfoot")[0])
    ]
    assert shares and shares == sorted(shares)


def test_a_focal_points_my_work_lists_every_report_rollout_row_obstacle_requirement_and_task(demo):
    client = demo
    client.force_login(User.objects.get(username="focal.finance"))
    page = client.get(reverse("reports:my_work")).content.decode()
    reports = section(page, "reports")
    # ITAS missed October: overdue, to write; GOV-PROC's report came back: its reason and a fix.
    itas = reports[reports.index('data-project="ITAS"') :]
    assert "متأخر" in text_of(itas[: itas.index("</tr>")]) and "كتابة التقرير" in itas[: itas.index("</tr>")]
    returned = ProgressReport.objects.get(project__code="GOV-PROC", status="returned")
    gov = reports[reports.index('data-project="GOV-PROC"') :]
    assert returned.return_reason in gov[: gov.index("</tr>")] and "صحّحه وأعد إرساله" in gov

    client.force_login(User.objects.get(username="focal.health"))
    page = client.get(reverse("reports:my_work")).content.decode()
    # NHR's report for the period is with the programme office: said, and nothing to write.
    nhr = section(page, "reports")
    assert 'data-project="NHR"' in nhr and "عرض التقرير" in nhr and "كتابة التقرير" not in nhr
    assert "وزارة الصحة" in text_of(section(page, "rollout-rows"))
    obstacle = Obstacle.objects.filter(project__owner__code="MOH", status="open").first()
    assert obstacle.title in section(page, "obstacles")
    requirement = Requirement.objects.filter(project__owner__code="MOH").exclude(status="delivered").first()
    assert requirement.description in section(page, "requirements")

    exported = client.get(reverse("reports:my_work_export", args=["csv"])).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][0] == "النوع" and any(obstacle.title in row for row in rows)
    assert any(requirement.description in row for row in rows) and any("السجل الوطني الصحي" in row for row in rows)
