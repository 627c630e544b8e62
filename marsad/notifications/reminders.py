"""Reminders before things are late, and when they are: what is owed, as of a day.

Each reminder is keyed by its event, its record and the date it is about (a report's
due date, a task's), so whichever day within its window the job runs — or however many
times — the same person gets it once, and a day the job missed is made up the next:
a report due in a week is announced on any day of that week, an overdue one on any
day after. A reminder is made for the people concerned: the focal points of the entity
that owns the record (and, for a missed go-live, the programme office).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q

from marsad.accounts.models import Role, User
from marsad.committee.choices import TaskStatus
from marsad.committee.models import Task
from marsad.notifications.models import Kind
from marsad.portfolio.choices import ProjectStatus
from marsad.portfolio.models import ProjectFigures


@dataclass(frozen=True)
class Reminder:
    kind: str
    key: str
    entity_id: int | None
    data: dict = field(hash=False)
    url: str = ""
    programme_office: bool = False


def _named(record) -> dict:
    return {"name_ar": record.name_ar, "name_en": record.name_en}


def report_reminders(today: datetime.date) -> list[Reminder]:
    """A project's report: due within the warning days, due today, overdue."""
    soon = datetime.timedelta(days=settings.MARSAD_REMINDER_DAYS)
    found = []
    rows = ProjectFigures.objects.filter(
        stale_from__isnull=False, stale_from__lte=today + soon + datetime.timedelta(days=1)
    )
    for figures in rows.select_related("project"):
        project = figures.project
        due = figures.stale_from - datetime.timedelta(days=1)
        if today < due:
            kind = Kind.REPORT_DUE_SOON
        elif today == due:
            kind = Kind.REPORT_DUE_TODAY
        else:
            kind = Kind.REPORT_OVERDUE
        found.append(
            Reminder(
                kind=kind,
                key=f"{kind}:{project.pk}:{due.isoformat()}",
                entity_id=project.owner_id,
                data={**_named(project), "date": due.isoformat()},
                url=project.get_absolute_url(),
            )
        )
    return found


def task_reminders(today: datetime.date) -> list[Reminder]:
    soon = datetime.timedelta(days=settings.MARSAD_REMINDER_DAYS)
    found = []
    open_tasks = Task.objects.exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]).filter(
        due_date__isnull=False, due_date__lte=today + soon
    )
    for task in open_tasks:
        kind = Kind.TASK_OVERDUE if task.due_date < today else Kind.TASK_DUE_SOON
        found.append(
            Reminder(
                kind=kind,
                key=f"{kind}:{task.pk}:{task.due_date.isoformat()}",
                entity_id=task.assigned_entity_id,
                data={"name_ar": task.title, "name_en": "", "date": task.due_date.isoformat()},
                url=task.get_absolute_url(),
            )
        )
    return found


def go_live_reminders(today: datetime.date) -> list[Reminder]:
    soon = datetime.timedelta(days=settings.MARSAD_GO_LIVE_REMINDER_DAYS)
    found = []
    rows = ProjectFigures.objects.filter(expected_go_live__isnull=False, expected_go_live__lte=today + soon).exclude(
        project__status__in=[ProjectStatus.IN_SERVICE, ProjectStatus.CANCELLED, ProjectStatus.ON_HOLD]
    )
    for figures in rows.select_related("project"):
        project, day = figures.project, figures.expected_go_live
        missed = day < today
        kind = Kind.GO_LIVE_MISSED if missed else Kind.GO_LIVE_NEAR
        found.append(
            Reminder(
                kind=kind,
                key=f"{kind}:{project.pk}:{day.isoformat()}",
                entity_id=project.owner_id,
                data={**_named(project), "date": day.isoformat()},
                url=project.get_absolute_url(),
                programme_office=missed,
            )
        )
    return found


def due(today: datetime.date) -> list[Reminder]:
    return [*report_reminders(today), *task_reminders(today), *go_live_reminders(today)]


def recipients(reminders: list[Reminder]) -> dict[Reminder, list[int]]:
    """Who hears of each reminder: the active focal points of its entity (two queries)."""
    entity_ids = {reminder.entity_id for reminder in reminders if reminder.entity_id}
    focal = defaultdict(list)
    links = User.entities.through.objects.filter(
        entity_id__in=entity_ids, user__role=Role.FOCAL_POINT, user__is_active=True
    ).values_list("entity_id", "user_id")
    for entity_id, user_id in links:
        focal[entity_id].append(user_id)
    office = (
        list(User.objects.filter(Q(role=Role.PMO), is_active=True).values_list("pk", flat=True))
        if any(reminder.programme_office for reminder in reminders)
        else []
    )
    return {
        reminder: sorted({*focal.get(reminder.entity_id, []), *(office if reminder.programme_office else [])})
        for reminder in reminders
    }
