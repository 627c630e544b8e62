"""Projects and phases from a spreadsheet (the programme office's portfolio lists, a
ministry's phase plan), through the same write path as the pages and the API.

They live here rather than in `portfolio`: the core imports no later app, and the
import machinery comes after it."""

from django.utils.translation import gettext_lazy

from marsad.imports.records import RecordImporter, Related, choice_column
from marsad.imports.spreadsheet import Column, date, number, shown_percent, text, whole_number
from marsad.portfolio.models import Entity, Phase, Programme, Project

NO_PROJECT = gettext_lazy("No project has this code.")


class ProjectImporter(RecordImporter):
    kind = "projects"
    model = Project
    title = gettext_lazy("Import projects from Excel")
    help = gettext_lazy(
        "One row per project, named by its code: a new code adds a project (programme office), a known code "
        "updates it. Blank cells leave what is stored. You first see what the import would do; nothing is "
        "written until you confirm, and then every row is written or none."
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
