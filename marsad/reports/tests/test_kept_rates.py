"""The kept reporting rates (`reports.kept`) always equal `reporting_rates` computed
from scratch.

Hypothesis draws random sequences of what moves a rate — projects added, their status,
owner, cadence and start changed, projects deleted, reports submitted (on time or
late, as the clock stands), returned and submitted again, and days passing (periods
falling due, as the daily pass sees them) — each made the way Marsad makes it. After
every step, the rates per entity read from the counts must equal the definition's, for
today and for a past day whose periods are still kept (the last meeting's).
"""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.accounts import scope
from marsad.lib.records import record_save
from marsad.portfolio.models import Project
from marsad.reports import kept, periods
from marsad.reports import services as report_services
from marsad.reports.models import ProgressReport
from marsad.reports.rates import reporting_rates

pytestmark = pytest.mark.django_db

BASE = datetime.date(2027, 1, 10)
STATUSES = ["proposed", "approved", "preparation", "execution", "piloting", "in_service", "suspended"]

steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("project"),
            st.sampled_from(STATUSES),
            st.integers(-300, 60),
            st.sampled_from([1, 3]),
            st.booleans(),
        ),
        st.tuples(st.just("status"), st.integers(0, 9), st.sampled_from(STATUSES)),
        st.tuples(st.just("move"), st.integers(0, 9)),
        st.tuples(st.just("cadence"), st.integers(0, 9), st.sampled_from([1, 3])),
        st.tuples(st.just("start"), st.integers(0, 9), st.integers(-300, 60)),
        st.tuples(st.just("report"), st.integers(0, 9), st.integers(0, 8)),
        st.tuples(st.just("return_report"), st.integers(0, 20)),
        st.tuples(st.just("delete"), st.integers(0, 9)),
        st.tuples(st.just("publish"), st.integers(0, 9)),
        st.tuples(st.just("take_part"), st.integers(0, 9)),
        st.tuples(st.just("wait"), st.integers(1, 75)),
    ),
    min_size=1,
    max_size=18,
)


def pick(queryset, index):
    rows = list(queryset.order_by("pk"))
    return rows[index % len(rows)] if rows else None


class Clock:
    """The day the changes happen on; each is made as it would be that day."""

    def __init__(self, world):
        self.world = world
        self.today = BASE
        self.count = 0

    def run(self, step):
        kind, *args = step
        with time_machine.travel(datetime.datetime.combine(self.today, datetime.time(10), tzinfo=datetime.UTC)):
            try:
                with transaction.atomic():
                    getattr(self, kind)(*args)
            except (ValidationError, ProtectedError):
                pass  # refused by the rules: nothing written

    def project(self, status, start, cadence, finance):
        self.count += 1
        record_save(
            Project(
                code=f"K{self.count}",
                name_ar=f"مشروع {self.count}",
                owner=self.world.finance if finance else self.world.health,
                status=status,
                actual_start=self.today + datetime.timedelta(days=start),
                report_cadence_months=cadence,
            )
        )

    def _change(self, index, **values):
        project = pick(Project.objects.all(), index)
        if project:
            for name, value in values.items():
                setattr(project, name, value)
            record_save(project, version=project.version)

    def status(self, index, status):
        self._change(index, status=status)

    def move(self, index):
        project = pick(Project.objects.all(), index)
        if project:
            owner = self.world.health if project.owner_id == self.world.finance.pk else self.world.finance
            self._change(index, owner=owner)

    def cadence(self, index, cadence):
        self._change(index, report_cadence_months=cadence)

    def start(self, index, offset):
        self._change(index, actual_start=self.today + datetime.timedelta(days=offset))

    def publish(self, index):
        project = pick(Project.objects.all(), index)
        if project:
            self._change(index, is_public=not project.is_public)

    def take_part(self, index):
        """Health takes part in the project (its focal point then reads it)."""
        project = pick(Project.objects.all(), index)
        if project:
            project.participants.add(self.world.health)

    def delete(self, index):
        project = pick(Project.objects.all(), index)
        if project:
            project.delete()

    def report(self, index, back):
        """The report of a period `back` periods before the current one, submitted now."""
        project = pick(Project.objects.all(), index)
        if project is None:
            return
        cadence = project.report_cadence_months
        start = periods.period_start(self.today, cadence)
        for _ in range(back):
            start = periods.previous_period(start, cadence)
        report = report_services.report_start(project=project, user=self.world.pmo, period_start=start)
        if report.status in ("draft", "returned"):
            report_services.report_submit(report=report, user=self.world.pmo, version=report.version)

    def return_report(self, index):
        report = pick(ProgressReport.objects.filter(status="submitted"), index)
        if report:
            report_services.report_return(report=report, user=self.world.pmo, version=report.version, reason="ناقص")

    def wait(self, days):
        self.today += datetime.timedelta(days=days)


def as_counts(rates):
    return {owner: (r.expected, r.received, r.on_time) for owner, r in rates.items() if r.expected}


def readers(world):
    """Narrower readers and what they read: a focal point (their entity's projects,
    those they take part in, the public ones) and someone signed out (the public ones)."""
    for who in (world.focal_health, AnonymousUser()):
        yield who, scope.readable(who, Project.objects.all())


def assert_kept(world, today):
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)):
        assert as_counts(kept.rates(today, today)) == as_counts(reporting_rates(Project.objects.all(), today))
        # A focal point's dashboard sums its projects' own parts.
        for who, some in readers(world):
            assert as_counts(kept.rates(today, today, scope.reach(who, Project.objects.all()))) == as_counts(
                reporting_rates(some, today)
            ), who
        # A past day (the last meeting's, weeks ago): the share owed then and sent on time.
        for back in (20, 45, 100):
            past = today - datetime.timedelta(days=back)
            found = kept.rates(past, today)
            if found is None:
                continue  # too far back: read from the reports themselves
            want = reporting_rates(Project.objects.all(), past)
            assert {o: (r.expected, r.on_time) for o, r in found.items()} == {
                o: (r.expected, r.on_time) for o, r in want.items() if r.expected
            }, (today, past)
            for who, some in readers(world):
                found, want = (
                    kept.rates(past, today, scope.reach(who, Project.objects.all())),
                    reporting_rates(some, past),
                )
                assert {o: (r.expected, r.on_time) for o, r in found.items()} == {
                    o: (r.expected, r.on_time) for o, r in want.items() if r.expected
                }, (today, past, who)


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps, counted_first=st.booleans())
def test_kept_rates_equal_reporting_rates_from_scratch(world, steps, counted_first):
    with transaction.atomic():
        clock = Clock(world)
        if counted_first:
            kept.ensure(clock.today)  # counted before the changes, kept by each of them
        for step in steps:
            clock.run(step)
            assert_kept(world, clock.today)
        transaction.set_rollback(True)


def test_a_period_falling_due_moves_the_window_and_the_daily_pass_counts_it(world):
    """The daily pass counts the new period before anyone asks; a report sent on time
    shows in the league's figures and the dashboard's at once."""
    from django.core.management import call_command

    from marsad.reports.models import ReportingWindow

    day = datetime.date(2026, 11, 28)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(3), tzinfo=datetime.UTC)):
        call_command("recompute_figures", verbosity=0)
        assert ReportingWindow.objects.get(pk=1).latest == kept.window(day)
        before = kept.rates(day, day)
        assert as_counts(before) == as_counts(reporting_rates(Project.objects.all(), day))
    later = datetime.date(2027, 1, 20)  # December's reports have fallen due
    assert kept.window(later) != kept.window(day)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(3), tzinfo=datetime.UTC)):
        call_command("recompute_figures", verbosity=0)
        assert ReportingWindow.objects.get(pk=1).latest == kept.window(later)
        assert as_counts(kept.rates(later, later)) == as_counts(reporting_rates(Project.objects.all(), later))
