"""Dates a person could mean: the bounds every stored date is held to.

A period of 9999-12-31 once saved broke every later read of the reports list (the
period's end overflowed); year 1 is a typing slip. Every date field of every record
is a `BoundedDateField`, so the model's own validation (which pages, the API, the admin
and the importers all run) refuses such a date with a message naming the field.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


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
