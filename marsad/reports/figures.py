"""The reporting figures a project carries: its last accepted period, when it owes
reports from, and whether (and from when) it is stale. Registered with the portfolio
(`marsad.portfolio.extensions`) by `ReportsConfig.ready()`."""

import datetime

from django.db.models import BooleanField, Case, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate

from marsad.portfolio.choices import REPORTING_STATUSES, ReportCadence
from marsad.reports import periods
from marsad.reports.models import ProgressReport


def reporting_annotations(today: datetime.date) -> dict:
    """Annotations for Project querysets: the last accepted period and the stale flag.

    A project owes a report for every period once its work has started (actual start,
    else baseline start, else the day it was recorded) while it is included, in
    preparation, in execution or piloting. It is **stale** when the latest period
    whose report is already overdue (period end + grace days) has no accepted report,
    nor has any later one.
    """

    last_accepted = (
        ProgressReport.objects.filter(project=OuterRef("pk"), status="accepted")
        .order_by("-period_start")
        .values("period_start")[:1]
    )
    owes_since = Coalesce("actual_start", "baseline_start", TruncDate("created_at"))
    overdue = Q()
    for cadence in ReportCadence.values:
        due = periods.latest_due_period(today, cadence)
        overdue |= Q(report_cadence_months=cadence, owes_since__lte=periods.period_end(due, cadence)) & (
            Q(last_accepted_period__isnull=True) | Q(last_accepted_period__lt=due)
        )
    return {
        "last_accepted_period": Subquery(last_accepted),
        "owes_since": owes_since,
        "is_stale": Case(
            When(Q(status__in=REPORTING_STATUSES) & overdue, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    }


def stale_from(computed: dict) -> dict:
    """The day a project turns stale unless a report is accepted first (stored with its figures).

    The same rule as `is_stale` above, solved for the date: the first period it owes
    after its last accepted one (and not before the period its work started in)
    turns it stale the day after that period's report falls due.
    """

    if computed["status"] not in REPORTING_STATUSES or computed["owes_since"] is None:
        return {"stale_from": None}
    cadence = computed["report_cadence_months"]
    owed = periods.period_start(computed["owes_since"], cadence)
    if computed["last_accepted_period"] is not None:
        after_last = periods.next_period(periods.period_start(computed["last_accepted_period"], cadence), cadence)
        owed = max(owed, after_last)
    return {"stale_from": periods.due_date(owed, cadence) + datetime.timedelta(days=1)}
