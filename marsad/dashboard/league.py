"""The entity league table: how each entity's own projects, reports, obstacles and
tasks stand, side by side (DESIGN.md §3 screen 4).

A row counts the entity's own records (an entity's directorates have rows of their
own), over what the reader may read, so that each figure links to a list showing the
same records: its projects (`?owner=`), its obstacles (`?entity=` on the board), its
tasks (assigned or coordinating, as the task list's entity filter). A fixed number of
queries however many entities.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, F, Min
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marsad.accounts import scope
from marsad.committee.models import Task
from marsad.dashboard.headline import IN_EXECUTION, ON_SCHEDULE, PARTS, Portfolio, portfolio_url
from marsad.lib import formatting
from marsad.obstacles.models import Obstacle
from marsad.portfolio.averages import weighted_average
from marsad.portfolio.models import Entity, Project
from marsad.reports.rates import ReportingRate

# The columns: key, heading, what it means (shown under the table and as a tooltip).
COLUMNS = [
    ("name", _("Entity"), _("Ministries, agencies and the other bodies that own or take part in projects.")),
    ("owned", _("Projects owned"), _("Projects the entity itself owns.")),
    ("taking_part", _("Taking part in"), _("Projects of other entities in which it takes part.")),
    (
        "on_schedule",
        _("On schedule"),
        _(
            "Of its projects in execution or piloting, the share whose computed schedule health is green or amber-green."
        ),
    ),
    (
        "execution",
        _("Average execution"),
        _("Over its projects not cancelled, weighted by allocated budget (a project without one weighs the average)."),
    ),
    ("stale", _("Reports overdue"), _("Projects whose report for the latest period due has not been accepted.")),
    (
        "timeliness",
        _("Reports on time"),
        _("Of the reports its projects owed over the last six periods, the share submitted on time."),
    ),
    ("obstacles", _("Open obstacles"), _("Obstacles open on its projects.")),
    ("oldest", _("Oldest obstacle (days)"), _("Days since the oldest of them was raised.")),
    ("tasks", _("Tasks overdue"), _("Committee tasks it is assigned or coordinates on, open past their due date.")),
]
SORTS = {key for key, *_rest in COLUMNS}


@dataclass
class Row:
    entity: Entity | None
    owned: int = 0
    taking_part: int = 0
    in_execution: int = 0
    on_schedule_count: int = 0
    stale: int = 0
    parts: dict = field(default_factory=dict)
    rate: ReportingRate = field(default_factory=ReportingRate)
    obstacles: int = 0
    oldest_raised: datetime.date | None = None
    tasks: int = 0
    today: datetime.date | None = None

    @property
    def name(self) -> str:
        return self.entity.name if self.entity else ""

    @property
    def on_schedule(self) -> float | None:
        return self.on_schedule_count / self.in_execution * 100 if self.in_execution else None

    @property
    def execution(self) -> float | None:
        return weighted_average(self.parts) if self.parts else None

    @property
    def timeliness(self) -> float | None:
        return self.rate.on_time_percent

    @property
    def oldest(self) -> int | None:
        return (self.today - self.oldest_raised).days if self.today and self.oldest_raised else None

    def links(self) -> dict:
        if self.entity is None:
            return {
                "owned": portfolio_url(),
                "on_schedule": portfolio_url(status=IN_EXECUTION, health=ON_SCHEDULE),
                "stale": portfolio_url(stale="true"),
                "obstacles": reverse("obstacles:board"),
                "tasks": reverse("committee:task_list") + "?" + urlencode({"overdue": "yes"}),
            }
        code = self.entity.code
        return {
            "owned": portfolio_url(owner=code),
            "taking_part": self.entity.get_absolute_url() + "#taking-part",
            "on_schedule": portfolio_url(owner=code, status=IN_EXECUTION, health=ON_SCHEDULE),
            "stale": portfolio_url(owner=code, stale="true"),
            "obstacles": reverse("obstacles:board") + "?" + urlencode({"entity": code}),
            "tasks": reverse("committee:task_list") + "?" + urlencode({"entity": code, "overdue": "yes"}),
        }


def league(user, today: datetime.date, sort: str = "name") -> dict:
    """Every readable entity with records, its row, sorted by `sort` (a column key,
    "-" first for descending; blanks last either way), and the row of all entities."""
    portfolio = Portfolio.of(user, today)
    projects = portfolio.projects
    rows: dict[int, Row] = defaultdict(lambda: Row(None, today=today))
    total = Row(None, today=today)
    for found in portfolio.rows:
        count = found["count"]
        in_execution = count if found["status"] in IN_EXECUTION else 0
        sums = {
            "owned": count,
            "in_execution": in_execution,
            "on_schedule_count": in_execution if found["health"] in ON_SCHEDULE else 0,
            "stale": count if found["stale"] else 0,
        }
        for row in (rows[found["owner_id"]], total):
            for name, value in sums.items():
                setattr(row, name, getattr(row, name) + value)
            row.parts = {name: row.parts.get(name, 0) + found[name] for name in PARTS}
    taking_part = (
        Project.participants.through.objects.filter(project__in=projects)
        .exclude(project__owner=F("entity"))
        .order_by()
        .values("entity")
        .annotate(n=Count("project", distinct=True))
    )
    for found in taking_part:
        rows[found["entity"]].taking_part = found["n"]
    for owner_id, rate in portfolio.reporting_rates(today).items():
        rows[owner_id].rate = rate
        total.rate.expected += rate.expected
        total.rate.received += rate.received
        total.rate.on_time += rate.on_time
    obstacles = scope.readable(user, Obstacle.objects.open())
    for found in obstacles.order_by().values("project__owner").annotate(n=Count("pk"), oldest=Min("raised_on")):
        row = rows[found["project__owner"]]
        row.obstacles, row.oldest_raised = found["n"], found["oldest"]
        total.obstacles += found["n"]
        total.oldest_raised = min(filter(None, [total.oldest_raised, found["oldest"]]))
    overdue = scope.readable(user, Task.objects.overdue(today))
    total.tasks = overdue.count()
    for entity_id, n in _tasks_per_entity(overdue):
        rows[entity_id].tasks = n
    entities = scope.readable(user, Entity.objects.filter(pk__in=list(rows)).select_related("parent"))
    listed = []
    for entity in entities:
        row = rows[entity.pk]
        row.entity = entity
        listed.append(row)
    descending = sort.startswith("-")
    key = sort.lstrip("-") if sort.lstrip("-") in SORTS else "name"
    listed.sort(key=lambda row: row.name)
    known = [row for row in listed if getattr(row, key) is not None]
    known.sort(key=lambda row: getattr(row, key), reverse=descending)
    listed = known + [row for row in listed if getattr(row, key) is None]
    return {"rows": listed, "total": total, "sort": key, "descending": descending}


def _tasks_per_entity(tasks):
    """(entity id, overdue tasks it is assigned or coordinates on), one query each way."""
    counts: dict[int, set] = defaultdict(set)
    for task_id, assigned, coordinating in tasks.order_by().values_list(
        "pk", "assigned_entity_id", "coordinating_entities"
    ):
        counts[assigned].add(task_id)
        if coordinating:
            counts[coordinating].add(task_id)
    return [(entity_id, len(ids)) for entity_id, ids in counts.items()]


def export_rows(found: dict):
    """The table as the page shows it (same rows, same order), for `lib.exports`."""
    yield [str(label) for _key, label, _help in COLUMNS]
    for row in [*found["rows"], found["total"]]:
        yield [
            row.name if row.entity else str(_("All entities")),
            row.owned,
            row.taking_part if row.entity else None,
            _rounded(row.on_schedule),
            _rounded(row.execution),
            row.stale,
            _rounded(row.timeliness),
            row.obstacles,
            row.oldest,
            row.tasks,
        ]


def _rounded(value):
    return formatting.rounded(value)
