"""A year of progress-report history for the demo projects, so the S-curves,
stale flags, reporting rates, My work and the review queue show something real.

Deterministic: the same `today` always writes the same reports, and loading twice
changes nothing (reports are looked up by project and period).
"""

import datetime
from decimal import Decimal

from marsad.accounts.models import User
from marsad.portfolio.choices import REPORTING_STATUSES, PhaseStatus
from marsad.portfolio.models import Project
from marsad.reports import periods
from marsad.reports.models import PhaseUpdate, ProgressReport, ReportStatus

# A year: the figures "at the last meeting" and the meeting before rest on reports too.
HISTORY_PERIODS = 12
# Projects whose latest due report never arrived (stale), and ones whose report for
# the period just ended waits in the review queue; one returned to its ministry.
MISSING_LATEST = {"ITAS", "E-INVOICE", "IMP-LIC"}
WAITING_REVIEW = {"NHR", "GSB", "IND-REG"}
RETURNED = {"GOV-PROC"}
LATE_SUBMITTERS = {"ITAS", "E-INVOICE", "IMP-LIC", "COM-REG"}


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(11, 0), tzinfo=datetime.UTC)


def load_report_history(*, today: datetime.date, reviewer: User, writers: dict[int, User]) -> int:
    """Write the history; `writers` maps an entity id to its focal point (else the reviewer)."""
    written = 0
    projects = Project.objects.with_progress(today=today).filter(status__in=REPORTING_STATUSES).order_by("code")
    for project in projects:
        cadence = project.report_cadence_months
        history = periods.recent_periods(today, cadence, HISTORY_PERIODS)
        started = project.actual_start or project.baseline_start
        if started is None:
            continue
        history = [start for start in history if periods.period_end(start, cadence) >= started]
        if project.code in MISSING_LATEST:
            history = history[:-1]
        now_percent = project.execution_percent or 0.0
        writer = writers.get(project.owner_id, reviewer)
        for index, start in enumerate(history, 1):
            # A steady climb to today's figure; a little slower at first, like real projects.
            percent = round(now_percent * (index / len(history)) ** 1.2, 1)
            due = periods.due_date(start, cadence)
            late = project.code in LATE_SUBMITTERS and index % 2 == 0
            submitted = _moment(due + datetime.timedelta(days=6) if late else due - datetime.timedelta(days=4))
            written += _upsert_report(
                project,
                start,
                status=ReportStatus.ACCEPTED,
                accepted_percent=percent,
                percent_complete=Decimal(str(percent)) if not project.phase_count else None,
                forecast_go_live=project.forecast_go_live,
                achievements=f"تقدّم العمل إلى {percent:g}٪ من الإنجاز.",
                next_steps="متابعة التنفيذ وفق الخطة.",
                submitted_at=submitted,
                reviewed_at=submitted + datetime.timedelta(days=2),
                reviewed_by=reviewer,
                created_by=writer,
            )
        open_start = periods.latest_due_period(today, cadence)
        if project.code in WAITING_REVIEW | RETURNED:
            open_start = periods.next_period(open_start, cadence)  # the period just ended
            status = ReportStatus.SUBMITTED if project.code in WAITING_REVIEW else ReportStatus.RETURNED
            written += _upsert_report(
                project,
                open_start,
                status=status,
                percent_complete=Decimal(str(min(100.0, round(now_percent + 4, 1))))
                if not project.phase_count
                else None,
                forecast_go_live=project.forecast_go_live,
                achievements="أُنجز اختبار القبول الأولي للوحدات المسلّمة.",
                next_steps="البدء بالتشغيل التجريبي.",
                submitted_at=_moment(today - datetime.timedelta(days=3)),
                return_reason="يرجى إرفاق محضر الاستلام وتحديث موعد الإطلاق."
                if status == ReportStatus.RETURNED
                else "",
                reviewed_by=reviewer if status == ReportStatus.RETURNED else None,
                created_by=writer,
            )
            report = ProgressReport.objects.get(project=project, period_start=open_start)
            for phase in project.phases.all():
                ahead = Decimal(0) if phase.status == PhaseStatus.DONE else Decimal(5)
                PhaseUpdate.objects.get_or_create(
                    report=report,
                    phase=phase,
                    defaults={
                        "percent_complete": min(Decimal(100), phase.percent_complete + ahead),
                        "forecast_end": phase.forecast_end,
                        "done": phase.status == PhaseStatus.DONE,
                    },
                )
    return written


def _upsert_report(project, start, **values) -> int:
    # The history says the report stood as it is from the day it was reviewed (or
    # submitted), so the dashboard's "at the last meeting" sees the reports of then.
    moment = values.get("reviewed_at") or values["submitted_at"]
    report = ProgressReport.objects.filter(project=project, period_start=start).first()
    if report is None:
        report = ProgressReport(project=project, period_start=start, **values)
        report._history_date = moment  # type: ignore[attr-defined]  # django-simple-history's
        report.save()
        return 1
    changed = {name: value for name, value in values.items() if getattr(report, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(report, name, value)
        report._history_date = moment
        report.save()
        return 1
    return 0
