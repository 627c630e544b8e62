"""Stale flags and reporting rates, on fixed dates."""

import datetime

import pytest
import time_machine

from marsad.portfolio.models import Project
from marsad.reports import periods
from marsad.reports.models import ProgressReport
from marsad.reports.rates import reporting_rates

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=datetime.UTC)


def report(project, period, status="accepted", submitted="end of the month"):
    if submitted == "end of the month":
        submitted = at(period.year, period.month, 28)
    return ProgressReport.objects.create(project=project, period_start=period, status=status, submitted_at=submitted)


def stale(code, today):
    return Project.objects.with_progress(today=today).get(code=code).is_stale


def test_periods_and_due_dates():
    assert periods.period_start(datetime.date(2026, 11, 28)) == datetime.date(2026, 11, 1)
    assert periods.period_start(datetime.date(2026, 11, 28), 3) == datetime.date(2026, 10, 1)
    assert periods.due_date(datetime.date(2026, 10, 1)) == datetime.date(2026, 11, 10)
    assert periods.due_date(datetime.date(2026, 7, 1), 3) == datetime.date(2026, 10, 10)
    # On 10 November October's report is still on time; on the 11th it is overdue.
    assert periods.latest_due_period(datetime.date(2026, 11, 10)) == datetime.date(2026, 9, 1)
    assert periods.latest_due_period(datetime.date(2026, 11, 11)) == datetime.date(2026, 10, 1)
    assert periods.latest_due_period(datetime.date(2027, 1, 5), 3) == datetime.date(2026, 7, 1)


def test_a_project_is_stale_once_its_report_is_overdue(world):
    project = world.health_registry
    project.actual_start = datetime.date(2026, 1, 15)
    project.save()
    report(project, datetime.date(2026, 9, 1))
    assert not stale("NHR", datetime.date(2026, 11, 10))  # October's is not late yet
    assert stale("NHR", datetime.date(2026, 11, 11))
    report(project, datetime.date(2026, 10, 1), status="submitted")
    assert stale("NHR", datetime.date(2026, 11, 11))  # submitted is not accepted
    october = ProgressReport.objects.get(period_start=datetime.date(2026, 10, 1))
    october.status = "accepted"
    october.save()
    assert not stale("NHR", datetime.date(2026, 11, 11))


def test_projects_that_owe_nothing_are_never_stale(world):
    # CERT is in service; a project whose work starts next year owes nothing yet.
    world.tax.baseline_start = datetime.date(2027, 2, 1)
    world.tax.save()
    assert not stale("CERT", datetime.date(2026, 11, 28))
    assert not stale("ITAS", datetime.date(2026, 11, 28))


def test_quarterly_projects_report_each_quarter(world):
    project = world.health_registry
    project.report_cadence_months = 3
    project.actual_start = datetime.date(2026, 1, 1)
    project.save()
    report(project, datetime.date(2026, 7, 1))
    assert not stale("NHR", datetime.date(2026, 12, 31))  # Q4 is not due until 10 January
    assert stale("NHR", datetime.date(2027, 1, 11))


def test_reporting_rate_counts_expected_received_and_on_time(world):
    project = world.health_registry
    project.actual_start = datetime.date(2026, 1, 1)
    project.save()
    # Due periods on 28 November 2026: May … October. Four received, three on time.
    report(project, datetime.date(2026, 5, 1), submitted=at(2026, 6, 5))
    report(project, datetime.date(2026, 6, 1), submitted=at(2026, 7, 10))
    report(project, datetime.date(2026, 8, 1), submitted=at(2026, 9, 25))  # late
    report(project, datetime.date(2026, 10, 1), status="submitted", submitted=at(2026, 11, 2))
    report(project, datetime.date(2026, 9, 1), status="draft", submitted=None)
    with time_machine.travel(at(2026, 11, 28), tick=False):
        rates = reporting_rates(Project.objects.filter(owner=world.health), datetime.date(2026, 11, 28))
    rate = rates[world.health.pk]
    assert (rate.expected, rate.received, rate.on_time) == (6, 4, 3)
    assert rate.received_percent == pytest.approx(66.67, abs=0.01)


def test_the_portfolio_counts_and_filters_stale_projects(client, world):
    world.health_registry.actual_start = datetime.date(2026, 1, 15)
    world.health_registry.save()
    with time_machine.travel(at(2026, 11, 28), tick=False):
        client.force_login(world.committee)
        page = client.get("/projects/").content.decode()
        assert "summary-stale" in page and "متوقفة التحديث لتأخر تقريرها" in page  # the summary chip
        stale = client.get("/projects/?stale=true").content.decode()
    assert "السجل الوطني الصحي" in stale and "نظام الإدارة الضريبية المتكامل" not in stale
