"""The report cycle: who may take each step, and what acceptance changes."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from marsad.lib.versioning import StaleVersion
from marsad.portfolio.models import Project
from marsad.reports.models import ReportStatus
from marsad.reports.services import InvalidTransition, report_accept, report_return, report_start, report_submit

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def draft(world):
    with time_machine.travel(TODAY, tick=False):
        return report_start(project=world.health_registry, user=world.focal_health)


def test_a_draft_is_for_the_current_period_and_starts_from_the_phases(draft, world):
    assert draft.period_start == datetime.date(2026, 11, 1)
    assert draft.status == ReportStatus.DRAFT
    assert [float(update.percent_complete) for update in draft.phase_updates.all()] == [100.0, 20.0]
    # Starting again gives the same report: one per project and period.
    assert (
        report_start(project=world.health_registry, user=world.focal_health, period_start=datetime.date(2026, 11, 9))
        == draft
    )


@pytest.mark.parametrize("who", ["focal_finance", "viewer_health", "committee"])
def test_only_the_owner_entity_or_the_programme_office_writes_reports(world, who):
    with pytest.raises(PermissionDenied):
        report_start(project=world.health_registry, user=getattr(world, who))


def test_submit_then_return_with_a_reason_then_resubmit_then_accept(draft, world):
    report_submit(report=draft, user=world.focal_health, version=1)
    assert draft.status == ReportStatus.SUBMITTED and draft.submitted_at is not None

    with pytest.raises(ValidationError):  # a return needs a reason
        report_return(report=draft, user=world.pmo, version=2, reason="  ")
    report_return(report=draft, user=world.pmo, version=2, reason="أرفقوا محضر الاستلام")
    assert draft.status == ReportStatus.RETURNED and draft.return_reason == "أرفقوا محضر الاستلام"

    report_submit(report=draft, user=world.focal_health, version=3)
    report_accept(report=draft, user=world.pmo, version=4)
    assert draft.status == ReportStatus.ACCEPTED and draft.reviewed_by == world.pmo
    assert draft.history.count() == 5  # every version kept


@pytest.mark.parametrize("who", ["focal_health", "committee", "viewer_health", "focal_finance"])
def test_only_the_programme_office_accepts_or_returns(draft, world, who):
    report_submit(report=draft, user=world.focal_health, version=1)
    with pytest.raises(PermissionDenied):
        report_accept(report=draft, user=getattr(world, who), version=2)
    with pytest.raises(PermissionDenied):
        report_return(report=draft, user=getattr(world, who), version=2, reason="x")
    assert draft.status == ReportStatus.SUBMITTED


def test_steps_out_of_order_are_refused(draft, world):
    with pytest.raises(InvalidTransition):
        report_accept(report=draft, user=world.pmo, version=1)  # not submitted yet
    report_submit(report=draft, user=world.focal_health, version=1)
    with pytest.raises(InvalidTransition):
        report_submit(report=draft, user=world.focal_health, version=2)
    report_accept(report=draft, user=world.pmo, version=2)
    with pytest.raises(InvalidTransition):
        report_return(report=draft, user=world.pmo, version=3, reason="late")


def test_a_focal_point_of_another_ministry_cannot_submit(draft, world):
    with pytest.raises(PermissionDenied):
        report_submit(report=draft, user=world.focal_finance, version=1)


def test_a_stale_version_is_refused(draft, world):
    report_submit(report=draft, user=world.focal_health, version=1)
    with pytest.raises(StaleVersion):
        report_accept(report=draft, user=world.pmo, version=1)


def test_accepting_a_report_refreshes_its_projects_figures_once(draft, world, figure_refreshes):
    """Two phases, the project and the report are saved: the figures are computed once."""
    report_submit(report=draft, user=world.focal_health, version=1)
    figure_refreshes.clear()
    report_accept(report=draft, user=world.pmo, version=2)
    assert figure_refreshes == [{world.health_registry.pk}]
    project = Project.objects.with_progress().get(pk=world.health_registry.pk)
    assert project.last_accepted_period == draft.period_start  # and what was computed is current


def test_acceptance_updates_the_project_and_its_phases_at_once(draft, world):
    second = draft.phase_updates.get(phase__order=2)
    second.percent_complete = 60
    second.forecast_end = datetime.date(2027, 5, 1)
    second.save()
    draft.forecast_go_live = datetime.date(2027, 6, 1)
    draft.save()
    project_version = world.health_registry.version
    report_submit(report=draft, user=world.focal_health, version=1)
    report_accept(report=draft, user=world.pmo, version=2)

    project = Project.objects.with_progress().get(pk=world.health_registry.pk)
    assert project.forecast_go_live == datetime.date(2027, 6, 1)
    phase = project.phases.get(order=2)
    assert (float(phase.percent_complete), phase.forecast_end, phase.status) == (
        60.0,
        datetime.date(2027, 5, 1),
        "in_progress",
    )
    assert project.execution_percent == pytest.approx((1 * 100 + 3 * 60) / 4)
    assert draft.accepted_percent == pytest.approx(70.0)
    assert project.version == project_version + 1  # an edit begun before acceptance is now stale


def test_a_project_without_phases_needs_a_percentage_to_submit(world):
    report = report_start(project=world.tax, user=world.focal_finance)
    report.percent_complete = None
    report.save()
    with pytest.raises(ValidationError):
        report_submit(report=report, user=world.focal_finance, version=1)
    report.percent_complete = 48
    report.save()
    report_submit(report=report, user=world.focal_finance, version=1)
    report_accept(report=report, user=world.pmo, version=2)
    world.tax.refresh_from_db()
    assert float(world.tax.reported_percent) == 48
