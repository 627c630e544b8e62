"""Writing rollouts: defining one with its stages and institutions, and moving an
institution's row through the stages — one row at a time (page, API), many at once
(API bulk, spreadsheet import). Every way in goes through `prepare` (who may, what the
record's rules allow) and `save` (the version, the stage move kept for the
trajectory), so a page, the API and an import refuse exactly the same things.

Who may: the programme office defines rollouts (`scope.can_create`); the leading
entity's focal points move every row and an institution's own focal points move its
row (`scope.can_change`, the model's `access`).
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib.records import messages_by_field, record_check, record_save
from marsad.lib.versioning import require_current
from marsad.rollouts.choices import DEFAULT_STAGES
from marsad.rollouts.models import Participant, Rollout, Stage, StageMove

ROW_FIELDS = ("stage", "stage_reached_on", "forecast_live", "evidence", "notes")


def rollout_create(*, user, stages=None, institutions=(), **fields) -> Rollout:
    """A rollout with its stages ([(Arabic, English)], the last one live; the usual four
    by default) and its institutions, each at the first stage."""
    if not scope.can_create(user, Rollout):
        raise PermissionDenied(_("Only the programme office defines rollouts."))
    stages = [(ar.strip(), en.strip()) for ar, en in (stages or DEFAULT_STAGES) if ar.strip()]
    if len(stages) < 2:
        raise ValidationError({"stages": _("A rollout needs two stages at least: a first one and live.")})
    with deferred.writing():
        rollout = record_save(Rollout(**fields))
        Stage.objects.bulk_create(
            Stage(rollout=rollout, order=order, name_ar=ar, name_en=en, is_live=order == len(stages))
            for order, (ar, en) in enumerate(stages, 1)
        )
        add_institutions(rollout=rollout, user=user, entities=institutions)
    return rollout


def add_institutions(*, rollout: Rollout, user, entities) -> int:
    """Add institutions to the rollout at its first stage (those already in it are left)."""
    if not scope.can_create(user, Rollout):
        raise PermissionDenied(_("Only the programme office chooses a rollout's institutions."))
    first = rollout.stages.order_by("order").first()
    taken = set(rollout.participants.values_list("entity_id", flat=True))
    new = [
        Participant(rollout=rollout, entity=entity, stage=first, updated_by=user)
        for entity in entities
        if entity.pk not in taken
    ]
    bulk_create_with_history(new, Participant)  # their history starts with their creation
    return len(new)


def find_stage(stages: list[Stage], value) -> Stage | None:
    """A stage named by its number, or its name in either language."""
    if isinstance(value, Stage):
        return value
    text = str(value).strip()
    for stage in stages:
        if text in (str(stage.order), stage.name_ar, stage.name_en):
            return stage
    return None


def day_reached(participant: Participant, stage: Stage | None, day, *, today=None):
    """The day of the row's stage as given, or when left blank: today for a new stage,
    the day it was reached for the stage kept."""
    if day:
        return day
    if stage is not None and stage.pk != participant.stage_id:
        return today or timezone.localdate()
    return participant.stage_reached_on


def prepare(participant: Participant, user, values: dict, *, today: datetime.date | None = None) -> bool:
    """Set `values` on the row if `user` may and the rules allow; True if anything
    changes. PermissionDenied, or ValidationError naming the fields."""
    if not scope.can_change(user, participant):
        raise PermissionDenied(scope.refusal_reason(user, participant))
    values = {name: value for name, value in values.items() if name in ROW_FIELDS}
    refused = scope.unsettable_changes(user, Participant, values, participant)
    if refused:
        raise PermissionDenied(
            _("Only the programme office may change these fields: %(fields)s") % {"fields": ", ".join(refused)}
        )
    if "stage" in values or "stage_reached_on" in values:
        values["stage_reached_on"] = day_reached(
            participant, values.get("stage"), values.get("stage_reached_on"), today=today
        )
    changed = [name for name, value in values.items() if getattr(participant, name) != value]
    for name in changed:
        setattr(participant, name, values[name])
    record_check(participant)
    return bool(changed)


def save(participant: Participant, user, *, version: int | None, moved_from: Stage | None) -> Participant:
    """Write a prepared row (refused if stale) and keep the stage move it makes."""
    with deferred.writing():
        participant.updated_by = user
        record_save(participant, version=version)
        if moved_from is not None and moved_from.pk != participant.stage_id:
            StageMove.objects.create(
                participant=participant,
                from_stage=moved_from,
                stage=participant.stage,
                reached_on=participant.stage_reached_on,
                evidence=participant.evidence,
                by=user,
            )
    return participant


def participant_update(*, participant: Participant, user, version: int, **values) -> Participant:
    """Move one institution's row: its stage (with the day reached), forecast, evidence, notes."""
    before = participant.stage
    if prepare(participant, user, values):
        save(participant, user, version=version, moved_from=before)
    else:  # nothing changes: nothing written, but a stale version is still refused
        require_current(participant, version)
    return participant


@dataclass
class BulkResult:
    changed: int
    unchanged: int


def bulk_update(*, rollout: Rollout, user, rows: list[dict]) -> BulkResult:
    """Update many institutions' rows at once: every row or none.

    Each row names its institution by code and gives any of the row fields (the stage by
    number or name). A row equal to what is stored changes nothing, so sending the same
    batch again is harmless. Refused whole with a ValidationError whose messages are
    keyed "row N: field" (N from 1) when any row is wrong; PermissionDenied likewise.
    """
    stages = list(rollout.stages.order_by("order"))
    errors: dict[str, list[str]] = {}
    with deferred.writing():
        # Only the rows the user may read: one out of reach reads like one not taking part.
        rows_in_reach = scope.readable(user, Participant.objects.filter(rollout=rollout))
        by_code = {
            p.entity.code: p
            for p in rows_in_reach.select_for_update(of=("self",)).select_related("entity", "stage", "rollout")
        }
        todo: list[Any] = []
        unchanged = 0
        seen: dict[Any, Any] = {}
        for number, row in enumerate(rows, 1):
            problems = check_row(row, by_code, stages, user, number, seen)
            if isinstance(problems, dict):
                errors.update({f"row {number}: {name}": messages for name, messages in problems.items()})
            elif problems is None:
                unchanged += 1
            else:
                todo.append(problems)
        if errors:
            raise ValidationError(errors)
        for participant, version, before in todo:
            save(participant, user, version=version, moved_from=before)
    return BulkResult(len(todo), unchanged)


def check_row(row, by_code, stages, user, number, seen):
    """One row of a batch (the API's bulk update, a spreadsheet's line) checked against
    the rollout's rows the user may read, `by_code` (institution code -> row), and its
    `stages`: (participant,
    version, stage before) to save; None if nothing changes; or {field: [messages]}.
    `seen` (code -> row number) catches an institution named twice."""
    if not isinstance(row, dict):
        return {"institution": [_("Each row is an object naming an institution.")]}
    code = str(row.get("institution", "")).strip()
    participant = by_code.get(code)
    if participant is None:
        return {"institution": [_("This institution does not take part in the rollout.")]}
    if code in seen:
        return {"institution": [_("Row %(row)s already names this institution.") % {"row": seen[code]}]}
    seen[code] = number
    values = {}
    for name in ROW_FIELDS:
        if name not in row:
            continue
        value = row[name]
        if name == "stage":
            value = find_stage(stages, value) if value not in (None, "") else None
            if value is None:
                return {"stage": [_("Choose one of this rollout's stages.")]}
        elif name in ("stage_reached_on", "forecast_live") and value not in (None, ""):
            if not isinstance(value, datetime.date):
                try:
                    value = datetime.date.fromisoformat(str(value))
                except ValueError:
                    return {name: [_("Give a date as YYYY-MM-DD.")]}
        elif name in ("stage_reached_on", "forecast_live"):
            value = None
        else:
            value = "" if value is None else str(value)
        values[name] = value
    version = row.get("version")
    before = participant.stage
    try:
        changed = prepare(participant, user, values)
    except PermissionDenied as refused:
        return {"institution": [str(refused) or scope.refusal_reason(user, participant)]}
    except ValidationError as invalid:
        return messages_by_field(invalid)
    if not changed:
        return None
    if version is not None and version != participant.version:
        return {"version": [_("Someone changed this row after you read it; read it again.")]}
    return participant, participant.version, before
