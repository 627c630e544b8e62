"""The dashboard against a worked example computed by hand: the headline figures now
and at the end of the last meeting's day, every drill-down list showing the count the
dashboard showed, and a focal point's dashboard over its own scope only."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from marsad.accounts.models import Role
from marsad.committee.models import Committee, Decision, Meeting, Task
from marsad.conftest import make_user
from marsad.dashboard import headline
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Entity, Project
from marsad.reports.models import ProgressReport

TODAY = datetime.date(2026, 11, 28)
MEETING_DAY = datetime.date(2026, 10, 31)


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def at(day, obj, **values):
    """Save `obj` (with `values`) as if on `day` at 10:00: its history says so."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_date = moment(day)
    obj.save()
    return obj


def project(code, owner, **fields):
    fields.setdefault("baseline_start", datetime.date(2026, 8, 1))
    return Project(code=code, name_ar=f"مشروع {code}", name_en=f"Project {code}", owner=owner, **fields)


def accepted_report(p, period, submitted, accepted):
    return at(
        accepted,
        ProgressReport(
            project=p,
            period_start=period,
            status="accepted",
            submitted_at=moment(submitted),
            reviewed_at=moment(accepted),
        ),
    )


@pytest.fixture
def example(db):
    """Five projects with a history (see the module's test for the sums by hand)."""
    with time_machine.travel(moment(TODAY), tick=False):
        moh = Entity.objects.create(code="MOH", name_ar="وزارة الصحة", name_en="Ministry of Health")
        directorate = Entity.objects.create(code="DIR", name_ar="مديرية", name_en="Directorate", parent=moh)
        mof = Entity.objects.create(code="MOF", name_ar="وزارة المالية", name_en="Ministry of Finance")
        goes = dict(original_baseline_go_live=datetime.date(2027, 3, 1), baseline_go_live=datetime.date(2027, 3, 1))
        a = at(
            datetime.date(2026, 9, 1),
            project("A", moh, status="execution", forecast_go_live=datetime.date(2027, 3, 1), **goes),
            reported_percent=Decimal(40),
            funding_allocated=Decimal(1_000_000),
            funding_spent=Decimal(250_000),
        )
        december = datetime.date(2026, 12, 15)
        b = at(
            datetime.date(2026, 9, 1),
            project(
                "B", mof, status="execution", original_baseline_go_live=december, baseline_go_live=december,
                forecast_go_live=december, reported_percent=Decimal(20), funding_allocated=Decimal(3_000_000),
            ),
        )  # fmt: skip
        october = datetime.date(2026, 10, 15)
        c = at(
            datetime.date(2026, 9, 1),
            project(
                "C", directorate, status="execution", original_baseline_go_live=october, baseline_go_live=october,
                reported_percent=Decimal(30),
            ),
        )  # fmt: skip
        e = at(
            datetime.date(2026, 9, 1),
            project("E", moh, status="cancelled", baseline_go_live=datetime.date(2026, 12, 1)),
        )
        # A report for September accepted before the meeting; one for October after it.
        accepted_report(a, datetime.date(2026, 9, 1), datetime.date(2026, 10, 5), datetime.date(2026, 10, 8))
        accepted_report(b, datetime.date(2026, 10, 1), datetime.date(2026, 11, 5), datetime.date(2026, 11, 12))
        # After the meeting: A slips three months and reaches 60 %, B 50 %, C enters
        # service, and D is added.
        at(datetime.date(2026, 11, 10), a, forecast_go_live=datetime.date(2027, 6, 1), reported_percent=Decimal(60))
        at(datetime.date(2026, 11, 15), b, reported_percent=Decimal(50))
        at(
            datetime.date(2026, 11, 20),
            c,
            status="in_service",
            actual_go_live=datetime.date(2026, 11, 20),
            reported_percent=Decimal(100),
        )
        d = at(
            datetime.date(2026, 11, 5),
            project(
                "D", mof, status="approved", baseline_start=datetime.date(2026, 11, 1),
                original_baseline_go_live=datetime.date(2027, 5, 1), baseline_go_live=datetime.date(2027, 5, 1),
            ),
        )  # fmt: skip
        higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
        meeting = Meeting.objects.create(committee=higher, number=12, date=MEETING_DAY, status="held")
        decision = Decision.objects.create(meeting=meeting, number=1, text="إدراج المشروع أ", kind="other")
        Task.objects.create(
            decision=decision, title="مهمة متأخرة", assigned_entity=mof, due_date=datetime.date(2026, 11, 20)
        )
        Task.objects.create(
            decision=decision, title="مهمة الصحة", assigned_entity=moh, due_date=datetime.date(2026, 11, 1)
        )
        Obstacle.objects.create(
            project=a, title="عقبة أمام اللجنة", category="funding", level=3, raised_on=datetime.date(2026, 11, 1)
        )
        people = {
            "committee": make_user("committee", Role.COMMITTEE),
            "focal": make_user("focal.finance", Role.FOCAL_POINT, [mof]),
        }
    return {"projects": {p.code: p for p in (a, b, c, d, e)}, "meeting": meeting, **people}


def figures_for(user):
    found = headline.headline(headline.Portfolio.of(user, TODAY), MEETING_DAY)
    return {f.key: f for f in found["figures"]}, {s["value"]: s for s in found["statuses"]}


@time_machine.travel(moment(TODAY), tick=False)
def test_the_headline_figures_now_and_at_the_last_meeting(example):
    figures, statuses = figures_for(example["committee"])
    pairs = {key: (figure.value, figure.then) for key, figure in figures.items()}
    assert pairs["total"] == (5, 4)  # D is new since the meeting
    # In execution now: A (amber-red: 92 days late) and B (green); then A, B, C, of
    # which C was red (its go-live had passed).
    assert pairs["on_schedule"] == (pytest.approx(50.0), pytest.approx(200 / 3))
    # Weighted by budget: A 1M, B 3M, C none (weighs the 2M average); D has no %.
    assert pairs["execution"] == (pytest.approx((60 + 50 * 3 + 100 * 2) / 6), pytest.approx((40 + 20 * 3 + 30 * 2) / 6))
    assert pairs["entering"] == (2, 2)  # B and C; E is cancelled; then C was still expected in 2026
    assert pairs["overdue"] == (0, 1)  # C, overdue then, is in service now
    # Stale: now A (no October report); then B and C (no September report).
    assert pairs["stale"] == (1, 2)
    # Reports owed since August: now A and B owe Aug–Oct (6), two arrived on time;
    # then Aug–Sep of A and B (4), one submitted by the meeting's day.
    assert pairs["timeliness"] == (pytest.approx(100 * 2 / 6), pytest.approx(100 * 1 / 4))
    assert (figures["overdue"].direction, figures["overdue"].is_good) == ("down", True)
    assert (figures["on_schedule"].direction, figures["on_schedule"].is_good) == ("down", False)
    assert figures["total"].direction == "up"
    assert {k: (s["count"], s["then"]) for k, s in statuses.items() if s["count"] or s["then"]} == {
        "execution": (2, 3),
        "in_service": (1, 0),
        "approved": (1, 0),
        "cancelled": (1, 1),
    }


def shown_count(client, url) -> int:
    """The number of projects the portfolio says it lists."""
    page = client.get(url).content.decode()
    match = re.search(r'class="summary-total" data-count="(\d+)"', page)
    assert match, url
    return int(match.group(1))


@time_machine.travel(moment(TODAY), tick=False)
def test_every_count_links_to_a_list_with_the_same_count(client, example):
    client.force_login(example["committee"])
    page = client.get("/")
    assert page.status_code == 200
    context = page.context
    checked = 0
    for figure in context["figures"]:
        if figure.key in ("total", "entering", "overdue", "stale"):
            assert shown_count(client, figure.url) == figure.value, figure.key
            checked += 1
    on_schedule = next(f for f in context["figures"] if f.key == "on_schedule")
    assert shown_count(client, on_schedule.url) == 1  # the projects counted on schedule (B)
    for status in context["statuses"]:
        assert shown_count(client, status["url"]) == status["count"], status["value"]
    for row in context["health"]["rows"]:
        assert shown_count(client, row["url"]) == row["total"]
        for cell in row["cells"]:
            if cell["count"]:
                assert shown_count(client, cell["url"]) == cell["count"], cell["url"]
                checked += 1
    for row in context["timeline"]["series"]:
        for value, link in zip(row["values"], row["links"], strict=True):
            if value:
                assert shown_count(client, link) == value, link
                checked += 1
    for line in context["money"]["lines"]:
        assert shown_count(client, line["url"]) == line["count"]
    assert checked >= 8
    # The health matrix rolls the directorate's project (C) into its ministry.
    rows = {row["entity"].code: row["total"] for row in context["health"]["rows"]}
    assert rows == {"MOH": 3, "MOF": 2}
    # The committee's lists: what the count says is what the list holds.
    assert context["obstacles"]["count"] == 1
    assert "عقبة أمام اللجنة" in client.get(context["obstacles"]["url"]).content.decode()
    assert context["tasks"]["count"] == 2
    tasks_page = client.get(context["tasks"]["url"]).content.decode()
    assert "مهمة متأخرة" in tasks_page and "مهمة الصحة" in tasks_page
    assert [d.text for d in context["decisions"]] == ["إدراج المشروع أ"]
    assert context["decisions"][0].tasks_total == 2


@time_machine.travel(moment(TODAY), tick=False)
def test_money_by_programme_and_in_total(client, example):
    client.force_login(example["committee"])
    money = client.get("/").context["money"]
    assert [(t["allocated"], t["spent"], t["count"]) for t in money["totals"]] == [(4_000_000, 250_000, 5)]
    assert "4,000,000" in client.get("/").content.decode()


@time_machine.travel(moment(TODAY), tick=False)
def test_a_focal_points_dashboard_counts_only_its_scope(client, example):
    figures, statuses = figures_for(example["focal"])
    assert (figures["total"].value, figures["total"].then) == (2, 1)  # B and D; B then
    assert statuses["execution"]["count"] == 1
    client.force_login(example["focal"])
    page = client.get("/")
    body = page.content.decode()
    assert "مشروع A" not in body and "عقبة أمام اللجنة" not in body  # MOH's project and obstacle
    assert [row["entity"].code for row in page.context["health"]["rows"]] == ["MOF"]
    assert page.context["obstacles"]["count"] == 0
    assert [t.title for t in page.context["tasks"]["rows"]] == ["مهمة متأخرة"]
    assert page.context["money"]["totals"][0]["allocated"] == 3_000_000


@time_machine.travel(moment(TODAY), tick=False)
def test_a_headline_indicators_total_follows_new_values_at_once(client, example):
    from django.db import transaction

    from marsad.indicators.ingest import ingest
    from marsad.indicators.models import Indicator

    Indicator.objects.create(
        code="CSC", name_ar="الخدمات المقدمة", owner=Entity.objects.get(code="MOH"), is_headline=True,
        frequency="month", aggregation="sum",
    )  # fmt: skip
    pmo = make_user("pmo", Role.PMO)
    client.force_login(example["committee"])

    def write(*values):
        rows = [(n, "CSC", period, (), value) for n, (period, value) in enumerate(values, 1)]
        with transaction.atomic():
            counts, problems, _count = ingest(rows, user=pmo, source="api")
        assert problems == []

    def total():
        return client.get("/").context["indicators"][0]["cumulative"]

    write(("2026-09-01", 1000), ("2026-10-01", 2000))
    assert total() == 3000
    assert total() == 3000  # served again from the cache
    write(("2026-10-01", 2500))
    assert total() == 3500


@time_machine.travel(moment(TODAY), tick=False)
def test_the_last_meetings_figures_are_kept_and_follow_todays_budgets_and_deletions(example):
    """Made once over every project and kept with the day's snapshot; a budget changed
    today re-weighs the execution % of then, a deleted project leaves the figures of
    then, as counting afresh says."""
    from marsad.committee.models import SnapshotDay
    from marsad.dashboard import then
    from marsad.lib.records import record_save

    committee = example["committee"]
    figures, _statuses = figures_for(committee)
    assert SnapshotDay.objects.get(day=MEETING_DAY).summary is not None  # kept once made
    b = Project.objects.get(code="B")
    b.funding_allocated = Decimal(1_000_000)  # 3M before: now A and B weigh the same
    record_save(b, version=b.version)
    figures, _statuses = figures_for(committee)
    assert figures["execution"].then == pytest.approx((40 + 20 + 30 * 1) / 3)  # C weighs the 1M average
    every = Project.objects.all()
    assert then.on(every, MEETING_DAY, every_project=True) == then.on(every, MEETING_DAY, every_project=False)
    Project.objects.get(code="C").delete()
    figures, _statuses = figures_for(committee)
    assert figures["total"].then == 3  # A, B and E were recorded by the meeting's day
    assert then.on(Project.objects.all(), MEETING_DAY, every_project=True) == then.on(
        Project.objects.all(), MEETING_DAY, every_project=False
    )


@time_machine.travel(moment(TODAY), tick=False)
def test_a_focal_points_last_meeting_figures_are_summed_from_the_kept_groups(example):
    """Their entity's projects and the public ones from the groups kept with the day,
    the ones they only take part in counted: the same figures as counting their own
    projects, and moved when a project becomes public or changes hands."""
    from marsad.accounts import scope
    from marsad.dashboard import then
    from marsad.lib.records import record_save

    focal = example["focal"]

    def both():
        readable = scope.readable(focal, Project.objects.all())
        kept = then.on(readable, MEETING_DAY, every_project=False, reach=scope.reach(focal, Project.objects.all()))
        return kept, then.on(readable, MEETING_DAY, every_project=False)

    kept, counted = both()
    assert kept == counted and kept["counts"]["total"] == 1  # B (D came after the meeting)
    a = Project.objects.get(code="A")
    a.is_public = True
    record_save(a, version=a.version)
    kept, counted = both()
    assert kept == counted and kept["counts"]["total"] == 2 and kept["money"]["SYP"]["spent"] == Decimal(250_000)
    c = Project.objects.get(code="C")
    c.participants.add(Entity.objects.get(code="MOF"))  # taking part: counted, not kept
    e = Project.objects.get(code="E")
    e.owner = Entity.objects.get(code="MOF")
    record_save(e, version=e.version)
    kept, counted = both()
    assert kept == counted and kept["counts"]["total"] == 4 and kept["counts"]["status:cancelled"] == 1


@time_machine.travel(moment(TODAY), tick=False)
def test_a_write_empties_only_the_sections_it_can_change(client, example, monkeypatch):
    """Served from the shared cache between writes; a report makes the figures afresh
    and leaves the money section served as it was; a budget makes the money afresh."""
    from django.core.cache import cache

    from marsad.dashboard import sections
    from marsad.lib.records import record_save

    made = {"money": 0, "health_by_entity": 0}

    def counted(name):
        original = getattr(sections, name)

        def counting(*args, **kwargs):
            made[name] += 1
            return original(*args, **kwargs)

        return counting

    for name in made:
        monkeypatch.setattr(sections, name, counted(name))
    cache.clear()
    client.force_login(example["committee"])
    client.get("/")
    client.get("/")
    assert made == {"money": 1, "health_by_entity": 1}
    accepted_report(Project.objects.get(code="A"), datetime.date(2026, 10, 1), TODAY, TODAY)
    assert client.get("/").status_code == 200
    assert made == {"money": 1, "health_by_entity": 2}  # the report moved figures, not money
    b = Project.objects.get(code="B")
    b.funding_allocated += Decimal(500_000)
    record_save(b, version=b.version)
    page = client.get("/")
    assert made == {"money": 2, "health_by_entity": 3}
    assert [t["allocated"] for t in page.context["money"]["totals"]] == [4_500_000]
