"""Dates a person could mean: the bounds every stored date is held to, and dates as
people type them (day first, never month first).

A period of 9999-12-31 once saved broke every later read of the reports list (the
period's end overflowed); year 1 is a typing slip. Every date field of every record
is a `BoundedDateField`, so the model's own validation (which pages, the API, the admin
and the importers all run) refuses such a date with a message naming the field.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from marsad.lib.numbers import digits_to_latin


def date_bounds() -> tuple[datetime.date, datetime.date]:
    """The earliest and latest date Marsad stores (MARSAD_EARLIEST_YEAR, MARSAD_LATEST_YEAR)."""
    return datetime.date(settings.MARSAD_EARLIEST_YEAR, 1, 1), datetime.date(settings.MARSAD_LATEST_YEAR, 12, 31)


@deconstructible
class SaneDateValidator:
    """Refuse a date before MARSAD_EARLIEST_YEAR or after MARSAD_LATEST_YEAR."""

    def __call__(self, value: datetime.date | None) -> None:
        if value is None:
            return
        if isinstance(value, datetime.datetime):
            value = value.date()
        earliest, latest = date_bounds()
        if not earliest <= value <= latest:
            raise ValidationError(
                _("Enter a date from %(earliest)s to %(latest)s."),
                code="date_out_of_range",
                params={"earliest": earliest.year, "latest": latest.year},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SaneDateValidator)


validate_sane_date = SaneDateValidator()


class BoundedDateField(models.DateField):  # type: ignore[type-arg]  # its types are DateField's
    """A date field whose values stay within the years Marsad accepts."""

    default_validators = [validate_sane_date]


# 11/06/2027, 11-6-2027, 11.06.2027: day first, always.
_DAY_FIRST = re.compile(r"\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*")


def day_first_as_iso(text: str) -> str:
    """A date typed day first (Arabic-Indic digits too) as ISO ("11/06/2027" →
    "2027-06-11"); anything else as it was."""
    found = _DAY_FIRST.fullmatch(digits_to_latin(text))
    if found is None:
        return text
    day, month, year = found.groups()
    return f"{year}-{int(month):02}-{int(day):02}"


def parse_day(raw: str | None) -> datetime.date | None:
    """A date from a query string or a form's plain field: day first or ISO; None
    when blank or not a date (a filter then falls back to its default)."""
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(day_first_as_iso(raw.strip()))
    except ValueError:
        return None
