"""The S-curve: planned % over time (from the phases' baseline dates and weights)
against actual % from accepted reports, and the go-live the recent pace implies."""

import datetime
from dataclasses import dataclass

from babel.dates import get_month_names
from django.conf import settings
from django.utils.translation import gettext as _

from marsad.lib.formatting import babel_locale
from marsad.reports import periods

PACE_REPORTS = 3  # the pace is measured over the last three accepted reports


def go_live_tolerance_days() -> int:
    return settings.MARSAD_IMPLIED_GO_LIVE_TOLERANCE_DAYS


def planned_percent(phases, day: datetime.date) -> float | None:
    """Planned execution % on `day`: each phase's work spread evenly over its baseline
    dates, weighted by its weight (equally when every weight is zero). None when no
    phase has baseline dates."""
    planned = [p for p in phases if p.baseline_start and p.baseline_end]
    if not planned:
        return None
    weights = [float(p.weight) for p in planned]
    if not any(weights):
        weights = [1.0] * len(planned)
    done = 0.0
    for phase, weight in zip(planned, weights, strict=True):
        if day >= phase.baseline_end:
            fraction = 1.0
        elif day <= phase.baseline_start:
            fraction = 0.0
        else:
            fraction = (day - phase.baseline_start).days / (phase.baseline_end - phase.baseline_start).days
        done += weight * fraction
    return done / sum(weights) * 100


def planned_curve(phases) -> list[tuple[datetime.date, float]]:
    """Planned % at each month end from the first baseline start to the last baseline end."""
    planned = [p for p in phases if p.baseline_start and p.baseline_end]
    if not planned:
        return []
    first = min(p.baseline_start for p in planned)
    last = max(p.baseline_end for p in planned)
    points: list[tuple[datetime.date, float]] = [(first, 0.0)]
    month = periods.period_start(first)
    while periods.period_end(month) < last:
        end = periods.period_end(month)
        if end > first:
            points.append((end, planned_percent(phases, end) or 0.0))
        month = periods.next_period(month)
    points.append((last, 100.0))
    return points


def actual_curve(reports) -> list[tuple[datetime.date, float]]:
    """Execution % at the end of each period with an accepted report, oldest first."""
    return sorted(
        (report.period_end, report.accepted_percent) for report in reports if report.accepted_percent is not None
    )


@dataclass
class ImpliedGoLive:
    date: datetime.date | None  # None: no progress lately, so no date can be projected
    pace_per_month: float  # percentage points per 30 days
    differs: bool  # from the reported forecast by more than the tolerance
    gap_days: int | None


def implied_go_live(actual: list[tuple[datetime.date, float]], forecast: datetime.date | None) -> ImpliedGoLive | None:
    """When the project reaches 100 % at the pace of its last reports.

    The pace is the rise in execution % over the last `PACE_REPORTS` accepted reports
    (two at least). Flagged when it differs from the reported forecast go-live by more
    than `MARSAD_IMPLIED_GO_LIVE_TOLERANCE_DAYS`; no progress at all is flagged too.
    """
    recent = actual[-PACE_REPORTS:]
    if len(recent) < 2:
        return None
    (first_day, first), (last_day, last) = recent[0], recent[-1]
    pace = (last - first) / (last_day - first_day).days
    if last >= 100:
        return ImpliedGoLive(last_day, pace * 30, False, None)
    if pace <= 0:
        return ImpliedGoLive(None, 0.0, forecast is not None, None)
    implied = last_day + datetime.timedelta(days=round((100 - last) / pace))
    gap = (implied - forecast).days if forecast else None
    return ImpliedGoLive(implied, pace * 30, gap is not None and abs(gap) > go_live_tolerance_days(), gap)


def scurve_chart(phases, reports, today: datetime.date) -> dict | None:
    """Data for the project page's S-curve chart; None when there is nothing to draw."""
    planned, actual = planned_curve(phases), actual_curve(reports)
    if not planned and not actual:
        return None
    by_day: dict[datetime.date, dict] = {}
    for name, points in (("planned", planned), ("actual", actual)):
        for day, value in points:
            by_day.setdefault(day, {"day": day, "planned": None, "actual": None})[name] = round(value, 1)
    return {
        "planned": [[day.isoformat(), round(value, 1)] for day, value in planned],
        "actual": [[day.isoformat(), round(value, 1)] for day, value in actual],
        # The same points as a table: the chart's alternative for a reader who cannot see it.
        "rows": [by_day[day] for day in sorted(by_day)],
        "today": today.isoformat(),
        "months": [get_month_names("abbreviated", locale=babel_locale())[m] for m in range(1, 13)],
        "labels": {"planned": _("Planned %"), "actual": _("Actual % (accepted reports)"), "today": _("Today")},
    }
