"""One figure, one value: on the demo (the worked example the committee reads), every
headline figure is read back from every surface that shows it — the dashboard's
cards, the league table's page and export, the meeting pack and the entity scorecard
(PDF text), the API, the portfolio and the project page, its export and one-pager,
the public page — and each must say what the dashboard says, to the same decimal."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from marsad.accounts.models import User
from marsad.committee.models import Meeting, Task
from marsad.dashboard.league import COLUMNS
from marsad.documents import services
from marsad.documents.models import DocumentKind
from marsad.documents.tests.conftest import pdf_pages, pdf_text, read
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Entity, Project
from marsad.reports import periods

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TODAY = datetime.date(2026, 11, 28)
NUMBER = re.compile(r"-?[\d,]+(?:\.\d+)?")


def value_of(text: str) -> float:
    """The number a person reads in `text` (87.6 from an isolated "87.6%")."""
    found = NUMBER.search(text)
    assert found, text
    return float(found.group().replace(",", ""))


def numbers_in(text: str) -> set[float]:
    return {float(found.replace(",", "")) for found in NUMBER.findall(text) if found.strip("-,")}


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def card(page: str, key: str) -> str:
    found = re.search(rf'data-figure="{key}".*?class="kpi-value">(.*?)</div>', page, re.S)
    assert found, key
    return text_of(found.group(1))


def cells(page: str, part: str) -> dict[str, str]:
    """The league table's cells by column, in the row `part` ("tfoot" or an entity's name)."""
    if part == "tfoot":
        row = page[page.index("<tfoot") : page.index("</tfoot>")]
    else:
        start = page.index(part)
        row = page[start : page.index("</tr>", start)]
    return {key: text_of(value) for key, value in re.findall(r'data-column="(\w+)">(.*?)</td>', row, re.S)}


@pytest.fixture
def demo(client):
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC), tick=False):
        call_command("demo", "--quiet-logins", verbosity=0)
        pmo = User.objects.get(username="pmo")
        client.force_login(pmo)
        with translation.override("ar"):
            yield client, pmo


def test_the_headline_figures_read_the_same_on_the_dashboard_league_table_export_and_pack(demo):
    client, pmo = demo
    dashboard = client.get("/").content.decode()
    shown = {key: value_of(card(dashboard, key)) for key in ("on_schedule", "execution", "timeliness", "stale")}
    # The demo's figures are not whole: a surface that rounded to whole percents would differ.
    assert shown["execution"] != round(shown["execution"]) and shown["timeliness"] != round(shown["timeliness"])

    league = client.get(reverse("dashboard:league")).content.decode()
    footer = cells(league, "tfoot")
    assert {key: value_of(footer[key]) for key in shown} == shown

    book = load_workbook(io.BytesIO(client.get(reverse("dashboard:league_export", args=["xlsx"])).getvalue()))
    rows = list(book.active.iter_rows(values_only=True))
    total = rows[-1]
    assert total[0] == "كل الجهات"
    columns = [key for key, _label, _help in COLUMNS]
    assert {key: total[columns.index(key)] for key in shown} == shown

    meeting = Meeting.objects.filter(committee__code="HC").order_by("-date").first()
    pages = pdf_pages(read(services.make(DocumentKind.PACK, meeting, pmo)))
    standing = next(page for page in pages if "أين وصلت الإستراتيجية" in page and "المحتويات" not in page)
    assert set(shown.values()) <= numbers_in(standing)

    # An entity's row reads the same in the league table and on its scorecard.
    health = Entity.objects.get(code="MOH")
    row = cells(league, f">{health.name_ar}<")
    scorecard = numbers_in(pdf_text(read(services.make(DocumentKind.SCORECARD, health, pmo))))
    assert {value_of(row["execution"]), value_of(row["timeliness"])} <= scorecard


def test_a_projects_execution_reads_the_same_on_every_surface(demo):
    client, pmo = demo
    api = client.get("/api/v1/projects/?page_size=100").json()["results"]
    fractional = [p for p in api if p["execution_percent"] is not None and p["execution_percent"] % 1]
    assert fractional, "the demo has projects whose execution % is not whole"
    row = next((p for p in fractional if Project.objects.get(code=p["code"]).is_public), fractional[0])
    project = Project.objects.get(code=row["code"])
    expected = row["execution_percent"]
    assert round(expected, 1) == expected  # the API hands over what the page shows

    page = client.get(reverse("portfolio:project_detail", args=[project.code])).content.decode()
    kpi = re.search(r'class="kpi-value">([^<]*%[^<]*)</div>', page)
    assert kpi and value_of(kpi.group(1)) == expected

    listed = client.get(reverse("portfolio:project_list") + f"?q={project.code}").content.decode()
    assert f"{expected:g}%" in listed

    book = load_workbook(io.BytesIO(client.get(reverse("portfolio:project_export", args=["xlsx"])).getvalue()))
    rows = list(book.active.iter_rows(values_only=True))
    column = rows[0].index(_("Execution %"))
    assert next(r[column] for r in rows[1:] if project.code in r) == expected

    assert expected in numbers_in(pdf_text(read(services.make(DocumentKind.ONE_PAGER, project, pmo))))

    if project.is_public:
        client.logout()
        public = client.get(reverse("public:page")).content.decode()
        assert f"{expected:g}%" in public


def test_the_stale_count_at_the_last_meeting_is_what_the_reports_of_then_say(demo):
    """Counted by hand from the demo's reports: at the end of the last meeting's day, a
    project that reports was stale when no report for its latest period then due stood
    accepted (reviewed by that day)."""
    client, _pmo = demo
    since = Meeting.objects.filter(status="held", date__lt=TODAY).order_by("-date").first().date
    end = datetime.datetime.combine(since + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC)
    stale = 0
    for project in Project.objects.filter(reports__isnull=False).distinct():
        period = periods.latest_due_period(since, project.report_cadence_months)
        accepted = project.reports.filter(period_start=period, status="accepted", reviewed_at__lt=end)
        stale += not accepted.exists()
    page = client.get("/").content.decode()
    found = re.search(r'data-figure="stale".*?class="small">(.*?)</div>', page, re.S)
    # The three whose October report never came, and COM-REG, whose October report
    # came late and was accepted four days after the meeting.
    assert found and value_of(text_of(found.group(1))) == stale == 4


def test_every_dashboard_section_says_what_it_was_at_the_last_meeting(demo):
    """The obstacles awaiting the committee, the overdue tasks and the projects by
    health, each beside its value at the end of the last meeting's day."""
    client, _pmo = demo
    since = Meeting.objects.filter(status="held", date__lt=TODAY).order_by("-date").first().date
    page = client.get("/").content.decode()
    # By hand: obstacles that had reached the committee by then and were still open.
    awaiting_then = (
        Obstacle.objects.filter(level=3, level_since__lte=since, raised_on__lte=since)
        .exclude(resolved_on__lte=since)
        .count()
    )
    found = re.search(r'id="obstacles-title".*?سابقاً\s*(\d+)', page, re.S)
    assert found and int(found.group(1)) == awaiting_then == 1  # INTL-GW's; two more were put to it since
    # Tasks the meetings up to then assigned, due before it, not done (none was done since).
    tasks_then = (
        Task.objects.filter(due_date__lt=since, decision__meeting__date__lte=since).exclude(status="done").count()
    )
    found = re.search(r'id="tasks-title".*?سابقاً\s*(\d+)', page, re.S)
    assert found and int(found.group(1)) == tasks_then
    row = re.search(r'id="health-then">(.*?)</tr>', page, re.S)
    counts = [int(value) for value in re.findall(r'class="text-center num">(\d+)<', row.group(1))]
    assert (
        sum(counts)
        == Project.history.as_of(
            datetime.datetime.combine(since + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC)
        ).count()
    )
    # The money allocated then, summed by hand from the projects as they stood.
    moment = datetime.datetime.combine(since + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC)
    allocated_then = sum(project.funding_allocated or 0 for project in Project.history.as_of(moment))
    row = re.search(r'data-money-then="SYP">(.*?)</tr>', page, re.S)
    assert row and f"{allocated_then:,.0f}" in row.group(1)
