"""How indicator figures read: periods by name, values in their unit, sparklines."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from marsad.indicators.choices import Frequency, Unit
from marsad.lib import formatting

register = template.Library()

QUARTERS = {1: "Q1", 4: "Q2", 7: "Q3", 10: "Q4"}


@register.filter
def period_label(start, interval):
    """A period by name: 14 تموز 2023, تموز 2023, الربع الثالث 2023, 2023…"""
    if start is None:
        return ""
    if interval == Frequency.DAY:
        return formatting.format_date(start, "medium")
    if interval == Frequency.WEEK:
        return _("Week of %(date)s") % {"date": formatting.format_date(start, "medium")}
    if interval == Frequency.MONTH:
        return formatting.format_month(start)
    if interval == Frequency.QUARTER:
        quarter = (start.month - 1) // 3 + 1
        names = {1: _("First quarter"), 2: _("Second quarter"), 3: _("Third quarter"), 4: _("Fourth quarter")}
        return f"{names[quarter]} {start.year}"
    return str(start.year)


@register.filter
def in_unit(value, unit):
    """A value as its unit reads: 3,615,100 · 42.5% · 12.3 days."""
    if value is None:
        return "—"
    if unit == Unit.PERCENT:
        return formatting.format_percent(value, 1)
    if unit == Unit.DAYS:
        return _("%(days)s days") % {"days": formatting.format_number(value, 1)}
    # Counts and money read as whole numbers (a trajectory's 126,439.29 is 126,439).
    digits = 0 if unit in (Unit.COUNT, Unit.CURRENCY) else 2
    return formatting.format_number(value, digits)


@register.simple_tag
def sparkline(points, width=120, height=28):
    """A small line of the actual values (SVG drawn here: no script, prints in PDFs)."""
    values = [float(point.actual) for point in points if point.actual is not None]
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = width / (len(points) - 1)
    coords = []
    for index, point in enumerate(points):
        if point.actual is not None:
            y = height - 2 - (float(point.actual) - low) / span * (height - 4)
            coords.append(f"{index * step:.1f},{y:.1f}")
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-hidden="true">'
        '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="1.5"/></svg>',
        width,
        height,
        width,
        height,
        " ".join(coords),
    )
