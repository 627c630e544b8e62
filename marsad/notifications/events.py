"""Events: what people did that others should hear of, read from the audit log.

Every write in Marsad goes through the one write path, which records it in the audit
log with its before and after; so the log already says when a report was returned, a
task assigned, an obstacle escalated. Reading events from it keeps the domain's
services free of any knowledge of notifications (core apps import no later app), and
makes the reading exactly-once: the notifier keeps its place in the log (`EventCursor`)
and moves it in the transaction that makes the notifications.

`interpret(rows)` turns audit rows into notices; it is also what the weekly digest
uses to say what changed in a week.
"""

from django.utils import timezone, translation

from marsad.accounts.scope import entities_reading
from marsad.audit.models import AuditAction, AuditEvent
from marsad.committee.models import Decision, Task
from marsad.documents.models import Document
from marsad.notifications.models import Kind
from marsad.notifications.notices import Notice, named
from marsad.obstacles.choices import Level, ObstacleStatus
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import RebaselineRequest
from marsad.reports.models import ProgressReport, ReportStatus

MODELS = {
    "reports.progressreport": ProgressReport,
    "committee.task": Task,
    "committee.decision": Decision,
    "obstacles.obstacle": Obstacle,
    "portfolio.rebaselinerequest": RebaselineRequest,
    "documents.document": Document,
}
RELATED = {
    ProgressReport: ["project"],
    Task: [],
    Decision: ["meeting__committee"],
    Obstacle: ["project"],
    RebaselineRequest: ["project"],
    Document: ["meeting"],
}


def audit_rows():
    """The audit rows that can make an event, oldest first."""
    return AuditEvent.objects.filter(
        object_type__in=list(MODELS), action__in=[AuditAction.CREATED, AuditAction.CHANGED, AuditAction.ISSUED]
    ).order_by("pk")


def in_both(make) -> dict:
    """A text made in Arabic and in English (a decision's reference is worded per language)."""
    texts = {}
    for language in ("ar", "en"):
        with translation.override(language):
            texts[f"name_{language}"] = str(make())
    return texts


def _report(row, report):
    status = (row.after or {}).get("status")
    if row.action != AuditAction.CHANGED or status not in (ReportStatus.RETURNED, ReportStatus.ACCEPTED):
        return None
    kind = Kind.REPORT_RETURNED if status == ReportStatus.RETURNED else Kind.REPORT_ACCEPTED
    project = report.project
    return dict(
        kind=kind,
        entities={project.owner_id},
        data=named(project, reason=report.return_reason if kind == Kind.REPORT_RETURNED else ""),
        url=report.get_absolute_url(),
    )


def _task(row, task):
    after = row.after or {}
    data = {"name_ar": task.title, "name_en": task.title}
    coordinating = set(task.coordinating_entities.values_list("pk", flat=True))
    if row.action == AuditAction.CREATED or "assigned_entity_id" in after:
        return dict(kind=Kind.TASK_ASSIGNED, entities={task.assigned_entity_id, *coordinating}, data=data)
    if set(after) & {"status", "due_date", "done_on", "title", "description"}:
        status = after.get("status")
        data["status"] = status or ""
        return dict(kind=Kind.TASK_UPDATED, entities={task.assigned_entity_id, *coordinating}, data=data)
    return None


def _obstacle(row, obstacle):
    after, before = row.after or {}, row.before or {}
    project = obstacle.project
    concerned = {project.owner_id, obstacle.responsible_entity_id}
    data = {"name_ar": obstacle.title, "name_en": obstacle.title, **_project_names(project)}
    if row.action == AuditAction.CREATED:
        level = after.get("level") or 0
        return dict(
            kind=Kind.OBSTACLE_RAISED,
            entities=concerned,
            data=data,
            actor=obstacle.raised_by_id,
            programme_office=level >= Level.PROGRAMME_OFFICE,
            committee=level >= Level.COMMITTEE,
        )
    if "level" in after and (after["level"] or 0) > (before.get("level") or 0):
        level = after["level"]
        return dict(
            kind=Kind.OBSTACLE_ESCALATED,
            entities=concerned,
            data={**data, "level": level},
            programme_office=level >= Level.PROGRAMME_OFFICE,
            committee=level >= Level.COMMITTEE,
            actor=obstacle.escalations.order_by("-at", "-pk").values_list("by_id", flat=True).first(),
        )
    if after.get("status") == ObstacleStatus.RESOLVED:
        return dict(
            kind=Kind.OBSTACLE_RESOLVED,
            entities=concerned,
            data=data,
            programme_office=obstacle.level >= Level.PROGRAMME_OFFICE,
        )
    return None


def _project_names(project) -> dict:
    return {"project_ar": project.name_ar, "project_en": project.name_en or project.name_ar}


def _decision(row, decision):
    if row.action != AuditAction.CREATED:
        return None
    concerned = {
        decision.lead_entity_id,
        decision.new_project_owner_id,
        *decision.other_entities.values_list("pk", flat=True),
        *decision.projects.values_list("owner_id", flat=True),
    }
    wording = decision.text if len(decision.text) <= 200 else decision.text[:199] + "…"
    return dict(kind=Kind.DECISION, entities=concerned, data={**in_both(lambda: decision.reference), "text": wording})


def _rebaseline(row, request):
    project = request.project
    after = row.after or {}
    if row.action == AuditAction.CREATED:
        return dict(
            kind=Kind.REBASELINE_REQUESTED,
            entities=set(),
            data=named(project),
            programme_office=True,
            actor=request.requested_by_id,
        )
    status = after.get("status")
    if status in (RebaselineRequest.Status.APPROVED, RebaselineRequest.Status.DECLINED):
        return dict(kind=Kind.REBASELINE_DECIDED, entities={project.owner_id}, data=named(project, status=status))
    return None


def _document(row, document):
    """A meeting pack issued: the committee's members and the programme office hear of it."""
    if row.action != AuditAction.ISSUED or document.meeting is None:
        return None
    return dict(
        kind=Kind.PACK_ISSUED,
        entities=set(),
        data={"name_ar": document.title, "name_en": document.title, "date": document.meeting.date.isoformat()},
        url=document.meeting.get_absolute_url(),
        programme_office=True,
        committee=True,
    )


READERS = {
    ProgressReport: _report,
    Task: _task,
    Decision: _decision,
    Obstacle: _obstacle,
    RebaselineRequest: _rebaseline,
    Document: _document,
}


def interpret(rows) -> list[Notice]:
    """The notices the audit rows make (a record deleted since makes none)."""
    rows = list(rows)
    records = {}
    for label, model in MODELS.items():
        ids = {int(row.object_id) for row in rows if row.object_type == label and row.object_id.isdigit()}
        if ids:
            found = model._default_manager.filter(pk__in=ids).select_related(*RELATED[model])
            records.update({(label, record.pk): record for record in found})
    notices = []
    for row in rows:
        record = records.get((row.object_type, int(row.object_id))) if row.object_id.isdigit() else None
        if record is None:
            continue
        made = READERS[type(record)](row, record)
        if made is None:
            continue
        readers = entities_reading(record)
        notices.append(
            Notice(
                kind=made["kind"],
                key=f"{made['kind']}:{row.pk}",
                entities=frozenset(made["entities"] - {None}),
                data={**made["data"], "on": timezone.localdate(row.occurred_at).isoformat()},
                url=made.get("url") or _url(record),
                programme_office=made.get("programme_office", False),
                committee=made.get("committee", False),
                readers=frozenset(readers) if readers is not None else None,
                # Who did it: as the log has it (a request's user), else as the record does.
                actor_id=row.actor_id or made.get("actor"),
            )
        )
    return notices


def _url(record) -> str:
    if isinstance(record, RebaselineRequest):
        return record.project.get_absolute_url()
    return record.get_absolute_url()
