"""Dates and numbers as a reader of the current UI language expects them.

Arabic uses CLDR's ar_SY locale: Levantine month names (كانون الثاني … تموز … تشرين
الأول), which is what Syrian ministries write. Django's own `ar` formats use the
Egyptian/Gulf names (يناير، يوليو), so dates never go through Django's `date` filter.
"""

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, get_currency_symbol
from babel.numbers import format_percent as format_percent_babel
from django.conf import settings
from django.utils import timezone, translation


def babel_locale(language: str | None = None) -> Locale:
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return _locale(settings.MARSAD_BABEL_LOCALES.get(language[:2], "ar_SY"))


@cache
def _locale(name: str) -> Locale:
    # Parsed once per process: a page writes hundreds of numbers and dates, and Babel
    # would otherwise parse the locale's name for each.
    return Locale.parse(name)


# Patterns rather than CLDR's "medium"/"short" styles: ar_SY's shorter styles are
# numeric (2026/07/17), and the committee reads month names.
DATE_PATTERNS = {"long": "d MMMM y", "medium": "d MMM y", "short": "d MMM y", "month": "LLLL y"}


def format_date(value: datetime.date | None, style: str = "long", language: str | None = None) -> str:
    """`1 تموز 2023` in Arabic, `1 July 2023` in English; empty for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return babel_format_date(value, DATE_PATTERNS.get(style, style), locale=babel_locale(language))


def list_separator(language: str | None = None) -> str:
    """The Arabic comma and a space in Arabic, a comma and a space otherwise."""
    return "، " if (language or translation.get_language() or "ar").startswith("ar") else ", "


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """`السجل الصحي، الفوترة` / `Health registry, Invoicing`."""
    return list_separator(language).join(str(item) for item in items)


def format_datetime(value: datetime.datetime | None, language: str | None = None) -> str:
    """`1 كانون الأول 2026، 14:05` (local time): when something happened today or lately."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date(), 'long', language)}{list_separator(language)}{local:%H:%M}"


def format_month(value: datetime.date | None, language: str | None = None) -> str:
    """`تموز 2023` / `Jul 2023`: compact for tables and chart axes."""
    if value is None:
        return ""
    return format_date(value, "month", language)


# Every percentage Marsad shows (execution, shares, rates) has at most one decimal:
# the dashboard, the league table, the pack, the exports and the API agree on it.
PERCENT_DIGITS = 1

# A number written with its unit ("87.6%") is wrapped in a left-to-right isolate, so
# the surrounding Arabic cannot move its sign: it reads the same in a card, a table, a
# sentence ("سابقاً 87.6%"), a chart label, a PDF and a mail. Unicode's isolates work
# in text as well as HTML (attributes, SVG, plain mail), where `<bdi>` cannot go.
ISOLATE, END_ISOLATE = "\u2066", "\u2069"


def isolated(text: str) -> str:
    """`text` as one left-to-right unit inside any paragraph; empty stays empty."""
    return f"{ISOLATE}{text}{END_ISOLATE}" if text else ""


def rounded(value: int | float | Decimal | None, digits: int = PERCENT_DIGITS) -> float | None:
    """`value` as every surface shows it: half away from zero at `digits` decimals
    (87.55 → 87.6, never 87.5 by binary accident). Exports and the API hand over this
    number; pages and PDFs write it with `format_number`/`format_percent`."""
    if value is None:
        return None
    exact = Decimal(value) if isinstance(value, Decimal | int) else Decimal(str(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def format_number(value: int | float | Decimal | None, digits: int = 0, language: str | None = None) -> str:
    """The one way a number is written for a person: grouped, at most `digits`
    decimals and none when it is whole (3,615,100 · 6.4 · 36, never 36.0), with the
    separators of the reader's locale; empty for none."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    exact = (
        Decimal(str(rounded(value, digits)))
        if isinstance(value, float)
        else Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    )
    return format_decimal(exact, format=pattern, locale=babel_locale(language))


def format_percent(
    value: int | float | Decimal | None, digits: int = PERCENT_DIGITS, language: str | None = None
) -> str:
    """A percentage (given as 0–100) as the locale writes it: 42.5% · 36%; empty for none."""
    if value is None:
        return ""
    pattern = "#,##0" + ("." + "#" * digits if digits else "") + "%"
    exact = Decimal(str(rounded(value, digits)))
    return isolated(format_percent_babel(exact / 100, format=pattern, locale=babel_locale(language)))


def format_currency(code: str | None, language: str | None = None) -> str:
    """A currency as the reader writes it: ل.س. in Arabic, SYP in English (CLDR)."""
    if not code:
        return ""
    # CLDR ends Arabic symbols with a right-to-left mark; the page's direction does that.
    return get_currency_symbol(code, locale=babel_locale(language)).replace("\u200f", "")
