"""Reminders before things are late, and when they are: what is owed, as of a day.

Each reminder is keyed by its kind, its record and the date it is about (a report's
due date, a task's), so whichever day within its window the job runs — or however many
times — the same person gets it once, and a day the job missed is made up the next:
a report due in a week is announced on any day of that week, an overdue one on any
day after. Reminders concern records their entities own, so the owners always may
read them; `notices.recipients` says who hears of each.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Max, Q

from marsad.committee.choices import TaskStatus
from marsad.committee.models import Task
from marsad.notifications.models import Kind
from marsad.notifications.notices import Notice, named
from marsad.obstacles.choices import OPEN_STATUSES, Level
from marsad.obstacles.models import Obstacle
from marsad.portfolio.choices import PhaseStatus, ProjectStatus
from marsad.portfolio.models import Phase, ProjectFigures
from marsad.rollouts.choices import RolloutStatus
from marsad.rollouts.models import Participant, Rollout

NOT_UNDER_WAY = [ProjectStatus.IN_SERVICE, ProjectStatus.CANCELLED, ProjectStatus.ON_HOLD]


def _days(setting: str) -> datetime.timedelta:
    return datetime.timedelta(days=getattr(settings, setting))


def report_reminders(today: datetime.date, entities=None) -> list[Notice]:
    """A project's report: due within the warning days, due today, overdue."""
    rows = ProjectFigures.objects.filter(
        stale_from__isnull=False, stale_from__lte=today + _days("MARSAD_REMINDER_DAYS") + datetime.timedelta(days=1)
    )
    if entities is not None:
        rows = rows.filter(project__owner__in=entities)
    found = []
    for figures in rows.select_related("project"):
        project, stale_from = figures.project, figures.stale_from
        if stale_from is None:  # (the query asks for a date)
            continue
        due = stale_from - datetime.timedelta(days=1)
        if today < due:
            kind = Kind.REPORT_DUE_SOON
        elif today == due:
            kind = Kind.REPORT_DUE_TODAY
        else:
            kind = Kind.REPORT_OVERDUE
        found.append(
            Notice(
                kind=kind,
                key=f"{kind}:{project.pk}:{due.isoformat()}",
                entities=frozenset({project.owner_id}),
                data=named(project, date=due.isoformat()),
                url=project.get_absolute_url(),
            )
        )
    return found


def task_reminders(today: datetime.date, entities=None) -> list[Notice]:
    open_tasks = Task.objects.exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]).filter(
        due_date__isnull=False, due_date__lte=today + _days("MARSAD_REMINDER_DAYS")
    )
    if entities is not None:
        open_tasks = open_tasks.filter(assigned_entity__in=entities)
    found = []
    for task in open_tasks:
        kind = Kind.TASK_OVERDUE if task.due_date < today else Kind.TASK_DUE_SOON
        found.append(
            Notice(
                kind=kind,
                key=f"{kind}:{task.pk}:{task.due_date.isoformat()}",
                entities=frozenset({task.assigned_entity_id}),
                data={"name_ar": task.title, "name_en": task.title, "date": task.due_date.isoformat()},
                url=task.get_absolute_url(),
            )
        )
    return found


def go_live_reminders(today: datetime.date, entities=None) -> list[Notice]:
    rows = ProjectFigures.objects.filter(
        expected_go_live__isnull=False, expected_go_live__lte=today + _days("MARSAD_GO_LIVE_REMINDER_DAYS")
    ).exclude(project__status__in=NOT_UNDER_WAY)
    if entities is not None:
        rows = rows.filter(project__owner__in=entities)
    found = []
    for figures in rows.select_related("project"):
        project, day = figures.project, figures.expected_go_live
        if day is None:  # (the query asks for a date)
            continue
        missed = day < today
        kind = Kind.GO_LIVE_MISSED if missed else Kind.GO_LIVE_NEAR
        found.append(
            Notice(
                kind=kind,
                key=f"{kind}:{project.pk}:{day.isoformat()}",
                entities=frozenset({project.owner_id}),
                data=named(project, date=day.isoformat()),
                url=project.get_absolute_url(),
                programme_office=missed,
            )
        )
    return found


def phase_reminders(today: datetime.date, entities=None) -> list[Notice]:
    """A phase not done whose end (as forecast, else as planned) is near or past."""
    horizon = today + _days("MARSAD_REMINDER_DAYS")
    phases = (
        Phase.objects.exclude(status=PhaseStatus.DONE)
        .exclude(project__status__in=NOT_UNDER_WAY)
        .filter(actual_end__isnull=True)
        .select_related("project")
    )
    if entities is not None:
        phases = phases.filter(project__owner__in=entities)
    phases = phases.filter(Q(forecast_end__lte=horizon) | Q(forecast_end__isnull=True, baseline_end__lte=horizon))
    found = []
    for phase in phases:
        day = phase.forecast_end or phase.baseline_end
        kind = Kind.PHASE_END_MISSED if day < today else Kind.PHASE_END_NEAR
        project = phase.project
        found.append(
            Notice(
                kind=kind,
                key=f"{kind}:{phase.pk}:{day.isoformat()}",
                entities=frozenset({project.owner_id}),
                data=named(
                    project, phase_ar=phase.name_ar, phase_en=phase.name_en or phase.name_ar, date=day.isoformat()
                ),
                url=project.get_absolute_url(),
            )
        )
    return found


def rollout_reminders(today: datetime.date, entities=None) -> list[Notice]:
    """A rollout under way past its deadline: its leader and every institution not yet
    at its last stage hear of it."""
    rollouts = Rollout.objects.filter(status=RolloutStatus.ACTIVE, target_date__lt=today).annotate(
        last_stage=Max("stages__order")
    )
    rollouts = {rollout.pk: rollout for rollout in rollouts}
    behind: dict[Any, Any] = {}
    for rollout_id, entity_id, order in Participant.objects.filter(rollout__in=list(rollouts)).values_list(
        "rollout_id", "entity_id", "stage__order"
    ):
        if order != rollouts[rollout_id].last_stage:
            behind.setdefault(rollout_id, set()).add(entity_id)
    found = []
    for rollout_id, late in behind.items():
        rollout = rollouts[rollout_id]
        concerned = frozenset({rollout.lead_entity_id, *late})
        if entities is not None and not concerned & set(entities):
            continue
        found.append(
            Notice(
                kind=Kind.ROLLOUT_OVERDUE,
                key=f"{Kind.ROLLOUT_OVERDUE}:{rollout.pk}:{rollout.target_date.isoformat()}",
                entities=concerned,
                data=named(rollout, date=rollout.target_date.isoformat(), count=len(late)),
                url=rollout.get_absolute_url(),
                programme_office=True,
            )
        )
    return found


def committee_reminders(today: datetime.date, entities=None) -> list[Notice]:
    """Each obstacle open before the committee: its members (and the programme office)
    hear of it once per escalation, and the weekly digest lists it while it waits."""
    obstacles = Obstacle.objects.filter(status__in=OPEN_STATUSES, level=Level.COMMITTEE).select_related("project")
    if entities is not None:
        obstacles = obstacles.filter(Q(project__owner__in=entities) | Q(responsible_entity__in=entities))
    found = []
    for obstacle in obstacles.order_by("level_since", "pk"):
        since = obstacle.level_since or obstacle.raised_on
        found.append(
            Notice(
                kind=Kind.OBSTACLE_AWAITING,
                key=f"{Kind.OBSTACLE_AWAITING}:{obstacle.pk}:{since.isoformat()}",
                data={
                    "name_ar": obstacle.title,
                    "name_en": obstacle.title,
                    "project_ar": obstacle.project.name_ar,
                    "project_en": obstacle.project.name_en or obstacle.project.name_ar,
                    "date": since.isoformat(),
                },
                url=obstacle.get_absolute_url(),
                programme_office=True,
                committee=True,
            )
        )
    return found


def due(today: datetime.date, entities=None) -> list[Notice]:
    """Every reminder owed as of `today` (for `entities` only, when given)."""
    return [
        *report_reminders(today, entities),
        *task_reminders(today, entities),
        *go_live_reminders(today, entities),
        *phase_reminders(today, entities),
        *rollout_reminders(today, entities),
        *committee_reminders(today, entities),
    ]
