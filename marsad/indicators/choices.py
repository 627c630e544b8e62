from django.db import models
from django.utils.translation import gettext_lazy as _


class Unit(models.TextChoices):
    COUNT = "count", _("Count")
    PERCENT = "percent", _("Percentage")
    CURRENCY = "currency", _("Currency (SYP)")
    DAYS = "days", _("Days")

    @classmethod
    def adds_up(cls, unit: str) -> bool:
        """Counts and money add up across a breakdown (channels, services); percentages
        and durations do not: across a breakdown they are averaged."""
        return unit in (cls.COUNT, cls.CURRENCY)


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class Frequency(models.TextChoices):
    DAY = "day", _("Daily")
    WEEK = "week", _("Weekly")
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class Aggregation(models.TextChoices):
    """How an indicator's periods combine into a longer one (days into a month…)."""

    SUM = "sum", _("Sum (a flow, e.g. services delivered)")
    LAST = "last", _("Last value (a stock, e.g. services available)")
    AVERAGE = "average", _("Average (e.g. days to deliver)")


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from a file")
    API = "api", _("Sent through the API")


class MeasurementStatus(models.TextChoices):
    PROVISIONAL = "provisional", _("Provisional")
    VALIDATED = "validated", _("Validated")
