"""The indicator list and an indicator's values per period, as spreadsheets."""

from django.utils.translation import gettext as _

from marsad.indicators.templatetags.indicators import period_label


def _plain(value):
    return float(value) if value is not None else None


def indicator_rows(rows):
    """`rows` from `series.latest`, with each indicator's total since measuring began."""
    yield [
        _("Code"), _("Indicator"), _("Owner entity"), _("Unit"), _("Frequency"), _("Latest period"), _("Actual"),
        _("Target"), _("Since measuring began"),
    ]  # fmt: skip
    for row in rows:
        indicator, latest = row["indicator"], row["latest"]
        yield [
            indicator.code, indicator.name, indicator.owner.name, indicator.get_unit_display(),
            indicator.get_frequency_display(), period_label(latest.start, row["interval"]) if latest else "",
            _plain(latest.actual) if latest else None, _plain(latest.target) if latest else None,
            _plain(row.get("cumulative")),
        ]  # fmt: skip


def value_rows(indicator, points, interval):
    """An indicator's periods as the page's table shows them (oldest first)."""
    yield [_("Period"), _("First day"), _("Last day"), _("Target"), _("Actual"), _("Unit"), _("Figure")]
    unit = indicator.get_unit_display()
    for point in points:
        status = "" if point.actual is None else _("Validated") if point.validated else _("Provisional")
        yield [
            period_label(point.start, interval), point.start, point.end, _plain(point.target), _plain(point.actual),
            unit, status,
        ]  # fmt: skip
