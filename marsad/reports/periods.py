"""Reporting periods: a project reports once per period of `cadence` months (monthly
by default), and the report for a period is due `grace` days after it ends.

Periods are aligned to the calendar year: monthly periods start on the 1st of each
month, quarterly ones on 1 January, 1 April, 1 July and 1 October.
"""

import datetime

from django.conf import settings


def grace_days() -> int:
    return settings.MARSAD_REPORT_GRACE_DAYS


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_start(day: datetime.date, cadence: int = 1) -> datetime.date:
    """The first day of the period `day` falls in."""
    return datetime.date(day.year, (day.month - 1) // cadence * cadence + 1, 1)


def period_end(start: datetime.date, cadence: int = 1) -> datetime.date:
    return _add_months(start, cadence) - datetime.timedelta(days=1)


def next_period(start: datetime.date, cadence: int = 1) -> datetime.date:
    return _add_months(start, cadence)


def previous_period(start: datetime.date, cadence: int = 1) -> datetime.date:
    return _add_months(start, -cadence)


def due_date(start: datetime.date, cadence: int = 1) -> datetime.date:
    """The last day on which the report for the period starting `start` is on time."""
    return period_end(start, cadence) + datetime.timedelta(days=grace_days())


def latest_due_period(today: datetime.date, cadence: int = 1) -> datetime.date:
    """The start of the most recent period whose report is already due (overdue if missing)."""
    start = previous_period(period_start(today, cadence), cadence)
    while due_date(start, cadence) >= today:
        start = previous_period(start, cadence)
    return start


def recent_periods(today: datetime.date, cadence: int = 1, count: int = 6) -> list[datetime.date]:
    """The last `count` periods that are due, oldest first."""
    periods = [latest_due_period(today, cadence)]
    while len(periods) < count:
        periods.append(previous_period(periods[-1], cadence))
    return periods[::-1]
