"""The rollouts matrix: institutions down, rollouts across, each cell the stage the
institution has reached; above it each rollout's standing. Built in a fixed number of
queries whatever the number of rollouts and institutions (`bench/rollouts.py`)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib import formatting
from marsad.lib.formatting import format_date
from marsad.portfolio.models import Entity
from marsad.rollouts.models import Participant, Rollout, Stage
from marsad.rollouts.trajectory import Standing, standings

INSTITUTIONS_PER_PAGE = 100


def tone(stage: Stage, last_order: int) -> str:
    """The cell's colour: not started, early, late, live."""
    if stage.is_live:
        return "live"
    if stage.order == 1:
        return "none"
    return "early" if (stage.order - 1) * 2 < (last_order - 1) else "late"


@dataclass
class Cell:
    participant_id: int
    stage: Stage
    tone: str
    reached_on: str  # formatted: thousands of cells share a few hundred days


def rollout_standings(user, rows, today: datetime.date, *, rollouts=None) -> list[Standing]:
    """The standing of every rollout with a row among `rows` (or of `rollouts`, a
    queryset, rows or not), with its counts per stage (one grouped count gives both
    those and the totals)."""
    chosen = rollouts if rollouts is not None else Rollout.objects.filter(pk__in=rows.values("rollout"))
    rollouts = list(scope.readable(user, chosen.select_related("lead_entity")).order_by("target_date", "code"))
    ids = [rollout.pk for rollout in rollouts]
    stages: dict[Any, Any] = {}
    for stage in Stage.objects.filter(rollout__in=ids).order_by("rollout", "order"):
        stages.setdefault(stage.rollout_id, []).append(stage)
    counted = {
        (row["rollout_id"], row["stage_id"]): row["n"]
        for row in Participant.objects.filter(rollout__in=ids).values("rollout_id", "stage_id").annotate(n=Count("pk"))
    }
    lagging = dict(
        Participant.objects.filter(rollout__in=ids)
        .lagging(today)
        .values("rollout_id")
        .annotate(n=Count("pk"))
        .values_list("rollout_id", "n")
    )
    counts = {}
    for rollout in rollouts:
        counts[rollout.pk] = [(stage, counted.get((rollout.pk, stage.pk), 0)) for stage in stages.get(rollout.pk, [])]
        rollout.participant_count = sum(n for _stage, n in counts[rollout.pk])
        rollout.live_count = sum(n for stage, n in counts[rollout.pk] if stage.is_live)
    found = standings(rollouts, today, stage_counts=counts)
    for standing in found:
        standing.lagging = lagging.get(standing.rollout.pk, 0)
    return found


def grid(rows, found: list[Standing], page_number) -> tuple[object, list]:
    """The page of institutions and, for each, its cell in every rollout (None: not taking part)."""
    institutions = Entity.objects.filter(pk__in=rows.values("entity")).order_by("kind", "code")
    page = Paginator(institutions, INSTITUTIONS_PER_PAGE).get_page(page_number)
    entities = list(page.object_list)
    last = {standing.rollout.pk: standing.last_order for standing in found}
    stages = {stage.pk: stage for standing in found for stage, _count in standing.stage_counts}
    cells, days = {}, {}
    for row in rows.filter(entity__in=[e.pk for e in entities]).values(
        "pk", "entity_id", "rollout_id", "stage_id", "stage_reached_on"
    ):
        stage = stages.get(row["stage_id"])
        if stage is None:
            continue
        day = row["stage_reached_on"]
        if day not in days:
            days[day] = format_date(day)
        cells[(row["entity_id"], row["rollout_id"])] = Cell(
            row["pk"], stage, tone(stage, last[row["rollout_id"]]), days[day]
        )
    markup = {
        None: format_html('<td class="text-center text-body-tertiary" aria-label="{}">·</td>', _("not taking part"))
    }
    lines = [
        (entity, mark_safe("".join(cell_html(cells.get((entity.pk, s.rollout.pk)), markup) for s in found)))  # noqa: S308 — built by format_html
        for entity in entities
    ]
    return page, lines


def cell_html(cell: Cell | None, markup: dict) -> str:
    """One cell's markup, built here rather than in the template (a page has thousands)
    and once for every cell alike (`markup`: what was built, by stage, tone and day)."""
    if cell is None:
        return markup[None]  # "not taking part", built once
    key = (cell.stage.pk, cell.tone, cell.reached_on)
    if key not in markup:
        markup[key] = format_html(
            '<td class="text-center stage-cell stage-{}" title="{}">{}</td>',
            cell.tone,
            cell.reached_on,
            cell.stage.name,
        )
    return markup[key]


def bars_chart(found: list[Standing]) -> dict:
    """The matrix page's chart: % live against % planned by now, per rollout."""

    def percent(value, target):
        return formatting.rounded(100 * value / target) if target else 0

    return {
        "names": [s.rollout.name for s in found],
        "live": [percent(s.live, s.target) for s in found],
        "planned": [percent(s.planned_now, s.target) for s in found],
        "behind": [s.behind for s in found],
        "links": [s.rollout.get_absolute_url() for s in found],
        "labels": {"live": _("Live"), "planned": _("Expected live by now")},
    }
