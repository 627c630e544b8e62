"""An indicator's values over time, grouped into periods by the database.

Two steps turn stored values into a series:
1. the cells of one period (channels, services…) combine into the period's value:
   added up for counts and money, averaged for percentages and durations;
2. periods combine into the longer period asked for (days into months…) by the
   indicator's own aggregation: sum, last value, or average.
When both steps are sums (the common case: counts of services) it is one GROUP BY;
otherwise the first step is a subquery and the second groups it — still one statement.
Formula indicators divide their terms' series. Targets follow a trajectory: a straight
line from the baseline through each target.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Max, Sum
from django.utils import timezone

from marsad.indicators import periods
from marsad.indicators.choices import Aggregation, Direction, Unit
from marsad.indicators.models import Dimension, Indicator, Measurement
from marsad.indicators.periods import PeriodStart, start_sql

PLACES = Decimal("0.0001")


@dataclass
class Point:
    start: datetime.date
    end: datetime.date
    actual: Decimal | None
    target: Decimal | None = None
    met: bool | None = None  # None: no target, no value, the period is not over or reported in part
    complete: bool = True
    # Set when the values stop short of the period's end (a month of daily values that
    # stops on the 23rd): the last day reported. Such a period is not judged either.
    reported_through: datetime.date | None = None
    note: str = ""
    # Validated and locked by the programme office (the whole period is on or before the
    # indicator's `locked_through`), or still provisional: said on the page, in the
    # exports and in the open data alike.
    validated: bool = False


def _date(value) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _number(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(PLACES)


def _filtered(indicator: Indicator, first, last, where: dict | None):
    qs = Measurement.objects.filter(indicator=indicator).between(first, last)
    return qs.filter(**where) if where else qs


def actuals(
    indicator: Indicator,
    interval: str,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    *,
    split: Dimension | None = None,
    where: dict | None = None,
) -> dict:
    """{(period start, split value or ""): value} for periods of `interval`."""
    if indicator.is_formula:
        numerator, denominator = indicator.terms()
        top = actuals(numerator, interval, first, last)
        bottom = actuals(denominator, interval, first, last)
        return {
            key: _number(value / bottom[key] * indicator.factor)
            for key, value in top.items()
            if bottom.get(key) not in (None, 0)
        }
    qs = _filtered(indicator, first, last, where)
    split_fields = [split.field] if split else []
    adds_up = Unit.adds_up(indicator.unit)
    if adds_up and indicator.aggregation == Aggregation.SUM:
        rows = (
            qs.annotate(bucket=PeriodStart("period", interval))
            .values_list("bucket", *split_fields)
            .annotate(total=Sum("value"))
            .order_by()
        )
        return {(_date(row[0]), row[1] if split else ""): _number(row[-1]) for row in rows}
    return _two_steps(indicator, qs, interval, split_fields, adds_up)


def _two_steps(indicator, qs, interval, split_fields, adds_up) -> dict:
    across = "SUM" if adds_up else "AVG"
    inner = qs.values_list("period", *split_fields, "value").order_by()
    inner_sql, params = inner.query.sql_with_params()
    # The inner query lists the raw cells; step 1 groups them by period (and split).
    group = ", ".join(["period", *split_fields])
    # Only column names and SQL of our own go into these strings; values are parameters.
    per_period = f"SELECT {group}, {across}(value) AS v FROM ({inner_sql}) cells GROUP BY {group}"  # noqa: S608
    bucket, _repeats = start_sql("period", interval, connection.vendor)  # a column: no parameters
    outer_split = "".join(f", {name}" for name in split_fields)
    if indicator.aggregation == Aggregation.LAST:
        partition = ", ".join([bucket, *split_fields])
        ranked = (
            f"SELECT {bucket} AS b{outer_split}, v, "  # noqa: S608
            f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY period DESC) AS newest FROM ({per_period}) periods"
        )
        sql = f"SELECT b{outer_split}, v FROM ({ranked}) ranked WHERE newest = 1"  # noqa: S608
    else:
        combine = "SUM" if indicator.aggregation == Aggregation.SUM else "AVG"
        grouping = "1, 2" if split_fields else "1"
        sql = f"SELECT {bucket} AS b{outer_split}, {combine}(v) FROM ({per_period}) periods GROUP BY {grouping}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        rows = cursor.fetchall()
    return {(_date(row[0]), row[1] if split_fields else ""): _number(row[-1]) for row in rows}


def range_value(indicator: Indicator, first=None, last=None, *, where: dict | None = None) -> Decimal | None:
    """The indicator over a whole date range: the cumulative total for a flow
    ("3,615,100 e-services since 1 July 2023"), the last value for a stock, the
    average for an average. Periods starting from `first` through `last` count."""
    if indicator.is_formula:
        numerator, denominator = indicator.terms()
        top, bottom = range_value(numerator, first, last), range_value(denominator, first, last)
        return _number(top / bottom * indicator.factor) if top is not None and bottom else None
    qs = _filtered(indicator, first, last, where)
    if Unit.adds_up(indicator.unit) and indicator.aggregation == Aggregation.SUM:
        return _number(qs.aggregate(total=Sum("value"))["total"])
    # Each period's value (cells combined) from the database, then the range's.
    values = _two_steps(indicator, qs, periods.Frequency.DAY, [], Unit.adds_up(indicator.unit))
    if not values:
        return None
    if indicator.aggregation == Aggregation.LAST:
        return values[max(values)]
    figures = list(values.values())
    if indicator.aggregation == Aggregation.SUM:
        return _number(sum(figures))
    return _number(sum(figures) / len(figures))


# --- targets ----------------------------------------------------------------------------


def anchors(indicator: Indicator) -> list[tuple[datetime.date, Decimal]]:
    """The baseline and the targets, in date order: the trajectory's corners."""
    points = [(target.period, target.value) for target in indicator.targets.all()]
    if indicator.baseline_date is not None and indicator.baseline_value is not None:
        points.append((indicator.baseline_date, indicator.baseline_value))
    return sorted(points)


def expected(points: list[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal | None:
    """The trajectory's value on `day`: on the straight line between the corners around
    it; none before the first corner or after the last target."""
    for (start, low), (end, high) in zip(points, points[1:], strict=False):
        if start <= day <= end:
            if end == start:
                return high
            share = Decimal((day - start).days) / Decimal((end - start).days)
            return _number(low + (high - low) * share)
    if len(points) == 1 and points[0][0] == day:
        return points[0][1]
    return None


def bucket_target(indicator: Indicator, points, start: datetime.date, interval: str) -> Decimal | None:
    """The target of one `interval` period, from the trajectory at the indicator's own
    periods inside it, combined the way the indicator's values combine."""
    if not points:
        return None
    end = periods.period_end(start, interval)
    # A period reaching outside the trajectory has no target: say so before walking it.
    if start < points[0][0] or periods.period_start(end, indicator.frequency) > points[-1][0]:
        return None
    own = periods.starts_between(start, end, indicator.frequency)
    values = [expected(points, day) for day in own]
    known = [value for value in values if value is not None]
    if len(known) < len(values):
        return None
    if indicator.aggregation == Aggregation.SUM:
        return _number(sum(known))
    if indicator.aggregation == Aggregation.LAST:
        return known[-1]
    return _number(sum(known) / len(known))


def reported_through(indicator: Indicator, interval: str, first=None, last=None) -> dict[datetime.date, datetime.date]:
    """{period start: the last of the indicator's own periods with a value in it}, one
    query (a formula: the earlier of its two terms')."""
    if indicator.is_formula:
        top, bottom = (reported_through(term, interval, first, last) for term in indicator.terms())
        return {start: min(day, bottom[start]) for start, day in top.items() if start in bottom}
    rows = (
        _filtered(indicator, first, last, None)
        .annotate(bucket=PeriodStart("period", interval))
        .values_list("bucket")
        .annotate(latest=Max("period"))
        .order_by()
    )
    return {_date(bucket): _date(latest) for bucket, latest in rows}


def short_of_end(indicator: Indicator, start: datetime.date, interval: str, through) -> datetime.date | None:
    """`through` (the last period with a value) when it stops before the last of the
    indicator's own periods in the `interval` period starting `start`; else None."""
    if through is None:
        return None
    own = indicator.terms()[0].frequency if indicator.is_formula else indicator.frequency
    last_own = periods.period_start(periods.period_end(start, interval), own)
    return periods.period_end(through, own) if through < last_own else None


def is_met(indicator: Indicator, actual, target) -> bool | None:
    if actual is None or target is None:
        return None
    return actual >= target if indicator.direction == Direction.UP else actual <= target


def series(
    indicator: Indicator,
    interval: str,
    first: datetime.date,
    last: datetime.date,
    *,
    today: datetime.date | None = None,
) -> list[Point]:
    """Every `interval` period from `first` to `last`: actual, target, met or not, and
    the variance comment. A period not over yet, or whose values stop short of its end,
    is not judged (the page says which)."""
    today = today or timezone.localdate()
    found = actuals(indicator, interval, first, last)
    through = reported_through(indicator, interval, first, last)
    points = anchors(indicator)
    notes = {note.period: note.text for note in indicator.variance_notes.filter(period__range=(first, last))}
    result = []
    for start in periods.starts_between(first, last, interval):
        end = periods.period_end(start, interval)
        actual = found.get((start, ""))
        target = bucket_target(indicator, points, start, interval)
        complete = end < today
        short = short_of_end(indicator, start, interval, through.get(start)) if actual is not None else None
        result.append(
            Point(
                start=start,
                end=end,
                actual=actual,
                target=target,
                met=is_met(indicator, actual, target) if complete and short is None else None,
                complete=complete,
                reported_through=short,
                note=notes.get(start, ""),
                validated=indicator.is_locked(end),
            )
        )
    return result


def split_series(indicator: Indicator, dimension: Dimension, interval: str, first, last) -> dict[str, dict]:
    """{value code: {period start: value}}: the series broken down by one dimension."""
    found = actuals(indicator, interval, first, last, split=dimension)
    table: dict[str, dict] = {}
    for (start, code), value in found.items():
        table.setdefault(code, {})[start] = value
    return table


# --- many indicators at once (lists, the dashboard) -------------------------------------


def recent(indicators: list[Indicator], first: datetime.date, last: datetime.date) -> dict[int, list[Point]]:
    """Each indicator's points per month (or per its own period, if longer) from
    `first` to `last`, for sparklines: one query however many indicators.

    The database combines each period's cells (a sum and an average of each period are
    both read, the unit picks one); the few periods per indicator are then rolled into
    months here, by each indicator's own aggregation. A formula divides its terms'.
    """
    terms = {term for i in indicators if i.is_formula for term in i.terms()}
    measured = {i.pk: i for i in [*indicators, *terms] if not i.is_formula}
    per_period: dict[int, list] = {pk: [] for pk in measured}
    if measured:
        rows = (
            Measurement.objects.filter(indicator__in=list(measured), period__range=(first, last))
            .values_list("indicator_id", "period")
            .annotate(total=Sum("value"), mean=Avg("value"))
            .order_by("indicator_id", "period")
        )
        for indicator_id, period, total, mean in rows:
            per_period[indicator_id].append((period, total, mean))
    result = {}
    for indicator in indicators:
        interval = sparkline_interval(indicator)
        if indicator.is_formula:
            numerator, denominator = indicator.terms()
            top = _rolled(numerator, per_period[numerator.pk], interval, first, last)
            bottom = _rolled(denominator, per_period[denominator.pk], interval, first, last)
            actual = {
                start: _number(value / bottom[start] * indicator.factor)
                for start, value in top.items()
                if value is not None and bottom.get(start)
            }
        else:
            actual = _rolled(indicator, per_period[indicator.pk], interval, first, last)
        through = _through(indicator, per_period, interval)
        trajectory = anchors(indicator)
        result[indicator.pk] = [
            Point(
                start,
                periods.period_end(start, interval),
                actual.get(start),
                bucket_target(indicator, trajectory, start, interval),
                validated=indicator.is_locked(periods.period_end(start, interval)),
                reported_through=short_of_end(indicator, start, interval, through.get(start))
                if actual.get(start) is not None
                else None,
            )
            for start in periods.starts_between(first, last, interval)
        ]
    return result


def _through(indicator: Indicator, per_period: dict, interval: str) -> dict:
    """{bucket start: the last period with a value in it} from `recent`'s rows."""
    terms = indicator.terms() if indicator.is_formula else [indicator]
    found: dict[datetime.date, datetime.date] = {}
    for position, term in enumerate(terms):
        latest: dict[datetime.date, datetime.date] = {}
        for period, _total, _mean in per_period[term.pk]:
            bucket = periods.period_start(period, interval)
            latest[bucket] = max(latest.get(bucket, period), period)
        found = latest if position == 0 else {b: min(d, latest[b]) for b, d in found.items() if b in latest}
    return found


def _rolled(indicator: Indicator, rows, interval, first, last) -> dict:
    """{bucket start: value} from (period, sum of cells, average of cells) rows."""
    adds_up = Unit.adds_up(indicator.unit)
    buckets: dict[datetime.date, list] = {}
    for period, total, mean in rows:
        value = total if adds_up else mean
        buckets.setdefault(periods.period_start(period, interval), []).append(Decimal(str(value)))
    rolled = {}
    for start, values in buckets.items():
        if indicator.aggregation == Aggregation.SUM:
            rolled[start] = _number(sum(values))
        elif indicator.aggregation == Aggregation.LAST:
            rolled[start] = _number(values[-1])
        else:
            rolled[start] = _number(sum(values) / len(values))
    return rolled


def sparkline_interval(indicator: Indicator) -> str:
    if periods.is_coarser_or_same(indicator.frequency, periods.Frequency.MONTH):
        return indicator.frequency
    return periods.Frequency.MONTH


def latest(indicators: list[Indicator], today: datetime.date) -> list[dict]:
    """For a list of indicators: the last twelve whole months (sparkline), the latest
    period with a value and its target; two queries however many indicators."""
    # Whole months only: a month under way would look like a fall.
    last = periods.period_start(today, periods.Frequency.MONTH) - datetime.timedelta(days=1)
    first = periods.period_start(last, periods.Frequency.MONTH)
    for _month in range(11):
        first = periods.period_start(first - datetime.timedelta(days=1), periods.Frequency.MONTH)
    found = recent(indicators, first, last)
    rows = []
    for indicator in indicators:
        points = found.get(indicator.pk, [])
        newest = next((point for point in reversed(points) if point.actual is not None), None)
        rows.append(
            {"indicator": indicator, "points": points, "latest": newest, "interval": sparkline_interval(indicator)}
        )
    return rows
