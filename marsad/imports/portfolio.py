"""Projects and phases from a spreadsheet (the programme office's portfolio lists, a
ministry's phase plan), through the same write path as the pages and the API.

They live here rather than in `portfolio`: the core imports no later app, and the
import machinery comes after it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.imports.records import RecordImporter, Related, choice_column
from marsad.imports.spreadsheet import (
    Column,
    ImportResult,
    Problem,
    date,
    in_every_language,
    lines,
    number,
    shown_percent,
    text,
    whole_number,
)
from marsad.portfolio.models import Entity, Phase, Programme, Project

NO_PROJECT = gettext_lazy("No project has this code.")


class PhaseImporter(RecordImporter):
    kind = "phases"
    model = Phase
    title = gettext_lazy("Import project phases from Excel")
    help = gettext_lazy(
        "One row per phase, named by its project's code and its order: a new order adds a phase, a known one "
        "updates it. Blank cells leave what is stored. Nothing is written until you confirm, and then every "
        "row is written or none."
    )
    sheet_title = "phases"
    key = ("project", "order")
    related = {"project": Related(Project, NO_PROJECT)}
    columns = [
        Column("project", gettext_lazy("Project code"), text, required=True, width=16),
        Column("order", gettext_lazy("Order"), whole_number(1, 999), required=True, width=10),
        Column("name_ar", gettext_lazy("Arabic name"), text, width=30),
        Column("name_en", gettext_lazy("English name"), text, width=26),
        Column("weight", gettext_lazy("Weight"), number, width=10),
        choice_column(Phase, "status", gettext_lazy("Status"), width=16),
        Column("percent_complete", gettext_lazy("Execution %"), number, width=12, display=shown_percent),
        Column("baseline_start", gettext_lazy("Planned start (YYYY-MM-DD)"), date, width=20),
        Column("baseline_end", gettext_lazy("Planned end (YYYY-MM-DD)"), date, width=20),
        Column("forecast_start", gettext_lazy("Forecast start (YYYY-MM-DD)"), date, width=20),
        Column("forecast_end", gettext_lazy("Forecast end (YYYY-MM-DD)"), date, width=20),
        Column("actual_start", gettext_lazy("Actual start (YYYY-MM-DD)"), date, width=20),
        Column("actual_end", gettext_lazy("Actual end (YYYY-MM-DD)"), date, width=20),
    ]


PHASES_SHEET = gettext_lazy("phases")


def _is_new_project(row) -> bool:
    project = row.get("project")
    return isinstance(project, Project) and project.pk is None


class PhasesOfImportedProjects(PhaseImporter):
    """The phases sheet of a projects workbook: a phase may belong to a project the same
    workbook adds (`pending`, by code), not yet saved while the rows are checked."""

    def __init__(self, user, progress=None, pending=None):
        super().__init__(user, progress)
        self.pending = pending or {}

    def _resolve(self, rows):
        waiting = [row for row in rows if row.get("project") in self.pending]
        for row in waiting:
            row["project"] = self.pending[row["project"]]
        waiting_ids = {id(row) for row in waiting}
        return super()._resolve([row for row in rows if id(row) not in waiting_ids])

    def _existing(self, rows) -> dict:
        return super()._existing([row for row in rows if not _is_new_project(row)])

    def _key(self, values: dict) -> tuple:
        project = values.get("project")
        if isinstance(project, Project) and project.pk is None:
            return (f"new:{project.code}", values.get("order"))
        return super()._key(values)

    def validate(self, record) -> None:
        if record.project.pk is None:
            # Its project is written first; the phase is judged whole again then.
            record.full_clean(exclude=["project"])
        else:
            super().validate(record)

    def write(self, rows):
        for row in rows:
            row["_record"].project = row["_record"].project  # its project now has an id
        return super().write(rows)


class ProjectImporter(RecordImporter):
    kind = "projects"
    model = Project
    title = gettext_lazy("Import projects from Excel")
    help = gettext_lazy(
        "One row per project, named by its code: a new code adds a project (programme office), a known code "
        "updates it. Its phases go on the second sheet, one row per phase named by the project's code and the "
        "phase's order, for the projects of the first sheet or ones already recorded. Blank cells leave what is "
        "stored. You first see what the import would do; nothing is written until you confirm, and then every "
        "row of both sheets is written or none."
    )
    sheet_title = "projects"
    key = ("code",)
    related = {
        "owner": Related(Entity, gettext_lazy("No entity has this code.")),
        "programme": Related(Programme, gettext_lazy("No programme has this code.")),
    }
    columns = [
        Column("code", gettext_lazy("Project code"), text, required=True, width=16),
        Column("name_ar", gettext_lazy("Arabic name"), text, width=36),
        Column("name_en", gettext_lazy("English name"), text, width=30),
        Column("owner", gettext_lazy("Owner entity code"), text, width=16),
        Column("programme", gettext_lazy("Programme code"), text, width=16),
        Column("plan_year", gettext_lazy("Plan year"), whole_number(2000, 2100), width=12),
        choice_column(Project, "status", gettext_lazy("Status"), width=18),
        Column("reported_percent", gettext_lazy("Reported execution %"), number, width=14, display=shown_percent),
        Column("forecast_start", gettext_lazy("Forecast start (YYYY-MM-DD)"), date, width=20),
        Column("forecast_go_live", gettext_lazy("Forecast go-live (YYYY-MM-DD)"), date, width=20),
        Column("actual_start", gettext_lazy("Actual start (YYYY-MM-DD)"), date, width=20),
        Column("actual_go_live", gettext_lazy("Actual go-live (YYYY-MM-DD)"), date, width=20),
        Column("description", gettext_lazy("Description"), text, width=40),
    ]

    extra_sheets = [(PHASES_SHEET, PhaseImporter.columns)]
    # The phases sheet is found by its title in either language.
    phase_sheet_names = frozenset(title.casefold() for title in in_every_language(PHASES_SHEET))

    def read(self, data) -> ImportResult:
        """The projects sheet, then the phases sheet (when the workbook has one), checked
        together: a phase may belong to a project the first sheet adds."""
        result = super().read(data)
        self._phases = None
        phase_lines = lines(data, self.progress, sheet_names=self.phase_sheet_names | {"phases"})
        header = next(phase_lines, None)
        if header is None or not any(value not in (None, "") for value in header):
            phase_lines.close()
            return result
        pending = {row["code"]: row["_record"] for row in result.rows if row.get("_record") and not row["_record"].pk}
        phases = PhasesOfImportedProjects(self.user, self.progress, pending=pending)
        found = phases.read_lines(_with_header(header, phase_lines))
        if found.problems == [Problem(2, "", str(_("The sheet has no rows to import.")))]:
            return result  # an empty phases sheet (the template's) adds nothing
        sheet = str(PHASES_SHEET)
        problems = result.problems + [
            Problem(p.row, f"{sheet}: {p.column}" if p.column else sheet, p.message) for p in found.problems
        ]
        self._phases = (phases, found.rows)
        return ImportResult(
            result.rows,
            sorted(problems, key=lambda p: (p.column.startswith(sheet), p.row, p.column)),
            preview=result.preview,
            row_count=len(result.rows) + len(found.rows),
        )

    def write(self, rows):
        written = super().write(rows)
        if getattr(self, "_phases", None):
            phases, phase_rows = self._phases
            written += phases.write(phase_rows)
        return written


def _with_header(header, rest):
    yield header
    yield from rest
