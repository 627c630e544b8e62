"""S-curve points and the implied go-live, on worked examples."""

import datetime
from types import SimpleNamespace

import pytest

from marsad.reports.scurve import actual_curve, implied_go_live, planned_curve, planned_percent

D = datetime.date


def phase(start, end, weight):
    return SimpleNamespace(baseline_start=start, baseline_end=end, weight=weight)


# Design (weight 1) over January–April 2026, build (weight 3) over May–December 2026.
PHASES = [phase(D(2026, 1, 1), D(2026, 5, 1), 1), phase(D(2026, 5, 1), D(2026, 12, 31), 3)]


def test_planned_percent_spreads_each_phase_over_its_dates_by_weight():
    assert planned_percent(PHASES, D(2026, 1, 1)) == 0
    # Half-way through design (60 of 120 days): 0.5 × 1 / 4 = 12.5 %.
    assert planned_percent(PHASES, D(2026, 3, 2)) == pytest.approx(12.5)
    # Design done, build a quarter through (61 of 244 days): (1 + 0.25 × 3) / 4 = 43.75 %.
    assert planned_percent(PHASES, D(2026, 7, 1)) == pytest.approx(43.75)
    assert planned_percent(PHASES, D(2027, 1, 1)) == 100
    assert planned_percent([phase(None, None, 1)], D(2026, 7, 1)) is None


def test_planned_curve_has_a_point_at_each_month_end():
    points = planned_curve(PHASES)
    assert points[0] == (D(2026, 1, 1), 0.0)
    assert points[-1] == (D(2026, 12, 31), 100.0)
    assert len(points) == 13  # the start, eleven month ends (Jan–Nov), the end
    assert [day for day, _ in points[1:3]] == [D(2026, 1, 31), D(2026, 2, 28)]
    assert all(a[1] <= b[1] for a, b in zip(points, points[1:], strict=False))  # never falls


def test_actual_curve_uses_accepted_reports_at_period_end():
    reports = [
        SimpleNamespace(period_end=D(2026, 9, 30), accepted_percent=40.0),
        SimpleNamespace(period_end=D(2026, 8, 31), accepted_percent=30.0),
        SimpleNamespace(period_end=D(2026, 10, 31), accepted_percent=None),  # not accepted
    ]
    assert actual_curve(reports) == [(D(2026, 8, 31), 30.0), (D(2026, 9, 30), 40.0)]


def test_implied_go_live_from_the_recent_pace():
    # 30 % → 45 % over 61 days (31 Jul → 30 Sep): 0.2459 points a day; 55 points left
    # take 224 days: 12 May 2027. The ministry says 1 January 2027: 131 days apart.
    actual = [(D(2026, 6, 30), 20.0), (D(2026, 7, 31), 30.0), (D(2026, 8, 31), 38.0), (D(2026, 9, 30), 45.0)]
    implied = implied_go_live(actual, D(2027, 1, 1))
    assert implied.date == D(2027, 5, 12)
    assert implied.gap_days == 131 and implied.differs
    assert implied.pace_per_month == pytest.approx(7.377, abs=0.001)
    # A forecast within 60 days of the pace is not flagged.
    assert not implied_go_live(actual, D(2027, 4, 1)).differs


def test_no_progress_cannot_project_a_date_and_is_flagged():
    implied = implied_go_live([(D(2026, 8, 31), 40.0), (D(2026, 9, 30), 40.0)], D(2027, 1, 1))
    assert implied.date is None and implied.differs
    assert implied_go_live([(D(2026, 9, 30), 40.0)], D(2027, 1, 1)) is None  # one report is no pace
