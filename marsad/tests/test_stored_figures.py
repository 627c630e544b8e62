"""The stored figures (`ProjectFigures`) always equal a computation from scratch.

Hypothesis draws random sequences of every kind of change that moves a project's
figures — the project's own dates, status and reported %, phases added, changed and
deleted, reports accepted, projects moved to another entity or deleted, obstacles raised, escalated, resolved and removed by a
committee decision, rebaselines — each made the way Marsad makes it (the one write
path and the services). After each sequence, the portfolio as read from the stored
figures must equal `compute_figures` on every project for any day, past or future:
what the calendar alone changes (red once the go-live passes, stale once a report is
overdue) must follow without recomputing.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.committee import decisions
from marsad.committee.models import Committee, Meeting
from marsad.lib.records import record_save
from marsad.obstacles import services as obstacle_services
from marsad.obstacles.models import Obstacle
from marsad.portfolio import tally
from marsad.portfolio.baselines import rebaseline
from marsad.portfolio.models import Phase, PortfolioTally, Programme, ProgrammeTally, Project, ProjectFigures, Strategy
from marsad.reports import periods
from marsad.reports import services as report_services

pytestmark = pytest.mark.django_db

BASE = datetime.date(2026, 6, 1)
STATUSES = ["proposed", "approved", "preparation", "execution", "piloting", "in_service", "suspended", "cancelled"]
FIGURES = (
    "phase_count",
    "execution_percent",
    "current_phase_ar",
    "current_phase_en",
    "expected_go_live",
    "schedule_by_dates",
    "schedule_health",
    "is_stale",
    "last_accepted_period",
)


def day(offset):
    return None if offset is None else BASE + datetime.timedelta(days=offset)


offsets = st.one_of(st.none(), st.integers(-400, 400))
percent = st.integers(0, 100).map(Decimal)

new_project = st.fixed_dictionaries(
    {
        "status": st.sampled_from(STATUSES),
        "original": offsets,
        "forecast": offsets,
        "actual_start": offsets,
        "reported": st.one_of(st.none(), percent),
        "cadence": st.sampled_from([1, 3]),
    }
).map(lambda values: ("project", values))
changes = st.one_of(
    new_project,
    st.tuples(st.just("edit"), st.integers(0, 9), st.sampled_from(STATUSES), offsets, offsets),
    st.tuples(st.just("phase"), st.integers(0, 9), st.integers(0, 5), percent, st.booleans()),
    st.tuples(st.just("edit_phase"), st.integers(0, 30), percent, st.booleans()),
    st.tuples(st.just("delete_phase"), st.integers(0, 30)),
    st.tuples(st.just("report"), st.integers(0, 9), st.integers(-12, 6), st.one_of(st.none(), percent)),
    st.tuples(st.just("obstacle"), st.integers(0, 9), st.sampled_from([1, 2, 3, 4])),
    st.tuples(st.just("escalate"), st.integers(0, 30)),
    st.tuples(st.just("resolve"), st.integers(0, 30)),
    st.tuples(st.just("decision"), st.integers(0, 30)),
    st.tuples(st.just("rebaseline"), st.integers(0, 9), st.integers(-100, 300)),
    st.tuples(st.just("move"), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("delete_project"), st.integers(0, 9)),
    st.tuples(
        st.just("money"),
        st.integers(0, 9),
        st.one_of(st.none(), st.integers(0, 900).map(lambda n: Decimal(n * 1000))),
        st.one_of(st.none(), st.integers(0, 900).map(lambda n: Decimal(n * 100))),
        st.sampled_from(["SYP", "USD"]),
        st.sampled_from([None, "DGOV", "HEALTH"]),
        st.booleans(),
    ),
)


def pick(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


class Changes:
    """Each change made the way Marsad makes it; a change its rules refuse is skipped."""

    def __init__(self, world):
        self.world = world
        self.count = 0
        self.meeting = None

    def run(self, change):
        kind, *args = change
        try:
            with transaction.atomic():
                getattr(self, kind)(*args)
        except ValidationError:
            pass  # refused by the rules: nothing written, nothing to keep current

    def project(self, values):
        self.count += 1
        record_save(
            Project(
                code=f"H{self.count}",
                name_ar=f"مشروع {self.count}",
                owner=self.world.health,
                status=values["status"],
                original_baseline_go_live=day(values["original"]),
                baseline_go_live=day(values["original"]),
                forecast_go_live=day(values["forecast"]),
                actual_start=day(values["actual_start"]),
                actual_go_live=day(values["forecast"]) if values["status"] == "in_service" else None,
                reported_percent=values["reported"],
                report_cadence_months=values["cadence"],
            )
        )

    def edit(self, index, status, forecast, actual_go_live):
        project = pick(Project.objects.all(), index)
        if project:
            project.status, project.forecast_go_live, project.actual_go_live = (
                status,
                day(forecast),
                day(actual_go_live),
            )
            record_save(project, version=project.version)

    def move(self, index, to_finance):
        project = pick(Project.objects.all(), index)
        if project:
            project.owner = self.world.finance if to_finance else self.world.health
            record_save(project, version=project.version)

    def money(self, index, allocated, spent, currency, programme, public):
        project = pick(Project.objects.all(), index)
        if project:
            project.funding_allocated, project.funding_spent, project.funding_currency = allocated, spent, currency
            project.is_public = public
            project.programme = None
            if programme:
                strategy = Strategy.objects.get_or_create(
                    code="NDS", defaults={"name_ar": "الاستراتيجية", "owner": self.world.health}
                )[0]
                project.programme = Programme.objects.get_or_create(
                    code=programme, defaults={"name_ar": programme, "strategy": strategy}
                )[0]
            record_save(project, version=project.version)

    def delete_project(self, index):
        project = pick(Project.objects.all(), index)
        if project:
            try:
                with transaction.atomic():
                    project.delete()
            except ProtectedError:
                pass  # records that must outlive it keep it

    def phase(self, index, weight, value, done):
        project = pick(Project.objects.all(), index)
        if project:
            order = (project.phases.order_by("-order").values_list("order", flat=True).first() or 0) + 1
            record_save(
                Phase(
                    project=project,
                    order=order,
                    name_ar=f"المرحلة {order}",
                    name_en=f"Phase {order}",
                    weight=weight,
                    percent_complete=Decimal(100) if done else value,
                    status="done" if done else "in_progress",
                )
            )

    def edit_phase(self, index, value, done):
        phase = pick(Phase.objects.all(), index)
        if phase:
            phase.percent_complete, phase.status = (Decimal(100), "done") if done else (value, "in_progress")
            record_save(phase, version=phase.version)

    def delete_phase(self, index):
        phase = pick(Phase.objects.all(), index)
        if phase:
            phase.delete()

    def report(self, index, months, value):
        project = pick(Project.objects.all(), index)
        if project:
            start = periods.period_start(BASE, project.report_cadence_months)
            start = periods.next_period(start, project.report_cadence_months * months) if months else start
            pmo = self.world.pmo
            draft = report_services.report_start(project=project, user=pmo, period_start=start)
            if draft.status != "draft":
                return
            draft.percent_complete = value if value is not None else draft.percent_complete
            record_save(draft)
            report_services.report_submit(report=draft, user=pmo, version=draft.version)
            report_services.report_accept(report=draft, user=pmo, version=draft.version)

    def obstacle(self, index, level):
        project = pick(Project.objects.all(), index)
        if project:
            obstacle_services.obstacle_raise(
                project=project, user=self.world.pmo, title="عائق", category="technical", level=level
            )

    def escalate(self, index):
        obstacle = pick(Obstacle.objects.open(), index)
        if obstacle and obstacle.level < 4:
            obstacle_services.obstacle_escalate(
                obstacle=obstacle, user=self.world.pmo, version=obstacle.version, reason="تأخر", to_level=4
            )

    def resolve(self, index):
        obstacle = pick(Obstacle.objects.open(), index)
        if obstacle:
            obstacle_services.obstacle_set_status(
                obstacle=obstacle, user=self.world.pmo, version=obstacle.version, status="resolved", resolution="حُلّ"
            )

    def decision(self, index):
        obstacle = pick(Obstacle.objects.open(), index)
        if obstacle is None:
            return
        if self.meeting is None:
            committee = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
            self.meeting = Meeting.objects.create(committee=committee, number=1, date=BASE, status="held")
        decision = decisions.record(
            meeting=self.meeting, user=self.world.pmo, kind="remove_obstacle", text="تذليل العائق", obstacle=obstacle
        )
        decisions.apply(decision=decision, user=self.world.pmo)

    def rebaseline(self, index, go_live):
        project = pick(Project.objects.all(), index)
        if project:
            rebaseline(
                project=project,
                user=self.world.pmo,
                version=project.version,
                reason="إعادة تخطيط",
                baseline_go_live=day(go_live),
            )


def boundaries() -> list[datetime.date]:
    found = set()
    for row in ProjectFigures.objects.values("red_from", "stale_from"):
        for moment in row.values():
            if moment is not None:
                found |= {moment, moment - datetime.timedelta(days=1)}
    return sorted(found)


def stored_and_computed(today):
    stored = {p.pk: p for p in Project.objects.with_progress(today)}
    computed = {p.pk: p for p in Project.objects.compute_figures(today)}
    return stored, computed


def assert_same(today):
    stored, computed = stored_and_computed(today)
    assert stored.keys() == computed.keys()
    for pk, fresh in computed.items():
        kept = stored[pk]
        for name in FIGURES:
            want, got = getattr(fresh, name), getattr(kept, name)
            if name == "execution_percent" and want is not None and got is not None:
                assert got == pytest.approx(want), (fresh.code, name, today)
            else:
                assert got == want, (fresh.code, name, today, got, want)
        for stored_name, duration in (("slippage_days", "slippage"), ("baseline_slippage_days", "baseline_slippage")):
            value = getattr(fresh, duration)
            assert getattr(kept, stored_name) == (value.days if value is not None else None), (fresh.code, stored_name)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(changes, min_size=1, max_size=14), days=st.lists(st.integers(-500, 800), min_size=3, max_size=3))
def test_stored_figures_equal_a_computation_from_scratch(world, steps, days):
    with transaction.atomic():
        counted_on = BASE + datetime.timedelta(days=days[0])
        tally.ensure(counted_on)  # counted before the changes, kept by each of them
        changer = Changes(world)
        changer.project(
            {"status": "execution", "original": 30, "forecast": 60, "actual_start": -90, "reported": None, "cadence": 1}
        )
        for step in steps:
            changer.run(step)
        for offset in (*days, 0):
            assert_same(BASE + datetime.timedelta(days=offset))
        # The portfolio's kept counts (`tally`) equal counting the computed figures.
        assert tally.counts(day=counted_on) == Project.objects.compute_figures(counted_on).summary()
        # And every sum the dashboard and the league table read equals counting afresh.
        assert_kept_rows(counted_on)
        # And on the days the calendar alone changes a figure, and the days before.
        for boundary in boundaries()[:8]:
            assert_same(boundary)
        transaction.set_rollback(True)


def _keyed(rows, keys, sums):
    found = {}
    for row in rows:
        if row["count"]:
            found[tuple(row[key] for key in keys)] = {name: row[name] for name in sums}
    return found


def assert_kept_rows(day):
    keys = ("owner_id", "status", "health", "stale")
    kept = _keyed(PortfolioTally.objects.values(*keys, *tally.SUMS), keys, tally.SUMS)
    fresh = _keyed(tally.group(Project.objects.all(), day), keys, tally.SUMS)
    assert kept.keys() == fresh.keys()
    for key, sums in fresh.items():
        assert kept[key] == pytest.approx(sums), key
    keys = tally.PROGRAMME_KEYS
    kept = _keyed(ProgrammeTally.objects.values(*keys, *tally.PROGRAMME_SUMS), keys, tally.PROGRAMME_SUMS)
    assert kept == _keyed(tally.group_programmes(Project.objects.all(), day), keys, tally.PROGRAMME_SUMS)


def test_recompute_figures_rebuilds_rows_written_around_the_write_path(world):
    """A bulk write that bypasses save() leaves the figures behind until recomputed."""
    project = Project.objects.get(code="NHR")
    Phase.objects.bulk_create([Phase(project=project, order=9, name_ar="مرحلة", weight=1, percent_complete=50)])
    figures_before = Project.objects.with_progress().get(pk=project.pk).phase_count
    from django.core.management import call_command

    call_command("recompute_figures", verbosity=0)
    after = Project.objects.with_progress().get(pk=project.pk)
    assert after.phase_count == figures_before + 1
    assert_same(datetime.date(2026, 11, 28))
