"""Writing, submitting and reviewing progress reports.

Every step checks who may take it (`marsad.accounts.scope`) and the version the user
read (`marsad.lib.versioning`); accepting applies the report to the project and its
phases in the same transaction.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib.records import StepRefused, record_save, save_if_current
from marsad.lib.versioning import claim_version
from marsad.portfolio.choices import PhaseStatus
from marsad.portfolio.models import Project
from marsad.reports import periods
from marsad.reports.models import PhaseUpdate, ProgressReport, ReportAttachment, ReportStatus

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class InvalidTransition(StepRefused):
    """The step does not apply to a report in its present state."""


def report_start(*, project: Project, user, period_start: datetime.date | None = None) -> ProgressReport:
    """A draft report for `project` and period (the current one by default), with one
    phase update per phase, filled in from the phases as they stand."""
    cadence = project.report_cadence_months
    start = periods.period_start(period_start or timezone.localdate(), cadence)
    if not scope.can_create(user, ProgressReport, entity_id=project.owner_id):
        raise PermissionDenied
    existing = ProgressReport.objects.filter(project=project, period_start=start).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        report = record_save(
            ProgressReport(
                project=project,
                period_start=start,
                forecast_go_live=project.forecast_go_live,
                percent_complete=project.reported_percent,
                created_by=user,
            )
        )
        PhaseUpdate.objects.bulk_create(
            PhaseUpdate(
                report=report,
                phase=phase,
                percent_complete=phase.percent_complete,
                forecast_end=phase.forecast_end,
                done=phase.status == PhaseStatus.DONE,
            )
            for phase in project.phases.all()
        )
    return report


def _require(report: ProgressReport, allowed: tuple[str, ...], message: str) -> None:
    if report.status not in allowed:
        raise InvalidTransition(message)


def report_save(*, form, phase_forms, user) -> ProgressReport:
    """Save a draft or returned report being written (its form and phase update forms)."""
    report = form.instance
    scope.change_or_403(user, report)
    _require(report, EDITABLE, _("Only a draft or returned report can be changed."))
    with transaction.atomic():
        form.save_if_current()
        phase_forms.save()
    return report


def report_submit(*, report: ProgressReport, user, version: int) -> ProgressReport:
    scope.change_or_403(user, report)
    _require(report, EDITABLE, _("Only a draft or returned report can be submitted."))
    if report.percent_complete is None and not report.project.phases.exists():
        raise ValidationError({"percent_complete": _("Enter the execution percentage before submitting.")})
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    save_if_current(report, version)
    return report


def report_return(*, report: ProgressReport, user, version: int, reason: str) -> ProgressReport:
    if not scope.can_review(user, report):
        raise PermissionDenied
    _require(report, (ReportStatus.SUBMITTED,), _("Only a submitted report can be returned."))
    if not reason.strip():
        raise ValidationError({"return_reason": _("Say why the report is returned, so the entity can fix it.")})
    report.status = ReportStatus.RETURNED
    report.return_reason = reason.strip()
    report.reviewed_by, report.reviewed_at = user, timezone.now()
    save_if_current(report, version)
    return report


def report_accept(*, report: ProgressReport, user, version: int) -> ProgressReport:
    """Accept the report and apply it: the project's forecast go-live and reported %,
    and each phase's %, forecast end and status, all in one transaction."""
    if not scope.can_review(user, report):
        raise PermissionDenied
    _require(report, (ReportStatus.SUBMITTED,), _("Only a submitted report can be accepted."))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=report.project_id)
        updates = list(report.phase_updates.select_related("phase"))
        for update in updates:
            phase = update.phase
            phase.percent_complete = Decimal(100) if update.done else update.percent_complete
            phase.forecast_end = update.forecast_end or phase.forecast_end
            if update.done:
                phase.status = PhaseStatus.DONE
                phase.actual_end = phase.actual_end or report.period_end
            elif update.percent_complete > 0:
                phase.status = PhaseStatus.IN_PROGRESS
            claim_version(phase, phase.version)
            phase.save()
        if report.forecast_go_live:
            project.forecast_go_live = report.forecast_go_live
        if not updates and report.percent_complete is not None:
            project.reported_percent = report.percent_complete
        claim_version(project, project.version)  # editors holding the old version must reload
        project.save()
        report.accepted_percent = Project.objects.with_progress().get(pk=project.pk).execution_percent
        report.status = ReportStatus.ACCEPTED
        report.return_reason = ""
        report.reviewed_by, report.reviewed_at = user, timezone.now()
        save_if_current(report, version)
    return report


def report_attach(*, report: ProgressReport, user, upload) -> ReportAttachment:
    """Attach an evidence file to a report still being written (checked by content first)."""
    from marsad.lib.attachments import store

    scope.change_or_403(user, report)
    _require(report, EDITABLE, _("Only a draft or returned report can be changed."))
    return store(ReportAttachment(report=report, uploaded_by=user), upload)
