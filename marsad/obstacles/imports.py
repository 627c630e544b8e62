"""Obstacles and requirements from a spreadsheet, through the same write path as the
pages and the API: each row adds one."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from marsad.imports.records import RecordImporter, Related, choice_column
from marsad.imports.spreadsheet import Column, date, text, whole_number, yes_no_blank
from marsad.obstacles.choices import Level
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Entity, Project

NO_PROJECT = gettext_lazy("No project has this code.")
NO_ENTITY = gettext_lazy("No entity has this code.")


class ObstacleImporter(RecordImporter):
    kind = "obstacles"
    model = Obstacle
    title = gettext_lazy("Import obstacles from Excel")
    help = gettext_lazy(
        "One row per obstacle to raise on a project, at the project level. Nothing is written until you "
        "confirm, and then every row is written or none."
    )
    sheet_title = "obstacles"
    related = {"project": Related(Project, NO_PROJECT), "responsible_entity": Related(Entity, NO_ENTITY)}
    columns = [
        Column("project", gettext_lazy("Project code"), text, required=True, width=16),
        Column("title", gettext_lazy("Obstacle"), text, required=True, width=40),
        choice_column(Obstacle, "category", gettext_lazy("Category"), required=True, width=18),
        choice_column(Obstacle, "severity", gettext_lazy("Severity"), width=14),
        Column("responsible_entity", gettext_lazy("Responsible entity code"), text, width=18),
        Column("description", gettext_lazy("Description"), text, width=40),
    ]

    def new_record(self, values):
        today = timezone.localdate()
        return Obstacle(raised_by=self.user, level=Level.PROJECT, level_since=today, raised_on=today)


class RequirementImporter(RecordImporter):
    kind = "requirements"
    model = Requirement
    title = gettext_lazy("Import requirements from Excel")
    help = gettext_lazy(
        "One row per requirement a project needs secured (infrastructure, equipment, staff, training…). "
        "Nothing is written until you confirm, and then every row is written or none."
    )
    sheet_title = "requirements"
    related = {"project": Related(Project, NO_PROJECT), "responsible_entity": Related(Entity, NO_ENTITY)}
    columns = [
        Column("project", gettext_lazy("Project code"), text, required=True, width=16),
        choice_column(Requirement, "kind", gettext_lazy("Kind"), required=True, width=18),
        Column("description", gettext_lazy("Requirement"), text, required=True, width=40),
        Column("quantity", gettext_lazy("Quantity"), whole_number(-(10**9), 10**9), width=10),
        Column("responsible_entity", gettext_lazy("Responsible entity code"), text, width=18),
        Column("due_date", gettext_lazy("Due date (YYYY-MM-DD)"), date, width=20),
        choice_column(Requirement, "status", gettext_lazy("Status"), width=16),
        Column("is_gate", gettext_lazy("Go-live gate (yes/no)"), yes_no_blank, width=14),
    ]
