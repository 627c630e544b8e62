"""The portfolio as it stood on a date, and what changed since, against hand-computed
figures."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from marsad.committee.changes import changes_between, portfolio_as_of
from marsad.committee.models import ProjectSnapshot
from marsad.committee.snapshots import summary
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Entity, Phase, Project


def at(day, obj, **values):
    """Save `obj` (with `values`) as if on `day` at 10:00."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_date = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    obj.save()
    return obj


@pytest.fixture
def story(db):
    moh = Entity.objects.create(code="MOH", name_ar="وزارة الصحة")
    quiet = at(
        datetime.date(2026, 8, 1),
        Project(code="R", name_ar="ر", owner=moh, status="execution", reported_percent=Decimal(70)),
    )
    p = at(
        datetime.date(2026, 9, 1),
        Project(
            code="P",
            name_ar="ب",
            owner=moh,
            status="approved",
            pmo_health="amber",
            forecast_go_live=datetime.date(2027, 1, 1),
        ),
    )
    first = at(
        datetime.date(2026, 9, 1),
        Phase(project=p, order=1, name_ar="التحليل", weight=1, percent_complete=50, status="in_progress"),
    )
    second = at(datetime.date(2026, 9, 1), Phase(project=p, order=2, name_ar="التطوير", weight=3, percent_complete=0))
    at(datetime.date(2026, 10, 15), first, percent_complete=100, status="done")
    at(datetime.date(2026, 10, 15), second, percent_complete=20, status="in_progress")
    at(datetime.date(2026, 10, 15), p, status="execution", pmo_health="red", forecast_go_live=datetime.date(2027, 3, 1))
    at(datetime.date(2026, 10, 20), Project(code="Q", name_ar="ق", owner=moh, status="approved"))
    raised = Obstacle.objects.create(project=p, title="جديدة", category="staff", raised_on=datetime.date(2026, 10, 1))
    removed = Obstacle.objects.create(
        project=p,
        title="قديمة",
        category="funding",
        raised_on=datetime.date(2026, 8, 1),
        status="resolved",
        resolved_on=datetime.date(2026, 10, 10),
    )
    return locals()


def test_the_portfolio_as_it_stood_on_a_date(story):
    then = {s.code: s for s in portfolio_as_of(datetime.date(2026, 9, 30))}
    assert set(then) == {"P", "R"}  # Q did not exist yet
    assert (then["P"].status, then["P"].health, then["P"].execution_percent) == ("approved", "amber", 12.5)
    assert then["P"].go_live == datetime.date(2027, 1, 1)
    assert then["R"].execution_percent == 70.0  # no phases: the reported %
    assert [s.code for s in portfolio_as_of(datetime.date(2026, 8, 15))] == ["R"]
    now = {s.code: s for s in portfolio_as_of(datetime.date(2026, 11, 28))}
    assert now["P"].execution_percent == 40.0  # (1×100 + 3×20) / 4


def test_what_changed_since_a_meeting(story):
    changes = {c.now.code: c for c in changes_between(datetime.date(2026, 9, 30), datetime.date(2026, 11, 28))}
    assert set(changes) == {"P", "Q"}  # R did not change
    p = changes["P"]
    assert (p.percent_then, p.percent_now) == (12.5, 40.0)
    assert (p.then.status, p.now.status) == ("approved", "execution")
    assert (p.then.health, p.now.health) == ("amber", "red")
    assert p.go_live_shift_days == 59
    assert p.phases_finished == ["التحليل"]
    assert p.obstacles_raised == [story["raised"]] and p.obstacles_resolved == [story["removed"]]
    assert changes["Q"].then is None
    # Only the projects asked about.
    only = changes_between(datetime.date(2026, 9, 30), datetime.date(2026, 11, 28), Project.objects.filter(code="Q"))
    assert [c.now.code for c in only] == ["Q"]


@pytest.mark.parametrize("until", [datetime.date(2026, 11, 28), None], ids=["held meeting", "meeting to come"])
def test_the_meeting_summary_counts_what_changed(story, until):
    """Counted from stored snapshots (and, for a meeting to come, the stored figures):
    the same changes as the project-by-project list above."""
    until = until or timezone.localdate()
    found = summary(datetime.date(2026, 9, 30), until, Project.objects.all())
    assert found["counts"] == {
        "compared": 3,
        "new": 1,  # Q
        "status": 1,  # P: approved → execution
        "entered_service": 0,
        "rating": 1,  # P: amber → red
        "later": 1,  # P: +59 days
        "earlier": 0,
        "percent": 1,  # P: 12.5 → 40
        "obstacles_raised": 1,
        "obstacles_resolved": 1,
        "phases_finished": 1,
    }
    assert [(p.code, p.then_percent, p.now_percent) for p in found["largest_gains"]] == [("P", 12.5, 40.0)]
    assert [(p.code, p.go_live_shift.days) for p in found["largest_slips"]] == [("P", 59)]
    assert ProjectSnapshot.objects.filter(day=datetime.date(2026, 9, 30)).count() == 2  # P and R existed
    # Leaving out the agenda's projects leaves the rest.
    rest = summary(datetime.date(2026, 9, 30), until, Project.objects.all(), leave_out=[story["p"].pk])
    assert (rest["counts"]["compared"], rest["counts"]["new"], rest["counts"]["status"]) == (2, 1, 0)
    assert rest["counts"]["phases_finished"] == 0 and rest["largest_gains"] == []


def test_a_held_meetings_summary_keeps_its_comparison_and_counts_obstacles_as_recorded_now(client, story):
    """Past days' snapshots never change, so the comparison is kept across the writes of
    reports and phases; a project's own save (here a new name) and an obstacle recorded
    late in the window show at once."""
    from marsad.accounts.models import Role, User
    from marsad.committee.models import Committee, Meeting
    from marsad.conftest import make_phase
    from marsad.lib.records import record_save

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 9, 30), status="approved")
    meeting = Meeting.objects.create(committee=higher, number=2, date=datetime.date(2026, 11, 1), status="held")
    client.force_login(User.objects.create_user("member", password="x-1-long-password", role=Role.COMMITTEE))

    def others():
        return client.get(f"/meetings/{meeting.pk}/").context["others"]

    before = others()
    assert before["counts"]["obstacles_raised"] == 1
    assert [p.name_ar for p in before["largest_gains"]] == ["ب"]

    make_phase(story["quiet"], 1, 1, 100)  # today: not in the window, nothing there moves
    assert others()["counts"] == before["counts"]

    p = Project.objects.get(code="P")
    p.name_ar = "مشروع ب"
    record_save(p, version=p.version)
    assert [p.name_ar for p in others()["largest_gains"]] == ["مشروع ب"]

    Obstacle.objects.create(project=p, title="متأخرة", category="staff", raised_on=datetime.date(2026, 10, 5))
    assert others()["counts"]["obstacles_raised"] == 2

    # Kept once made (the committee reads every project), equal to counting afresh…
    from django.core.cache import cache

    from marsad.committee import snapshots
    from marsad.committee.models import KeptMovements

    window = (datetime.date(2026, 9, 30), datetime.date(2026, 11, 1))
    assert KeptMovements.objects.filter(since=window[0], until=window[1]).exists()
    kept = snapshots.kept_movements(*window, Project.objects.all(), every_project=True)
    fresh = snapshots.movements(*window, Project.objects.all())
    assert kept["counts"] == fresh["counts"]
    assert [p.code for p in kept["largest_slips"]] == [p.code for p in fresh["largest_slips"]] == ["P"]
    # … and made afresh once a project is deleted: R no longer counts.
    compared = others()["counts"]["compared"]
    story["quiet"].delete()
    cache.clear()
    assert others()["counts"]["compared"] == compared - 1


def test_the_daily_command_takes_each_past_meeting_days_snapshot_once(story):
    from django.core.management import call_command

    from marsad.committee.models import Committee, Meeting, SnapshotDay

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 9, 30), status="held")
    Meeting.objects.create(committee=higher, number=2, date=datetime.date(2026, 10, 31), status="approved")
    Meeting.objects.create(committee=higher, number=3, date=datetime.date(2099, 1, 1))  # still to come
    call_command("take_snapshots", stdout=io.StringIO())
    assert sorted(SnapshotDay.objects.values_list("day", flat=True)) == [
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 31),
    ]
    # P and R existed at the end of 30 September; P was approved then, with 12.5 % done.
    then = {s.project.code: s for s in ProjectSnapshot.objects.filter(day=datetime.date(2026, 9, 30))}
    assert set(then) == {"P", "R"} and (then["P"].status, then["P"].execution_percent) == ("approved", 12.5)
    out = io.StringIO()
    call_command("take_snapshots", stdout=out)
    assert (
        "Took 0 snapshot(s)" in out.getvalue()
        and ProjectSnapshot.objects.filter(day=datetime.date(2026, 9, 30)).count() == 2
    )
