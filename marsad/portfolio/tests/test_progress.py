"""Execution %, slippage and computed schedule health, as the portfolio shows them."""

import datetime

import pytest
import time_machine

from marsad.conftest import make_phase, make_project
from marsad.portfolio.models import Entity, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return Entity.objects.create(code="MOH", name_ar="وزارة الصحة")


def progress(project):
    return Project.objects.with_progress().get(pk=project.pk)


def test_execution_percent_is_weighted_by_phase(owner):
    project = make_project("P", owner)
    make_phase(project, 1, 3, 100)
    make_phase(project, 2, 1, 20)
    assert progress(project).execution_percent == pytest.approx(80.0)  # (3×100 + 1×20) / 4


def test_fractional_weights_are_not_truncated(owner):
    project = make_project("P", owner)
    make_phase(project, 1, "0.5", 50)
    make_phase(project, 2, "1.5", 10)
    assert progress(project).execution_percent == pytest.approx(20.0)  # (25 + 15) / 2


def test_zero_weight_phase_does_not_count(owner):
    project = make_project("P", owner)
    make_phase(project, 1, 1, 60)
    make_phase(project, 2, 0, 0)
    assert progress(project).execution_percent == pytest.approx(60.0)


def test_all_zero_weights_fall_back_to_equal_weights(owner):
    project = make_project("P", owner)
    make_phase(project, 1, 0, 100)
    make_phase(project, 2, 0, 40)
    assert progress(project).execution_percent == pytest.approx(70.0)


def test_project_without_phases_shows_its_reported_percent(owner):
    project = make_project("P", owner, reported_percent=42)
    assert progress(project).execution_percent == pytest.approx(42.0)


def test_project_without_phases_or_report_has_no_percent(owner):
    assert progress(make_project("P", owner)).execution_percent is None


def test_phases_override_the_reported_percent(owner):
    project = make_project("P", owner, reported_percent=90)
    make_phase(project, 1, 1, 10)
    assert progress(project).execution_percent == pytest.approx(10.0)


def test_current_phase_is_first_not_done_else_last(owner):
    project = make_project("P", owner)
    make_phase(project, 1, 1, 100, status="done", name_ar="الأولى")
    make_phase(project, 2, 1, 30, status="in_progress", name_ar="الثانية")
    make_phase(project, 3, 1, 0, name_ar="الثالثة")
    assert progress(project).current_phase_ar == "الثانية"
    for phase in project.phases.all():
        phase.status, phase.percent_complete = "done", 100
        phase.save()
    assert progress(project).current_phase_ar == "الثالثة"


def test_slippage_counts_days_against_the_original_baseline(owner):
    project = make_project(
        "P",
        owner,
        original_baseline_go_live=datetime.date(2027, 1, 1),
        baseline_go_live=datetime.date(2027, 3, 1),  # a rebaseline moved the current plan
        forecast_go_live=datetime.date(2027, 3, 16),
    )
    assert progress(project).slippage_days == 74  # 31 + 28 + 15


def test_slippage_prefers_the_actual_go_live(owner):
    project = make_project(
        "P",
        owner,
        original_baseline_go_live=datetime.date(2026, 1, 10),
        forecast_go_live=datetime.date(2026, 3, 1),
        actual_go_live=datetime.date(2026, 1, 1),
    )
    assert progress(project).slippage_days == -9


def test_slippage_falls_back_to_the_current_baseline_without_forecast(owner):
    project = make_project(
        "P", owner, original_baseline_go_live=datetime.date(2026, 1, 1), baseline_go_live=datetime.date(2026, 1, 31)
    )
    assert progress(project).slippage_days == 30


def test_no_slippage_without_dates(owner):
    assert progress(make_project("P", owner, forecast_go_live=datetime.date(2026, 1, 1))).slippage_days is None
    assert progress(make_project("Q", owner, original_baseline_go_live=datetime.date(2026, 1, 1))).slippage_days is None


@time_machine.travel(datetime.date(2026, 6, 1), tick=False)
@pytest.mark.parametrize(
    ("late_days", "health"),
    [
        (-5, "green"),
        (0, "green"),
        (1, "amber_green"),
        (30, "amber_green"),
        (31, "amber"),
        (90, "amber"),
        (91, "amber_red"),
        (180, "amber_red"),
        (181, "red"),
    ],
)
def test_schedule_health_steps_down_with_slippage(owner, late_days, health):
    baseline = datetime.date(2027, 1, 1)
    project = make_project(
        "P", owner, original_baseline_go_live=baseline, forecast_go_live=baseline + datetime.timedelta(days=late_days)
    )
    assert progress(project).schedule_health == health


@time_machine.travel(datetime.date(2026, 6, 1), tick=False)
def test_project_past_its_go_live_and_not_in_service_is_red(owner):
    project = make_project(
        "P",
        owner,
        status="execution",
        original_baseline_go_live=datetime.date(2026, 5, 1),
        forecast_go_live=datetime.date(2026, 5, 1),
    )
    assert progress(project).schedule_health == "red"


def test_project_in_service_is_green_and_one_without_baseline_unrated(owner):
    in_service = make_project(
        "P",
        owner,
        status="in_service",
        original_baseline_go_live=datetime.date(2020, 1, 1),
        actual_go_live=datetime.date(2021, 1, 1),
    )
    assert progress(in_service).schedule_health == "green"
    assert progress(make_project("Q", owner, status="execution")).schedule_health == ""


def test_ratings_two_steps_apart_are_flagged(owner):
    assert make_project("P", owner, owner_health="green", pmo_health="amber").ratings_diverge
    assert not make_project("Q", owner, owner_health="green", pmo_health="amber_green").ratings_diverge
    assert not make_project("R", owner, owner_health="green").ratings_diverge


def test_every_change_is_kept_with_who_made_it(world):
    project = world.health_registry
    project._history_user = world.pmo
    project.forecast_go_live = datetime.date(2027, 9, 1)
    project.save()
    latest = project.history.first()
    assert latest.history_user == world.pmo
    assert latest.prev_record.forecast_go_live == datetime.date(2027, 7, 1)
    assert latest.forecast_go_live == datetime.date(2027, 9, 1)
