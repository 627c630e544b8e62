"""What each document holds, part by part: the meeting pack's sections in the order
the committee reads them, and the one part of a one-pager or a scorecard.

A part is built when the job reaches it (`services.make` reports each one done), so
the progress bar moves section by section.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.committee.models import Decision, Meeting
from marsad.documents import blocks
from marsad.portfolio.models import Entity, Project


@dataclass
class Part:
    key: str  # the anchor the contents link to
    title: str
    template: str
    build: Callable[[], dict]
    # Short sections run on after the one before instead of opening a page.
    follows: bool = False
    context: dict = field(default_factory=dict)


def meeting_pack(user, meeting: Meeting, today: datetime.date) -> list[Part]:
    previous = Meeting.objects.previous_held(meeting)
    since = previous.date if previous else None
    items = scope.withhold(
        user,
        list(
            meeting.items.select_related(
                "project", "obstacle", "indicator", "strategy", "task", "rollout", "presenter_entity"
            ).order_by("order", "pk")
        ),
    )
    decisions = list(scope.readable(user, meeting.decisions.order_by("number")).for_list(user))
    readable_projects = set(
        scope.readable(user, Project.objects.filter(pk__in=[i.project_id for i in items if i.project_id])).values_list(
            "pk", flat=True
        )
    )
    parts = [
        Part("agenda", _("Agenda"), "documents/pdf/_agenda.html", lambda: {"items": items, "meeting": meeting}),
        Part(
            "headline",
            _("Where the strategy stands"),
            "documents/pdf/_headline.html",
            lambda: {**blocks.headline_figures(user, today, since), "since": since, "previous": previous},
        ),
    ]
    seen = set()
    for item in items:
        if not item.project_id or item.project_id in seen or item.project_id not in readable_projects:
            continue
        seen.add(item.project_id)
        parts.append(_project_part(user, item, decisions, today, since))
    parts += [
        Part(
            "obstacles",
            _("Obstacles awaiting the committee"),
            "documents/pdf/_obstacles.html",
            lambda: {"obstacles": blocks.awaiting_committee(user, today)},
        ),
        Part(
            "arising",
            _("Matters arising: tasks still open from earlier meetings"),
            "documents/pdf/_tasks.html",
            lambda: {"tasks": blocks.matters_arising(user, meeting), "today": today},
            follows=True,
        ),
        Part(
            "rollouts",
            _("Rollouts against their deadlines"),
            "documents/pdf/_rollouts.html",
            lambda: blocks.rollouts(user, today),
        ),
        Part(
            "indicators",
            _("Headline indicators"),
            "documents/pdf/_indicators.html",
            lambda: {"indicators": blocks.indicators(user, today)},
        ),
    ]
    if meeting.is_held:
        parts.append(
            Part(
                "decisions",
                _("Decisions and tasks"),
                "documents/pdf/_decisions.html",
                lambda: {"decisions": decisions, "today": today},
            )
        )
    return parts


def _project_part(user, item, decisions: list[Decision], today, since) -> Part:
    def build():
        project = blocks.readable_project(user, item.project_id, today)
        return {
            **blocks.project(user, project, today, since),
            "item": item,
            # The decisions this meeting took about it; before the meeting, why it is on the agenda.
            "meeting_decisions": [d for d in decisions if any(p.pk == project.pk for p in d.projects.all())],
        }

    return Part(f"project-{item.project_id}", item.project.name, "documents/pdf/_project.html", build)


def one_pager(user, project: Project, today: datetime.date) -> list[Part]:
    def build():
        found = blocks.readable_project(user, project.pk, today)
        return blocks.project(user, found, today)

    return [Part("project", project.name, "documents/pdf/_project.html", build)]


def scorecard(user, entity: Entity, today: datetime.date) -> list[Part]:
    return [Part("entity", entity.name, "documents/pdf/_entity.html", lambda: blocks.entity(user, entity, today))]
