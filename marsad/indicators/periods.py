"""Periods of an indicator: a period is named by the date it starts on.

A daily indicator's period is the day; a weekly one starts on Monday (ISO weeks); a
monthly one on the 1st; a quarterly one on 1 January, April, July or October; a yearly
one on 1 January. The same rules group measurements into longer periods, in Python
(`period_start`) and in the database (`PeriodStart`), so the two always agree.
"""

import datetime

from django.db.models import DateField, Func

from marsad.indicators.choices import Frequency

ORDER = [Frequency.DAY, Frequency.WEEK, Frequency.MONTH, Frequency.QUARTER, Frequency.YEAR]


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the `frequency` period that holds `day`."""
    if frequency == Frequency.DAY:
        return day
    if frequency == Frequency.WEEK:
        return day - datetime.timedelta(days=day.weekday())
    if frequency == Frequency.MONTH:
        return day.replace(day=1)
    if frequency == Frequency.QUARTER:
        return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if frequency == Frequency.YEAR:
        return datetime.date(day.year, 1, 1)
    raise ValueError(frequency)


def next_start(start: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period after the one starting on `start`."""
    if frequency == Frequency.DAY:
        return start + datetime.timedelta(days=1)
    if frequency == Frequency.WEEK:
        return start + datetime.timedelta(days=7)
    months = {Frequency.MONTH: 1, Frequency.QUARTER: 3, Frequency.YEAR: 12}[Frequency(frequency)]
    index = start.year * 12 + start.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_end(start: datetime.date, frequency: str) -> datetime.date:
    try:
        return next_start(start, frequency) - datetime.timedelta(days=1)
    except (ValueError, OverflowError):  # the last period of the calendar
        return datetime.date.max


def starts_between(first: datetime.date, last: datetime.date, frequency: str) -> list[datetime.date]:
    """The starts of every `frequency` period that overlaps first…last."""
    starts, current = [], period_start(first, frequency)
    while current <= last:
        starts.append(current)
        try:
            current = next_start(current, frequency)
        except (ValueError, OverflowError):  # past the year 9999
            break
    return starts


def is_coarser_or_same(interval: str, frequency: str) -> bool:
    return ORDER.index(Frequency(interval)) >= ORDER.index(Frequency(frequency))


def start_sql(sql: str, interval: str, vendor: str) -> tuple[str, int]:
    """SQL for the start of the `interval` period holding the date `sql`, and how many
    times `sql` appears in it (its parameters repeat that often)."""
    if interval == Frequency.DAY:
        return sql, 1
    if vendor == "postgresql":
        return f"CAST(DATE_TRUNC('{interval}', {sql}) AS date)", 1
    if interval == Frequency.WEEK:  # back to Monday: %w is 0 on Sunday
        return f"date({sql}, '-' || ((CAST(strftime('%%w', {sql}) AS integer) + 6) %% 7) || ' days')", 2
    if interval == Frequency.MONTH:
        return f"date({sql}, 'start of month')", 1
    if interval == Frequency.QUARTER:
        months = f"((CAST(strftime('%%m', {sql}) AS integer) - 1) %% 3)"
        return f"date({sql}, 'start of month', '-' || {months} || ' months')", 2
    return f"date({sql}, 'start of year')", 1


class PeriodStart(Func):
    """`period_start(date, interval)` computed by the database.

    Django's Trunc functions call back into Python on SQLite (one call per row); these
    are the database's own date functions, which keeps a series over a million points
    as fast as the hand-written SQL would be.
    """

    output_field = DateField()

    def __init__(self, expression, interval: str):
        if interval not in ORDER:
            raise ValueError(interval)
        self.interval = interval
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(connection.vendor)
        wrapped, repeats = start_sql(sql, self.interval, connection.vendor)
        return wrapped, list(params) * repeats
