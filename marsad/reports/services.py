"""Writing, submitting and reviewing progress reports.

Every step checks who may take it (`marsad.accounts.scope`) and the version the user
read (`marsad.lib.versioning`); accepting applies the report to the project and its
phases in the same transaction.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib.attachments import store
from marsad.lib.records import StepRefused, record_assign, record_check, record_save, save_if_current
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
    with deferred.writing():
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


# What the one writing a report fills in (the rest is the cycle's and the reviewer's).
FIELDS = ("percent_complete", "forecast_go_live", "achievements", "next_steps")
PHASE_FIELDS = ("percent_complete", "forecast_end", "done")


def report_change(
    report: ProgressReport, values: dict, *, submit: bool = False, has_phases: bool | None = None
) -> None:
    """The rules of changing a report, written once for the page, the API and the import.

    Sets `values` (of `FIELDS`) on `report` and judges the result without saving it: a
    report that has left the writer's hands is not changed (InvalidTransition), the
    model's own rules (ValidationError by field), and, when it is to be submitted, an
    execution percentage unless its phases give one. `has_phases` may be passed by a
    caller that already knows (an import reading many projects at once)."""
    _require(report, EDITABLE, _("Only a draft or returned report can be changed."))
    record_assign(report, {name: values[name] for name in FIELDS if name in values})
    record_check(report)
    if submit:
        _check_submittable(report, has_phases)


def _check_submittable(report: ProgressReport, has_phases: bool | None) -> None:
    if has_phases is None:
        has_phases = report.project.phases.exists()
    if report.percent_complete is None and not has_phases:
        raise ValidationError({"percent_complete": _("Enter the execution percentage before submitting.")})


def report_save(
    *,
    report: ProgressReport,
    user: Any,
    values: dict[str, Any],
    phases: Iterable[dict[str, Any]] = (),
    version: int | None = None,
    submit: bool = False,
) -> ProgressReport:
    """Save a draft or returned report being written, from plain data: its fields
    (`values`), its phase updates (`phases`: dicts with the phase and any of
    `PHASE_FIELDS`), then submit it if asked, in one transaction. `version` is the one
    the writer read (StaleVersion if someone saved since)."""
    scope.change_or_403(user, report)
    with deferred.writing():
        report_change(report, values)
        record_save(report, version=version)
        for row in phases:
            _phase_update(report, row)
        if submit:
            report_submit(report=report, user=user, version=report.version)
    return report


def _phase_update(report: ProgressReport, row: dict) -> None:
    phase = row["phase"]
    if phase.project_id != report.project_id:
        raise ValidationError({"phase_updates": _("Each phase must be one of the report's project.")})
    update = PhaseUpdate.objects.filter(report=report, phase=phase).first() or PhaseUpdate(report=report, phase=phase)
    record_assign(update, {name: row[name] for name in PHASE_FIELDS if name in row})
    record_save(update)


def report_submit(*, report: ProgressReport, user, version: int) -> ProgressReport:
    scope.change_or_403(user, report)
    _require(report, EDITABLE, _("Only a draft or returned report can be submitted."))
    _check_submittable(report, None)
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
    with deferred.writing():
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
        # Computed, not read from the stored figures: those are refreshed once, when this write ends.
        report.accepted_percent = (
            Project.objects.filter(pk=project.pk).compute_figures().values_list("execution_percent", flat=True).get()
        )
        report.status = ReportStatus.ACCEPTED
        report.return_reason = ""
        report.reviewed_by, report.reviewed_at = user, timezone.now()
        save_if_current(report, version)
    return report


def report_attach(*, report: ProgressReport, user, upload) -> ReportAttachment:
    """Attach an evidence file to a report still being written (checked by content first)."""

    scope.change_or_403(user, report)
    _require(report, EDITABLE, _("Only a draft or returned report can be changed."))
    return store(ReportAttachment(report=report, uploaded_by=user), upload)
