"""The agenda builder: what needs the committee's attention, proposed from exceptions.

A project is proposed when its owner has asked for a rebaseline, when its rating or
computed health is amber-red or red, when it is slipping behind its baseline go-live by
more than the computed health tolerates as amber-green (30 days by default: a smaller
slip is the programme office's to follow, not the ministers'), or when its progress
report is overdue; an
obstacle when it is open before the committee; a task when it is past its due date;
and whatever later apps register (`extensions.register_agenda_source`: a rollout
behind its trajectory).
The programme office accepts the proposals it wants (they become agenda items, in
order, which it can then reorder and edit). Matters arising — every task still open
from the committee's earlier meetings — are listed beside the agenda, not proposed.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marsad.committee import extensions
from marsad.committee.choices import ItemKind
from marsad.committee.decisions import _require
from marsad.committee.models import AgendaItem, Meeting, Task
from marsad.lib import deferred
from marsad.lib.formatting import format_date
from marsad.lib.labels import Label
from marsad.obstacles.choices import Level
from marsad.obstacles.models import Obstacle
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import Project, RebaselineRequest
from marsad.portfolio.queries import health_thresholds

SERIOUS = (Health.AMBER_RED, Health.RED)
# Projects not (or no longer) being delivered are not the committee's exceptions.
FINISHED = (ProjectStatus.PROPOSED, ProjectStatus.IN_SERVICE, ProjectStatus.CANCELLED)


@dataclass
class Proposal:
    key: str  # "project:12": what the programme office ticks to accept it
    kind: str
    title: str
    target: Any
    reasons: list[str] = field(default_factory=list)
    presenter_entity: Any = None

    @property
    def kind_label(self) -> Label:
        return ItemKind(self.kind).label


def slipping_tolerance() -> int:
    """Days behind the baseline go-live that the computed health still rates amber-green."""
    return health_thresholds()[1]


def proposals(meeting: Meeting, today: datetime.date | None = None) -> list[Proposal]:
    """What the builder proposes for `meeting`, leaving out what is already on it."""
    today = today or timezone.localdate()
    on_agenda = meeting.items.values_list
    taken = {
        ItemKind.PROJECT: set(on_agenda("project_id", flat=True)),
        ItemKind.OBSTACLE: set(on_agenda("obstacle_id", flat=True)),
        ItemKind.TASK: set(on_agenda("task_id", flat=True)),
    }
    found = []
    projects = (
        Project.objects.with_progress(today)
        .exclude(status__in=FINISHED)
        .exclude(pk__in=taken[ItemKind.PROJECT])
        .select_related("owner")
        .order_by("code")
    )
    slipping_after = slipping_tolerance()
    pending: dict[Any, Any] = {}
    for asked in RebaselineRequest.objects.filter(status=RebaselineRequest.Status.PENDING).order_by("requested_at"):
        pending.setdefault(asked.project_id, asked)
    for project in projects:
        reasons = []
        if project.pk in pending:
            asked = pending[project.pk]
            reasons.append(
                _("rebaseline requested (entering service %(date)s)") % {"date": format_date(asked.new_go_live)}
                if asked.new_go_live
                else _("rebaseline requested")
            )
        if project.pmo_health in SERIOUS:
            reasons.append(_("rated %(health)s") % {"health": project.get_pmo_health_display()})
        if project.schedule_health in SERIOUS:
            reasons.append(_("computed health %(health)s") % {"health": Health(project.schedule_health).label})
        if (project.baseline_slippage_days or 0) > slipping_after:
            days = project.baseline_slippage_days
            reasons.append(
                ngettext(
                    "%(days)s day behind its baseline go-live",
                    "%(days)s days behind its baseline go-live",
                    days,
                )
                % {"days": days}
            )
        if project.is_stale:
            reasons.append(_("progress report overdue"))
        if reasons:
            found.append(
                Proposal(f"project:{project.pk}", ItemKind.PROJECT, project.name, project, reasons, project.owner)
            )
    obstacles = (
        Obstacle.objects.open()
        .filter(level=Level.COMMITTEE)
        .exclude(pk__in=taken[ItemKind.OBSTACLE])
        .select_related("project__owner", "responsible_entity")
        .order_by("raised_on", "pk")
    )
    for obstacle in obstacles:
        days = obstacle.age_days(today)
        reason = ngettext(
            "open before the committee, %(days)s day old", "open before the committee, %(days)s days old", days
        )
        found.append(
            Proposal(
                f"obstacle:{obstacle.pk}",
                ItemKind.OBSTACLE,
                f"{obstacle.title} — {obstacle.project.name}",
                obstacle,
                [reason % {"days": days}],
                obstacle.responsible_entity or obstacle.project.owner,
            )
        )
    tasks = (
        Task.objects.overdue(today)
        .filter(decision__meeting__committee=meeting.committee_id)
        .exclude(pk__in=taken[ItemKind.TASK])
        .select_related("assigned_entity")
        .order_by("due_date", "pk")
    )
    for task in tasks:
        days = (today - task.due_date).days
        reason = ngettext("%(days)s day past its due date", "%(days)s days past its due date", days)
        found.append(
            Proposal(
                f"task:{task.pk}", ItemKind.TASK, task.title, task, [reason % {"days": days}], task.assigned_entity
            )
        )
    for source in extensions.agenda_sources():  # e.g. rollouts behind their trajectory
        found.extend(source(meeting, today))
    return found


def accept(*, meeting: Meeting, user, keys: list[str], today: datetime.date | None = None) -> list[AgendaItem]:
    """Add the chosen proposals to the end of the agenda, in the order proposed."""
    _require(user)
    chosen = [p for p in proposals(meeting, today) if p.key in set(keys)]
    if not chosen:
        raise ValidationError({"keys": _("Tick at least one proposal to add it to the agenda.")})
    with deferred.writing():
        last = meeting.items.aggregate(last=Max("order"))["last"] or 0
        items = []
        for order, proposal in enumerate(chosen, last + 1):
            items.append(
                AgendaItem.objects.create(
                    meeting=meeting,
                    order=order,
                    kind=proposal.kind,
                    title=proposal.title[:500],
                    presenter_entity=proposal.presenter_entity,
                    reason=" · ".join(proposal.reasons)[:500],
                    **{proposal.kind: proposal.target},
                )
            )
    return items


def move(*, item: AgendaItem, user, step: int) -> None:
    """Move an item one place up (step -1) or down (+1); orders are renumbered 1…n."""
    _require(user)
    with deferred.writing():
        items = list(item.meeting.items.select_for_update().order_by("order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for order, other in enumerate(items, 1):
            if other.order != order:
                other.order = order
                other.save(update_fields=["order"])
