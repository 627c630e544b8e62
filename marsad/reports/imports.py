"""Progress reports from a spreadsheet, for ministries that report in Excel."""

import copy

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from marsad.accounts import scope
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.imports.spreadsheet import Column, Importer, Problem, date, month, number, shown_percent, text, yes_no_blank
from marsad.lib.versioning import claim_version
from marsad.portfolio import figures
from marsad.portfolio.models import Phase, Project
from marsad.reports import periods, services
from marsad.reports.models import PhaseUpdate, ProgressReport, ReportStatus

YES, NO = gettext_lazy("yes"), gettext_lazy("no")


def yes_no(value) -> bool:
    """Submit for review: yes or no, blank for no."""
    return bool(yes_no_blank(value))


class ProgressReportImporter(Importer):
    kind = "progress_reports"
    model = ProgressReport
    title = gettext_lazy("Import progress reports from Excel")
    help = gettext_lazy(
        "Fill in the template, one row per project and month, then upload it. First you see what the import "
        "would do; nothing is written until you confirm, and then every row is written or none."
    )
    sheet_title = "reports"
    columns = [
        Column("project", gettext_lazy("Project code"), text, required=True, width=16),
        Column("month", gettext_lazy("Month (YYYY-MM)"), month, required=True, width=16),
        Column("percent_complete", gettext_lazy("Execution %"), number, width=14, display=shown_percent),
        Column("forecast_go_live", gettext_lazy("Forecast go-live (YYYY-MM-DD)"), date, width=22),
        Column("achievements", gettext_lazy("Achievements this period"), text, width=40),
        Column("next_steps", gettext_lazy("Next steps"), text, width=40),
        Column("submit", gettext_lazy("Submit for review"), yes_no, choices=[YES, NO], width=16),
    ]

    def check(self, rows, problems):
        found = []
        header = {column.key: str(column.header) for column in self.columns}
        codes = {row["project"] for row in rows if row.get("project")}
        projects = {p.code: p for p in Project.objects.filter(code__in=codes).with_phase_flag()}
        seen = {}
        for row in rows:
            project = projects.get(row.get("project"))
            if row.get("project") and project is None:
                found.append(Problem(row["_row"], header["project"], _("No project has this code.")))
                continue
            if project is None or "month" not in row:
                continue
            if not scope.can_create(self.user, ProgressReport, entity_id=project.owner_id):
                found.append(Problem(row["_row"], header["project"], _("You may not write this project's reports.")))
                continue
            row["project_obj"] = project
            row["period_start"] = periods.period_start(row["month"], project.report_cadence_months)
            key = (project.pk, row["period_start"])
            if key in seen:
                found.append(
                    Problem(
                        row["_row"], header["month"], _("Row %(row)s already reports this period.") % {"row": seen[key]}
                    )
                )
            seen.setdefault(key, row["_row"])
        existing = ProgressReport.objects.filter(
            project_id__in={key[0] for key in seen}, period_start__in={key[1] for key in seen}
        )
        self.existing = {(report.project_id, report.period_start): report for report in existing}
        bad_rows = {problem.row for problem in [*problems, *found]}
        for row in rows:
            if "project_obj" in row and row["_row"] not in bad_rows:
                found.extend(self._check_record(row, header))
        return found

    def _check_record(self, row, header) -> list[Problem]:
        """The report as the row would leave it, judged by the one rule of changing a
        report (`services.report_change`), as a page or the API would be."""
        project = row["project_obj"]
        report = self.existing.get((project.pk, row["period_start"]))
        report = (
            copy.copy(report)
            if report is not None
            else ProgressReport(project=project, period_start=row["period_start"], created_by=self.user)
        )
        headers = header | {"period_start": header["month"], "__all__": header["month"]}
        try:
            services.report_change(
                report, self._values(row), submit=bool(row.get("submit")), has_phases=project.has_phases
            )
        except services.InvalidTransition as refused:
            return [Problem(row["_row"], header["month"], str(refused))]
        except ValidationError as invalid:
            return [
                Problem(row["_row"], headers.get(name, ""), message)
                for name, messages in invalid.message_dict.items()
                for message in messages
            ]
        return []

    def _values(self, row) -> dict:
        """A blank cell leaves the report's value as it is."""
        return {name: row[name] for name in services.FIELDS if row.get(name) not in (None, "")}

    def write(self, rows):
        now = timezone.now()
        fields = list(services.FIELDS)
        new, changed = [], []
        for row in rows:
            project = row["project_obj"]
            report = self.existing.get((project.pk, row["period_start"]))
            if report is None:
                report = ProgressReport(project=project, period_start=row["period_start"], created_by=self.user)
                new.append(report)
            else:
                claim_version(report, report.version)  # an editor holding the old version must reload
                changed.append(report)
            for name, value in self._values(row).items():
                setattr(report, name, value)
            if row.get("submit"):
                report.status, report.submitted_at = ReportStatus.SUBMITTED, now
        bulk_create_with_history(new, ProgressReport, batch_size=500, default_user=self.user)
        if changed:
            bulk_update_with_history(
                changed, ProgressReport, [*fields, "status", "submitted_at", "version"], default_user=self.user
            )
        self._start_phase_updates([r for r in new if r.project.has_phases])
        figures.refresh(r.project_id for r in [*new, *changed])  # bulk writes bypass save()
        audit_record(
            action=AuditAction.CREATED,
            user=self.user,
            detail=ngettext(
                "Imported %(count)s progress report from a spreadsheet (%(new)s new).",
                "Imported %(count)s progress reports from a spreadsheet (%(new)s new).",
                len(rows),
            )
            % {"count": len(rows), "new": len(new)},
        )
        return len(rows)

    def _start_phase_updates(self, reports):
        """New reports of phased projects start from the phases as they stand, as on the page."""
        created = {
            (r.project_id, r.period_start): r
            for r in ProgressReport.objects.filter(
                project_id__in={r.project_id for r in reports}, period_start__in={r.period_start for r in reports}
            )
        }
        phases = Phase.objects.filter(project_id__in={r.project_id for r in reports})
        by_project = {}
        for phase in phases:
            by_project.setdefault(phase.project_id, []).append(phase)
        PhaseUpdate.objects.bulk_create(
            PhaseUpdate(
                report=created[(r.project_id, r.period_start)],
                phase=phase,
                percent_complete=phase.percent_complete,
                forecast_end=phase.forecast_end,
                done=phase.status == "done",
            )
            for r in reports
            for phase in by_project.get(r.project_id, [])
        )
