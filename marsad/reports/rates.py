"""Reporting rates: of the reports an entity's projects owed over recent periods, how
many arrived and how many on time. Two queries, whatever the number of projects."""

import datetime
from dataclasses import dataclass

from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from marsad.portfolio.choices import REPORTING_STATUSES
from marsad.reports import periods
from marsad.reports.models import ProgressReport

RECENT_PERIODS = 6


@dataclass
class ReportingRate:
    expected: int = 0
    received: int = 0
    on_time: int = 0

    @property
    def received_percent(self) -> float | None:
        return self.received / self.expected * 100 if self.expected else None

    @property
    def on_time_percent(self) -> float | None:
        return self.on_time / self.expected * 100 if self.expected else None


def overall(rates: dict[int, ReportingRate]) -> ReportingRate:
    """The rates of many entities as one."""
    total = ReportingRate()
    for rate in rates.values():
        total.expected += rate.expected
        total.received += rate.received
        total.on_time += rate.on_time
    return total


def reporting_rates(projects, today: datetime.date, count: int = RECENT_PERIODS) -> dict[int, ReportingRate]:
    """Reporting rate per owner entity id, over the last `count` periods due on `today`;
    a past `today` counts only the reports submitted by its end."""
    owing = list(
        projects.filter(status__in=REPORTING_STATUSES)
        .annotate(owes=Coalesce("actual_start", "baseline_start", TruncDate("created_at")))
        .values_list("pk", "owner_id", "report_cadence_months", "owes")
    )
    windows = {cadence: periods.recent_periods(today, cadence, count) for cadence in {row[2] for row in owing}}
    earliest = min((window[0] for window in windows.values()), default=today)
    reports = ProgressReport.objects.filter(
        project_id__in=[row[0] for row in owing], period_start__gte=earliest, submitted_at__isnull=False
    )
    if today < timezone.localdate():
        end = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))
        reports = reports.filter(submitted_at__lt=end)
    submitted = {
        (project_id, start): submitted_at
        for project_id, start, submitted_at in reports.values_list("project_id", "period_start", "submitted_at")
    }
    rates: dict[int, ReportingRate] = {}
    for project_id, owner_id, cadence, owes in owing:
        rate = rates.setdefault(owner_id, ReportingRate())
        for start in windows[cadence]:
            if periods.period_end(start, cadence) < owes:
                continue  # the work had not started: nothing was owed
            rate.expected += 1
            submitted_at = submitted.get((project_id, start))
            if submitted_at is not None:
                rate.received += 1
                rate.on_time += submitted_at.date() <= periods.due_date(start, cadence)
    return rates
