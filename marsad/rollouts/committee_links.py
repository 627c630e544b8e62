"""What the committee sees of rollouts, registered with the committee and the
portfolio (`apps.py`): the agenda builder's proposals, the decision that orders a
rollout, the stage moves since the last meeting, and an entity's rollouts."""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.committee.agenda import Proposal
from marsad.committee.choices import ItemKind
from marsad.lib.formatting import format_date
from marsad.rollouts import services
from marsad.rollouts.choices import Capability, RolloutStatus
from marsad.rollouts.models import Participant, Rollout, StageMove
from marsad.rollouts.trajectory import standings


def propose(meeting, today: datetime.date) -> list[Proposal]:
    """Every active rollout behind its trajectory that is not on the agenda yet."""
    taken = set(meeting.items.exclude(rollout=None).values_list("rollout_id", flat=True))
    found = []
    rollouts = Rollout.objects.active().exclude(pk__in=taken).with_counts().order_by("target_date", "code")
    for standing in standings(rollouts, today):
        if not standing.behind:
            continue
        reason = _(
            "behind its trajectory: %(live)s of %(target)s institutions live, %(planned)s expected by now "
            "(deadline %(deadline)s)"
        ) % {
            "live": standing.live,
            "target": standing.target,
            "planned": standing.planned_now,
            "deadline": format_date(standing.rollout.target_date),
        }
        rollout = standing.rollout
        found.append(
            Proposal(f"rollout:{rollout.pk}", ItemKind.ROLLOUT, rollout.name, rollout, [reason], rollout.lead_entity)
        )
    return found


def missing(decision, projects, others) -> dict:
    needs = {}
    if not decision.title.strip():
        needs["title"] = _("Name the capability to roll out.")
    if not decision.lead_entity_id:
        needs["lead_entity"] = _("Choose the entity leading the rollout.")
    if not decision.due_date:
        needs["due_date"] = _("Give the rollout's deadline.")
    if not others:
        needs["other_entities"] = _("Choose the institutions the rollout covers.")
    if len(projects) > 1:
        needs["projects"] = _("A rollout belongs to one project at most.")
    return needs


def order_rollout(decision, effects, projects, user) -> None:
    """The decision's rollout: its capability, leader, deadline and institutions."""
    meeting = decision.meeting
    rollout = services.rollout_create(
        user=user,
        institutions=list(decision.other_entities.all()),
        code=f"RO-{meeting.committee.code}-{meeting.number}-{decision.number}"[:40],
        name_ar=decision.title[:255],
        capability=Capability.OTHER,
        lead_entity=decision.lead_entity,
        project=projects[0] if projects else None,
        decision=decision,
        description=decision.text,
        start_date=meeting.date,
        target_date=decision.due_date,
    )
    effects.created(rollout)


@dataclass
class NetMove:
    """One institution's moves in the window, taken together: where it was, where it is."""

    participant: object
    from_stage: object
    stage: object
    reached_on: datetime.date
    steps: int


def meeting_moves(request, window, today) -> dict:
    """For each rollout, the institutions that moved stage between the last meeting and
    this one (or today) — each once, from where it was to where it got — of the rows the
    reader may read, and how many went live or stopped being live."""
    if window.since is None:
        return {}
    moves = scope.readable(
        request.user,
        StageMove.objects.filter(reached_on__gt=window.since, reached_on__lte=window.until).select_related(
            "participant__entity", "participant__rollout", "stage", "from_stage"
        ),
    ).order_by("participant__rollout__target_date", "participant__rollout__code", "reached_on", "pk")
    net: dict = {}
    for move in moves:
        found = net.get(move.participant_id)
        if found is None:
            net[move.participant_id] = NetMove(move.participant, move.from_stage, move.stage, move.reached_on, 1)
        else:
            found.stage, found.reached_on, found.steps = move.stage, move.reached_on, found.steps + 1
    by_rollout: dict = {}
    for moved in sorted(net.values(), key=lambda m: (-m.stage.order, m.participant.entity.code)):
        by_rollout.setdefault(moved.participant.rollout, []).append(moved)
    rows = []
    for rollout in sorted(by_rollout, key=lambda r: (r.target_date, r.code)):
        moved = by_rollout[rollout]
        was_live = [m for m in moved if m.from_stage is not None and m.from_stage.is_live]
        rows.append(
            {
                "rollout": rollout,
                "moves": moved,
                "went_live": sum(1 for m in moved if m.stage.is_live and m not in was_live),
                "left_live": sum(1 for m in was_live if not m.stage.is_live),
            }
        )
    return {"rollout_moves": rows}


def my_rollout_rows(request, _record, today) -> dict:
    """My work: the focal point's entities' rows in rollouts under way that are not yet
    live, by the rollout's deadline: what they must move forward and update."""
    rows = (
        Participant.objects.for_matrix()
        .filter(entity__in=scope.entity_ids(request.user), rollout__status=RolloutStatus.ACTIVE, stage__is_live=False)
        .order_by(F("rollout__target_date").asc(nulls_last=True), "rollout__code", "entity__code")
    )
    return {"my_rollout_rows": list(scope.readable(request.user, rows))}


def entity_rollouts(request, entity, today) -> dict:
    """The rollouts the entity leads, and its own rows in the others."""
    led = scope.readable(request.user, Rollout.objects.filter(lead_entity=entity).with_counts())
    rows = scope.readable(
        request.user, Participant.objects.for_matrix().filter(entity=entity).exclude(rollout__lead_entity=entity)
    ).order_by("rollout__target_date")
    return {"rollouts_led": standings(led, today), "rollout_rows": list(rows)}
