"""The portfolio as it stood on a past date, and what changed between two dates,
read from the change history (django-simple-history) of projects and phases.

A project's state on a day is its last history record up to the end of that day; its
execution % then is computed from its phases as they stood then, by the same rule as
today's (`ProjectQuerySet.with_progress`): phases weighted by weight, equal weights
when all weights are zero, the reported % when it has no phases. The health compared
is the programme office's rating (else the owner's): the computed schedule health
depends on the day it is computed and is shown live on the portfolio.

Each read is a fixed number of queries however many projects and changes there are.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation

from marsad.lib.labels import Label
from marsad.obstacles.models import Obstacle
from marsad.portfolio.choices import Health, PhaseStatus, ProjectStatus
from marsad.portfolio.models import Entity, Phase, Project


def end_of(day: datetime.date) -> datetime.datetime:
    """The first moment after `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


@dataclass
class PhaseState:
    name_ar: str
    name_en: str
    status: str
    weight: Decimal
    percent: Decimal

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name_ar


@dataclass
class ProjectState:
    pk: int
    code: str
    name_ar: str
    name_en: str
    owner_id: int
    status: str
    health: str
    forecast_go_live: datetime.date | None
    actual_go_live: datetime.date | None
    reported_percent: Decimal | None
    phases: dict[int, PhaseState] = field(default_factory=dict)
    owner_name: str = ""
    # What the computed figures of that day are worked out from (`snapshots.ensure`).
    baseline_go_live: datetime.date | None = None
    original_baseline_go_live: datetime.date | None = None
    report_cadence_months: int = 1
    owes_since: datetime.date | None = None

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" and self.name_en else self.name_ar

    @property
    def status_label(self) -> Label:
        return ProjectStatus(self.status).label if self.status in ProjectStatus.values else self.status

    @property
    def health_label(self) -> Label:
        return Health(self.health).label if self.health else ""

    @property
    def go_live(self) -> datetime.date | None:
        return self.actual_go_live or self.forecast_go_live

    @property
    def execution_percent(self) -> float | None:
        phases = list(self.phases.values())
        if not phases:
            return None if self.reported_percent is None else float(self.reported_percent)
        total = sum(p.weight for p in phases)
        if total > 0:
            return float(sum(p.weight * p.percent for p in phases) / total)
        return float(sum(p.percent for p in phases) / len(phases))


def latest_records(records, *fields) -> dict:
    """The newest history record of each object (as a dict of `fields`), dropping the
    objects whose newest record is their deletion. The database picks the newest
    (a window over each object's records), so only one row per object comes back."""
    newest = Window(RowNumber(), partition_by=[F("id")], order_by=[F("history_date").desc(), F("history_id").desc()])
    rows = records.annotate(newest=newest).filter(newest=1).values("id", "history_type", *fields)
    return {row["id"]: row for row in rows if row["history_type"] != "-"}


def portfolio_as_of(day: datetime.date, projects=None) -> list[ProjectState]:
    """Each project of `projects` (default: all) as it stood at the end of `day`;
    projects that did not exist yet are left out. Ordered by code."""
    moment = end_of(day)
    ids = None if projects is None else set(projects.values_list("pk", flat=True))
    project_rows = Project.history.filter(history_date__lt=moment)
    phase_rows = Phase.history.filter(history_date__lt=moment)
    if ids is not None:
        project_rows, phase_rows = project_rows.filter(id__in=ids), phase_rows.filter(project_id__in=ids)
    project_fields: tuple[str, ...] = ("code", "name_ar", "name_en", "owner_id", "status", "pmo_health", "owner_health")
    project_fields += ("forecast_go_live", "actual_go_live", "reported_percent")
    project_fields += ("baseline_go_live", "original_baseline_go_live", "report_cadence_months")
    project_fields += ("actual_start", "baseline_start", "created_at")
    states = {
        pk: ProjectState(
            pk=pk,
            code=r["code"],
            name_ar=r["name_ar"],
            name_en=r["name_en"],
            owner_id=r["owner_id"],
            status=r["status"],
            health=r["pmo_health"] or r["owner_health"],
            forecast_go_live=r["forecast_go_live"],
            actual_go_live=r["actual_go_live"],
            reported_percent=r["reported_percent"],
            baseline_go_live=r["baseline_go_live"],
            original_baseline_go_live=r["original_baseline_go_live"],
            report_cadence_months=r["report_cadence_months"],
            # When its reports are owed from (`reports.figures.reporting_annotations`).
            owes_since=r["actual_start"] or r["baseline_start"] or timezone.localtime(r["created_at"]).date(),
        )
        for pk, r in latest_records(project_rows, *project_fields).items()
    }
    phase_fields = ("project_id", "name_ar", "name_en", "status", "weight", "percent_complete")
    for pk, r in latest_records(phase_rows, *phase_fields).items():
        if r["project_id"] in states:
            states[r["project_id"]].phases[pk] = PhaseState(
                r["name_ar"], r["name_en"], r["status"], r["weight"], r["percent_complete"]
            )
    names = {e.pk: e.name for e in Entity.objects.filter(pk__in={s.owner_id for s in states.values()})}
    for state in states.values():
        state.owner_name = names.get(state.owner_id, "")
    return sorted(states.values(), key=lambda s: s.code)


@dataclass
class ProjectChanges:
    then: ProjectState | None  # None: the project is new since
    now: ProjectState
    phases_finished: list[str] = field(default_factory=list)
    obstacles_raised: list[Obstacle] = field(default_factory=list)
    obstacles_resolved: list[Obstacle] = field(default_factory=list)

    @property
    def percent_then(self):
        return self.then.execution_percent if self.then else None

    @property
    def percent_now(self):
        return self.now.execution_percent

    @property
    def percent_moved(self) -> bool:
        # By at least what one decimal shows (the same rule as the meeting's summary).
        return abs((self.percent_now or 0) - (self.percent_then or 0)) >= 0.05

    @property
    def status_changed(self) -> bool:
        return self.then is not None and self.then.status != self.now.status

    @property
    def health_changed(self) -> bool:
        return self.then is not None and self.then.health != self.now.health

    @property
    def go_live_moved(self) -> bool:
        return self.then is not None and self.then.go_live != self.now.go_live

    @property
    def go_live_shift_days(self) -> int | None:
        then = self.then.go_live if self.then is not None else None
        if not self.go_live_moved or then is None or self.now.go_live is None:
            return None
        return (self.now.go_live - then).days

    @property
    def anything(self) -> bool:
        return bool(
            self.then is None
            or self.percent_moved
            or self.status_changed
            or self.health_changed
            or self.go_live_moved
            or self.phases_finished
            or self.obstacles_raised
            or self.obstacles_resolved
        )


def changes_between(since: datetime.date, until: datetime.date, projects=None) -> list[ProjectChanges]:
    """What changed in each project of `projects` from the end of `since` to the end
    of `until`; projects where nothing changed are left out."""
    before = {s.pk: s for s in portfolio_as_of(since, projects)}
    after = portfolio_as_of(until, projects)
    obstacles = Obstacle.objects.filter(project__in=[s.pk for s in after]).order_by("raised_on", "pk")
    raised: dict[int, list[Obstacle]] = {}
    resolved: dict[int, list[Obstacle]] = {}
    for obstacle in obstacles.filter(raised_on__gt=since, raised_on__lte=until):
        raised.setdefault(obstacle.project_id, []).append(obstacle)
    for obstacle in obstacles.filter(resolved_on__gt=since, resolved_on__lte=until):
        resolved.setdefault(obstacle.project_id, []).append(obstacle)
    found = []
    for now in after:
        then = before.get(now.pk)
        finished = [
            phase.name
            for pk, phase in now.phases.items()
            if phase.status == PhaseStatus.DONE
            and (then is None or pk not in then.phases or then.phases[pk].status != PhaseStatus.DONE)
        ]
        change = ProjectChanges(then, now, finished, raised.get(now.pk, []), resolved.get(now.pk, []))
        if change.anything:
            found.append(change)
    return found
