"""Recording, applying and annulling the committee's decisions.

Applying a decision is one transaction that changes what it decides about — the
project included for its plan year, the funding recorded, the strategy adopted, the
committee formed, the task assigned, the obstacle resolved — and writes down each
change (`Decision.effects`: record, field, before, after; or a record it created).
Applying an applied decision changes nothing. Annulling undoes exactly those effects,
each only if nobody has changed the field since (otherwise it is left and reported),
and the annulment is kept: who, when, why.

Only the programme office records, applies and annuls decisions and keeps the
meeting's documents (`scope.can_create` for meetings: they have no owning entity).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.committee import extensions
from marsad.committee.choices import CommitteeKind, DecisionKind, DecisionStatus, TaskStatus
from marsad.committee.models import Committee, Decision, Meeting, MeetingAttachment, Task
from marsad.lib import deferred
from marsad.lib.attachments import store
from marsad.lib.records import record_save
from marsad.lib.versioning import claim_version
from marsad.obstacles.choices import OPEN_STATUSES, ObstacleStatus
from marsad.portfolio.baselines import GOVERNED, rebaseline
from marsad.portfolio.choices import PhaseStatus, ProjectStatus, StrategyStatus
from marsad.portfolio.models import Project, Rebaseline


def may_record(user) -> bool:
    """Meetings, agendas and decisions are the programme office's to record."""
    return scope.can_create(user, Meeting)


def _require(user):
    if not may_record(user):
        raise PermissionDenied(_("Only the programme office records meetings and decisions."))


# --- recording -------------------------------------------------------------------


def attach(*, meeting: Meeting, user, file, kind) -> MeetingAttachment:
    """Keep a presentation or the signed minutes with the meeting (checked by content)."""

    _require(user)
    return store(MeetingAttachment(meeting=meeting, kind=kind, uploaded_by=user), file)


# What each kind needs besides its wording, as (field, message).
def _missing(decision: Decision, projects: list, others: list) -> dict[str, str]:
    kind = decision.kind
    missing = {}
    if kind == DecisionKind.INCLUDE_PROJECT:
        if not projects and not decision.new_project_name_ar:
            missing["projects"] = _("Choose the projects to include, or name the new project.")
        if decision.new_project_name_ar and not (decision.new_project_code and decision.new_project_owner_id):
            missing["new_project_code"] = _("A new project needs a code and an owner entity.")
        if decision.new_project_code and Project.objects.filter(code=decision.new_project_code).exists():
            missing["new_project_code"] = _("A project with this code already exists; choose it from the list.")
        if decision.amount is not None and len(projects) + bool(decision.new_project_name_ar) != 1:
            missing["amount"] = _("Funding is allocated to one project at a time.")
    elif kind == DecisionKind.ALLOCATE_FUNDING:
        if len(projects) != 1:
            missing["projects"] = _("Choose the one project the funding is for.")
        if decision.amount is None or decision.amount <= 0:
            missing["amount"] = _("Give the amount allocated.")
    elif kind == DecisionKind.APPROVE_REBASELINE:
        if len(projects) != 1:
            missing["projects"] = _("Choose the one project whose baseline moves.")
        if not (decision.new_baseline_start or decision.new_baseline_go_live or decision.amount is not None):
            missing["new_baseline_go_live"] = _("Give the new baseline dates or budget.")
    elif kind == DecisionKind.ADOPT_STRATEGY and not decision.strategy_id:
        missing["strategy"] = _("Choose the strategy adopted.")
    elif kind == DecisionKind.APPROVE_PHASE and not decision.phase_id:
        missing["phase"] = _("Choose the phase approved.")
    elif kind == DecisionKind.REMOVE_OBSTACLE and not decision.obstacle_id:
        missing["obstacle"] = _("Choose the obstacle removed.")
    elif kind in (DecisionKind.FORM_COMMITTEE, DecisionKind.ASSIGN_TASK):
        if not decision.title.strip():
            missing["title"] = _("Name the task or the committee.")
        if not decision.lead_entity_id:
            missing["lead_entity"] = _("Choose the entity assigned, or the one chairing.")
    else:
        effect = extensions.decision_effect(kind)
        if effect is not None:
            missing |= effect.missing(decision, projects, others)
    if decision.amount is not None and decision.amount < 0:
        missing["amount"] = _("The amount cannot be negative.")
    return missing


def record(*, meeting: Meeting, user, projects=(), other_entities=(), **fields) -> Decision:
    """Record a decision of a held meeting (numbered next unless `number` is given)."""
    _require(user)
    if not meeting.is_held:
        raise ValidationError({"meeting": _("Decisions are recorded once the meeting has been held.")})
    if not str(fields.get("text", "")).strip():
        raise ValidationError({"text": _("Give the decision's wording.")})
    fields.setdefault(
        "number", (meeting.decisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    )
    decision = Decision(meeting=meeting, **fields)
    missing = _missing(decision, list(projects), list(other_entities))
    if missing:
        raise ValidationError(missing)
    if meeting.decisions.filter(number=decision.number).exists():
        raise ValidationError({"number": _("This meeting already has a decision with this number.")})
    with deferred.writing():
        decision.save()
        decision.projects.set(projects)
        decision.other_entities.set(other_entities)
    return decision


# --- applying --------------------------------------------------------------------


@dataclass
class Effects:
    """The changes applying a decision made, in order, as stored in `Decision.effects`."""

    items: list = field(default_factory=list)

    def set(self, obj, **values):
        """Set fields of `obj` (locked, version claimed) and note each real change."""
        changed = {}
        for name, value in values.items():
            before = dump(getattr(obj, name))
            if getattr(obj, name) == value:
                continue
            setattr(obj, name, value)
            changed[name] = (before, dump(value))
        if not changed:
            return
        if hasattr(obj, "version"):
            claim_version(obj, obj.version)
        obj.save()
        for name, (before, after) in changed.items():
            self.items.append(
                {"model": obj._meta.label_lower, "pk": obj.pk, "field": name, "before": before, "after": after}
            )

    def created(self, obj):
        self.items.append({"model": obj._meta.label_lower, "pk": obj.pk, "created": True})


def dump(value):
    """A field's value as JSON keeps it (dates and amounts as text)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value) if isinstance(value, Decimal) else value.isoformat()


def load(model_field, value):
    return None if value is None else model_field.to_python(value)


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def apply(*, decision: Decision, user) -> Decision:
    """Make the decision take effect. Applying an applied decision changes nothing."""
    _require(user)
    with deferred.writing():
        decision = _locked(Decision, decision.pk)
        if decision.status == DecisionStatus.APPLIED:
            return decision
        if decision.status == DecisionStatus.ANNULLED:
            raise ValidationError({"status": _("An annulled decision cannot be applied.")})
        meeting = decision.meeting
        if not meeting.is_held:
            raise ValidationError({"meeting": _("Decisions are applied once the meeting has been held.")})
        projects = list(decision.projects.order_by("pk"))
        missing = _missing(decision, projects, list(decision.other_entities.all()))
        if missing:
            raise ValidationError(missing)
        effects = Effects()
        registered = extensions.decision_effect(decision.kind)
        step = _APPLY.get(decision.kind) or (registered.apply if registered else None)
        if step is None:
            raise ValidationError({"kind": _("This kind of decision cannot be applied here.")})
        step(decision, effects, [_locked(Project, p.pk) for p in projects], user)
        decision.effects = effects.items
        decision.status = DecisionStatus.APPLIED
        decision.applied_at, decision.applied_by = timezone.now(), user
        claim_version(decision, decision.version)
        decision.save()
    return decision


def _include(decision, effects, projects, user):
    if decision.new_project_name_ar:
        project = Project.objects.create(
            code=decision.new_project_code,
            name_ar=decision.new_project_name_ar,
            name_en=decision.new_project_name_en,
            owner=decision.new_project_owner,
            programme=decision.new_project_programme,
            status=ProjectStatus.APPROVED,
            plan_year=decision.plan_year,
            funding_allocated=decision.amount,
        )
        effects.created(project)
        decision.projects.add(project)
    for project in projects:
        values = {"plan_year": decision.plan_year or project.plan_year}
        if project.status == ProjectStatus.PROPOSED:
            values["status"] = ProjectStatus.APPROVED
        if decision.amount is not None:
            values["funding_allocated"] = (project.funding_allocated or Decimal(0)) + decision.amount
        effects.set(project, **values)


def _allocate(decision, effects, projects, user):
    project = projects[0]
    effects.set(project, funding_allocated=(project.funding_allocated or Decimal(0)) + decision.amount)


def _rebaseline(decision, effects, projects, user):

    project = projects[0]
    new = {}
    if decision.new_baseline_start:
        new["baseline_start"] = decision.new_baseline_start
    if decision.new_baseline_go_live:
        new["baseline_go_live"] = decision.new_baseline_go_live
    if decision.amount is not None:
        new["funding_allocated"] = decision.amount
    before = {name: dump(getattr(project, name)) for name in new}
    record = rebaseline(project=project, user=user, version=project.version, reason=str(decision.reference), **new)
    effects.created(record)
    # The owner's pending requests are answered by this decision (annulling it reopens them).
    for asked in project.rebaseline_requests.select_for_update().filter(status="pending"):
        effects.set(asked, status="approved")
    project.refresh_from_db()
    for name in new:
        after = dump(getattr(project, name))
        if after != before[name]:
            effects.items.append(
                {"model": "portfolio.project", "pk": project.pk, "field": name, "before": before[name], "after": after}
            )


def _adopt(decision, effects, projects, user):
    strategy = _locked(type(decision.strategy), decision.strategy_id)
    effects.set(strategy, status=StrategyStatus.ADOPTED, adopted_on=strategy.adopted_on or decision.meeting.date)


def _approve_phase(decision, effects, projects, user):
    phase = _locked(type(decision.phase), decision.phase_id)
    if phase.status == PhaseStatus.NOT_STARTED:
        effects.set(phase, status=PhaseStatus.IN_PROGRESS, actual_start=phase.actual_start or decision.meeting.date)


def _form_committee(decision, effects, projects, user):
    meeting = decision.meeting
    code = f"{meeting.committee.code}-{meeting.number}-{decision.number}"[:40]
    committee = Committee.objects.create(
        code=code,
        name_ar=decision.title[:255],
        kind=CommitteeKind.TECHNICAL,
        parent=meeting.committee,
        mandate=decision.text,
        chair_entity=decision.lead_entity,
        formed_on=meeting.date,
        formed_by=decision,
    )
    committee.members.set([decision.lead_entity, *decision.other_entities.all()])
    effects.created(committee)


def _assign_task(decision, effects, projects, user):
    task = Task.objects.create(
        decision=decision,
        title=decision.title,
        description=decision.text,
        assigned_entity=decision.lead_entity,
        due_date=decision.due_date,
    )
    task.coordinating_entities.set(decision.other_entities.all())
    effects.created(task)


def _remove_obstacle(decision, effects, projects, user):
    obstacle = _locked(type(decision.obstacle), decision.obstacle_id)
    if obstacle.status in OPEN_STATUSES:
        effects.set(
            obstacle,
            status=ObstacleStatus.RESOLVED,
            resolution=decision.text,
            resolved_on=decision.meeting.date,
            decision_reference=str(decision.reference)[:100],
        )


_APPLY: dict[str, Any] = {
    DecisionKind.INCLUDE_PROJECT: _include,
    DecisionKind.ALLOCATE_FUNDING: _allocate,
    DecisionKind.APPROVE_REBASELINE: _rebaseline,
    DecisionKind.ADOPT_STRATEGY: _adopt,
    DecisionKind.APPROVE_PHASE: _approve_phase,
    DecisionKind.FORM_COMMITTEE: _form_committee,
    DecisionKind.ASSIGN_TASK: _assign_task,
    DecisionKind.REMOVE_OBSTACLE: _remove_obstacle,
    DecisionKind.OTHER: lambda *args: None,
}


# --- annulling -------------------------------------------------------------------

# What "undoing" a record the decision created means: it is kept (history, links)
# but stops counting.
_WITHDRAW: dict[str, dict[str, Any]] = {
    "portfolio.project": {"status": ProjectStatus.CANCELLED},
    "committee.committee": {"is_active": False},
    "committee.task": {"status": TaskStatus.CANCELLED},
}


def annul(*, decision: Decision, user, reason: str) -> list[str]:
    """Annul the decision and undo what applying it did. Returns the effects that
    could not be undone because the record has changed since (left as they are)."""
    _require(user)
    if not reason.strip():
        raise ValidationError({"annul_reason": _("Say why the decision is annulled.")})
    kept: list[Any] = []
    with deferred.writing():
        decision = _locked(Decision, decision.pk)
        if decision.status == DecisionStatus.ANNULLED:
            return kept
        reversal = Effects()
        for effect in reversed(decision.effects):
            model = apps.get_model(effect["model"])
            obj = model.objects.select_for_update().filter(pk=effect["pk"]).first()
            if obj is None:
                continue
            if effect.get("created"):
                # A record it created is kept (history, links) but stops counting;
                # a rebaseline it made is answered by the reverse one below.
                withdraw = _WITHDRAW.get(effect["model"]) or extensions.withdrawals().get(effect["model"], {})
                reversal.set(obj, **withdraw)
                continue
            if dump(getattr(obj, effect["field"])) != effect["after"]:
                kept.append(f"{obj}: {model._meta.get_field(effect['field']).verbose_name}")
                continue
            reversal.set(obj, **{effect["field"]: load(model._meta.get_field(effect["field"]), effect["before"])})
        if decision.kind == DecisionKind.APPROVE_REBASELINE:
            _record_reversal_rebaseline(decision, reversal, user)
        decision.status = DecisionStatus.ANNULLED
        decision.annulled_at, decision.annulled_by = timezone.now(), user
        decision.annul_reason = reason.strip()
        decision.effects = [*decision.effects, *[{**e, "reversal": True} for e in reversal.items]]
        claim_version(decision, decision.version)
        decision.save()
    return kept


def _record_reversal_rebaseline(decision, reversal, user):
    """The baseline moved back is itself a rebaseline, kept with its reason."""

    moved = [e for e in reversal.items if e["model"] == "portfolio.project"]
    if not moved:
        return
    project = Project.objects.get(pk=moved[0]["pk"])
    record = Rebaseline(
        project=project, reason=_("Annulment of %(decision)s") % {"decision": decision.reference}, approved_by=user
    )
    for name, (previous, new) in GOVERNED.items():
        value = getattr(project, name)
        undone = next((e for e in moved if e["field"] == name), None)
        setattr(record, previous, load(project._meta.get_field(name), undone["before"]) if undone else value)
        setattr(record, new, value)
    record.save()


# --- publishing ------------------------------------------------------------------


@deferred.writing()
def decision_publish(*, decision: Decision, user, published: bool) -> Decision:
    """Show a decision on the public transparency page and in the open data, or withdraw it."""
    _require(user)
    if decision.is_public != published:
        decision.is_public = published
        record_save(decision)
    return decision
