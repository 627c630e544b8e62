"""Template filters for dates and numbers (loaded as builtins in every template)."""

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marsad.lib import digits, formatting
from marsad.lib.widgets import DateInput

register = template.Library()


@register.filter
def ldate(value: datetime.date | None, style: str = "long") -> str:
    """A date with Levantine month names in Arabic."""
    return formatting.format_date(value, style)


@register.filter
def ldatetime(value: datetime.datetime | None) -> str:
    """A moment: its date with Levantine month names, and the local time."""
    return formatting.format_datetime(value)


@register.filter
def lmonth(value: datetime.date | None) -> str:
    return formatting.format_month(value)


@register.filter
def num(value: int | float | Decimal | None, digits: int | str = 0) -> str:
    return formatting.format_number(value, int(digits))


@register.filter
def currency(code: str | None) -> str:
    return formatting.format_currency(code)


@register.filter
def pct(value: int | float | Decimal | None, digits: int | str = formatting.PERCENT_DIGITS) -> str:
    """A percentage such as 45% or 42.5% (`formatting.PERCENT_DIGITS`); a dash when unknown."""
    if value is None:
        return "—"
    return formatting.format_percent(value, int(digits))


@register.simple_tag
def digit_system() -> str:
    """The digits this page, document or mail is written in ("latn" or "arab"), for
    `<html data-digits>`: the charts drawn in the browser follow it."""
    return digits.active()


@register.simple_tag
def date_input(name: str, value: datetime.date | None = None, field_id: str = "", **attrs: Any) -> str:
    """A plain day/month/year field outside a Django form (a filter's "from"), as every
    form's date field is drawn (`lib.widgets.DateInput`)."""
    attrs.setdefault("class", "form-control form-control-sm")
    return DateInput(attrs=attrs).render(name, value, {"id": field_id or name})


@register.simple_tag
def schedule_delta(project: Any, days: int | None = None) -> str:
    """How the project's go-live stands against its plan (`days`: the slippage to show,
    its `slippage_days` by default). A project in service is not late: it entered
    service some days after (or before) the plan, said plainly, never in red."""
    days = project.slippage_days if days is None else days
    if project.actual_go_live is None:
        tone = " text-danger" if days and days > 0 else ""
        return format_html('<span class="slippage{}">{}</span>', tone, signed_days(days))
    return format_html('<span class="slippage">{}</span>', entered_service(days))


@register.filter
def entered_service(value: int | None) -> str:
    """An in-service project's go-live against its plan, in a neutral tone."""
    if value is None:
        return _("in service")
    if value == 0:
        return _("in service on plan")
    days = abs(value)
    number = formatting.format_number(days)
    if value > 0:
        return ngettext("in service %(days)s day after plan", "in service %(days)s days after plan", days) % {
            "days": number
        }
    return ngettext("in service %(days)s day before plan", "in service %(days)s days before plan", days) % {
        "days": number
    }


@register.filter
def signed_days(value: int | None) -> str:
    """Slippage in days: '+45 days' late, '-10 days' early, 'on time' for zero."""
    if value is None:
        return "—"
    if value == 0:
        return _("on time")
    days = abs(value)
    number = formatting.format_number(days)
    if value > 0:
        return ngettext("%(days)s day late", "%(days)s days late", days) % {"days": number}
    return ngettext("%(days)s day early", "%(days)s days early", days) % {"days": number}
