"""What a focal point owes: each project's report for the period being written now
(and for a period already overdue), in whatever state it stands — to start, to
continue, returned with its reason, or waiting for the programme office — and returned
reports of older periods. A fixed number of queries, however many projects and reports."""

import datetime
from dataclasses import dataclass

from marsad.accounts import scope
from marsad.portfolio.choices import REPORTING_STATUSES
from marsad.portfolio.models import Project
from marsad.reports import periods
from marsad.reports.models import ProgressReport, ReportStatus


@dataclass
class OwedReport:
    project: Project
    period_start: datetime.date
    due: datetime.date
    report: ProgressReport | None
    overdue: bool

    @property
    def action(self) -> str:
        """What the focal point does next: "start", "continue", "fix", or "" (it is with
        the programme office, or accepted)."""
        if self.report is None:
            return "start"
        if self.report.status == ReportStatus.RETURNED:
            return "fix"
        return "continue" if self.report.is_editable else ""


def open_period(today: datetime.date, cadence: int) -> datetime.date:
    """The period whose report is being written now: the one just ended while it is
    still within its grace days, else the current one."""
    previous = periods.previous_period(periods.period_start(today, cadence), cadence)
    return previous if today <= periods.due_date(previous, cadence) else periods.period_start(today, cadence)


def owed_reports(user, today: datetime.date) -> list[OwedReport]:
    projects = list(
        Project.objects.filter(owner__in=scope.entity_ids(user), status__in=REPORTING_STATUSES)
        # What the list and its export show and the periods need: an entity may owe hundreds.
        .only(
            "code", "name_ar", "name_en", "owner_id", "status", "report_cadence_months",
            "actual_start", "baseline_start", "created_at",
        )
        .order_by("code")
    )  # fmt: skip
    wanted = {
        project.pk: (
            periods.latest_due_period(today, project.report_cadence_months),
            open_period(today, project.report_cadence_months),
        )
        for project in projects
    }
    earliest = min((late for late, _open in wanted.values()), default=today)
    reports = {
        (report.project_id, report.period_start): report
        for report in ProgressReport.objects.filter(project__in=projects, period_start__gte=earliest)
    }
    owed = []
    for project in projects:
        cadence = project.report_cadence_months
        starts_on = project.actual_start or project.baseline_start or project.created_at.date()
        for start, overdue in zip(wanted[project.pk], (True, False), strict=True):
            if periods.period_end(start, cadence) < starts_on:
                continue
            report = reports.get((project.pk, start))
            if overdue and report is not None and not report.is_editable:
                continue  # the overdue period's report is in; the open period's is listed whatever its state
            owed.append(OwedReport(project, start, periods.due_date(start, cadence), report, overdue))
    return sorted(owed, key=lambda item: (not item.overdue, item.due, item.project.code))


def returned_reports(user, listed=()):
    """Returned reports to fix, but for those `listed` already (`owed_reports`)."""
    shown = [item.report.pk for item in listed if item.report is not None]
    return (
        ProgressReport.objects.filter(project__owner__in=scope.entity_ids(user), status=ReportStatus.RETURNED)
        .exclude(pk__in=shown)
        .select_related("project", "reviewed_by")
        .order_by("period_start")
    )
