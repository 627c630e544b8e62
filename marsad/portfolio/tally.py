"""The portfolio's counts (by status, schedule health and staleness) without counting
every project on every view.

`PortfolioTally` holds one row per owner, status, health and stale flag with how many
projects share them as of one day. `figures.refresh`, which every write to a project
or its inputs runs, moves each project it recomputes from the count it was in to the
one it is in now (`adjust`): two row updates, whatever the size of the portfolio. The
first read of a new day counts everything afresh once (`ensure`), because health and
staleness also change with the calendar.

The portfolio page reads the counts from here when they answer its question
(`counts_for`): a reader who reads every project, filtered by nothing but entity,
status, health or staleness. Any other view (a focal point's projects, a text search,
a programme…) counts its rows directly.
"""

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from marsad.accounts import scope
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import Entity, PortfolioTally, PortfolioVersion, Project

# The filters the tally can answer; `page` and `sort` do not change the counts.
ANSWERED = {"entity", "status", "health", "stale", "page", "sort"}


def kind(
    owner_id: int,
    status: str,
    health: str,
    red_from: datetime.date | None,
    stale_from: datetime.date | None,
    day: datetime.date,
) -> tuple[Any, ...]:
    """The tally row a project with these stored figures counts in on `day`."""
    if red_from is not None and red_from <= day:
        health = Health.RED
    return (owner_id, status, health or "", stale_from is not None and stale_from <= day)


def adjust(before: Iterable[Sequence[Any]], after: Iterable[Sequence[Any]]) -> None:
    """Move projects from their old kinds to their new ones. `before` and `after` hold
    (owner id, status, health, red from, stale from) of the rows replaced and written;
    call inside the writer's transaction, after `freshness.bump()` (which queues
    writers, so no two adjust the same rows at once)."""

    day = PortfolioVersion.objects.filter(pk=1).values_list("tally_day", flat=True).first()
    if day is None:
        return  # nothing counted yet: the first read counts
    moves: Counter[tuple[Any, ...]] = Counter()
    for owner_id, status, health, red_from, stale_from in before:
        moves[kind(owner_id, status, health, red_from, stale_from, day)] -= 1
    for owner_id, status, health, red_from, stale_from in after:
        moves[kind(owner_id, status, health, red_from, stale_from, day)] += 1
    for (owner_id, status, health, stale), move in moves.items():
        if not move:
            continue
        rows = PortfolioTally.objects.filter(owner_id=owner_id, status=status, health=health, stale=stale)
        if not rows.update(count=F("count") + move):
            PortfolioTally.objects.create(owner_id=owner_id, status=status, health=health, stale=stale, count=move)


def forget(_keys=None) -> None:
    """Drop the tally: the next read counts every project afresh."""
    PortfolioVersion.objects.filter(pk=1).update(tally_day=None)


def ensure(day: datetime.date) -> None:
    """Count every project afresh unless the tally is already `day`'s."""

    if PortfolioVersion.objects.filter(pk=1, tally_day=day).exists():
        return
    with transaction.atomic():
        version, _ = PortfolioVersion.objects.select_for_update().get_or_create(pk=1)
        if version.tally_day == day:
            return  # another reader counted while this one waited
        PortfolioTally.objects.all().delete()
        kinds = (
            Project.objects.with_progress(day)
            .order_by()
            .values_list("owner_id", "status", "schedule_health", "is_stale")
            .annotate(count=Count("pk"))
        )
        PortfolioTally.objects.bulk_create(
            PortfolioTally(owner_id=owner_id, status=status, health=health or "", stale=bool(stale), count=count)
            for owner_id, status, health, stale, count in kinds
        )
        version.tally_day = day
        version.save(update_fields=["tally_day"])


def counts(*, owners=None, statuses=None, healths=None, stale=None, day=None) -> dict:
    """The portfolio's counts on `day` (today) in `ProjectQuerySet.summary()`'s shape,
    over the projects matching every filter given."""

    ensure(day or timezone.localdate())
    rows = PortfolioTally.objects.filter(count__gt=0)
    if owners is not None:
        rows = rows.filter(owner_id__in=owners)
    if statuses:
        rows = rows.filter(status__in=statuses)
    if healths:
        rows = rows.filter(health__in=healths)
    if stale is not None:
        rows = rows.filter(stale=stale)
    found = {"total": 0, "stale": 0}
    found.update({f"status:{value}": 0 for value in ProjectStatus.values})
    found.update({f"health:{value}": 0 for value in [*Health.values, ""]})
    kinds = rows.values_list("status", "health", "stale").annotate(count=Sum("count")).order_by()
    for status, health, is_stale, count in kinds:
        found["total"] += count
        found[f"status:{status}"] = found.get(f"status:{status}", 0) + count
        found[f"health:{health}"] = found.get(f"health:{health}", 0) + count
        found["stale"] += count if is_stale else 0
    return found


def counts_for(user, project_filter) -> dict | None:
    """The counts of the portfolio page `project_filter` shows `user`, when the tally
    answers it; None when the rows must be counted."""

    if not scope.reads_every(user, Project):
        return None
    if not project_filter.is_bound:
        return counts()
    asked = {name for name, value in project_filter.data.items() if value}
    if not asked <= ANSWERED or not project_filter.is_valid():
        return None
    data = project_filter.form.cleaned_data
    entity = data.get("entity")
    return counts(
        owners=Entity.objects.descendant_ids([entity.pk]) if entity else None,
        statuses=data.get("status") or None,
        healths=["" if value == "none" else value for value in data.get("health") or []] or None,
        stale=data.get("stale"),
    )
