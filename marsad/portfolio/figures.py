"""Keeping every project's computed figures stored and current (`ProjectFigures`).

`refresh(ids)` recomputes the named projects from scratch (`compute_figures`, one query)
and writes their rows (one upsert). The inputs' `save()` and `delete()` call it — the
project, its phases, and the records of later apps that feed them (a report, an
obstacle), all through `FeedsProjectFigures` — so every
way a change arrives (pages, API, admin, imports, decisions, jobs) keeps the figures
current; bulk writes call it once for the projects they touched. `refresh_all()`
(`manage.py recompute_figures`) recomputes everything, in batches: after a bulk load
or a change to the thresholds in settings.

What changes with the calendar alone is stored as the day it changes: a project is red
from the day after its expected go-live (while not in service) and stale from the day
after its next report falls due (`marsad.reports` provides that date).
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from marsad.lib import deferred
from marsad.portfolio import extensions, feeds, freshness, tally
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import PortfolioVersion, Project, ProjectFigures
from marsad.portfolio.queries import health_thresholds

BATCH = 2000

# Read from `compute_figures` for each project.
COMPUTED = (
    "pk",
    "owner_id",
    "status",
    "original_baseline_go_live",
    "actual_go_live",
    "report_cadence_months",
    "phase_count",
    "execution_percent",
    "current_phase_ar",
    "current_phase_en",
    "expected_go_live",
    "slippage",
    "baseline_slippage",
    "penalised",
    "last_accepted_period",
    "owes_since",
    "programme_id",
    "funding_currency",
    "funding_allocated",
    "funding_spent",
    "is_public",
)


# What a stored row is counted under in the tally (`tally.STORED`, in its order).
TALLIED = (
    "counted_owner_id",
    "counted_status",
    "health",
    "red_from",
    "stale_from",
    "execution_percent",
    "expected_go_live",
    "counted_programme_id",
    "counted_currency",
    "counted_allocated",
    "counted_spent",
    "counted_public",
)


# Where what `money_version` follows sits in `TALLIED`: the money and programme a row
# is counted under, and its owner and public flag (which decide who reads it, so a
# narrower reader's money and last-meeting figures, kept per owner and flag, move).
MONEY = tuple(
    TALLIED.index(name)
    for name in (
        "counted_allocated",
        "counted_currency",
        "counted_spent",
        "counted_programme_id",
        "counted_owner_id",
        "counted_public",
    )
)


def _days(value) -> int | None:
    return value.days if isinstance(value, datetime.timedelta) else None


def _as_date(value):
    # SQLite hands back TruncDate as a string on some paths.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def health_by_slippage(computed: dict) -> str:
    """The computed health from the dates alone, while the expected go-live has not passed."""
    if computed["status"] == ProjectStatus.IN_SERVICE:
        return Health.GREEN
    if computed["status"] == ProjectStatus.CANCELLED or computed["original_baseline_go_live"] is None:
        return ""
    slip = _days(computed["slippage"])
    if slip is None:
        return Health.RED
    for limit, health in zip(health_thresholds(), Health.values, strict=False):
        if slip <= limit:
            return health
    return Health.RED


def red_from(computed: dict) -> datetime.date | None:
    """The first day the project counts as overdue: its expected go-live has passed."""
    judged = computed["status"] not in (ProjectStatus.IN_SERVICE, ProjectStatus.CANCELLED)
    planned = computed["original_baseline_go_live"] and computed["expected_go_live"]
    if judged and planned and not computed["actual_go_live"]:
        return computed["expected_go_live"] + datetime.timedelta(days=1)
    return None


def penalised_health(by_dates: str, penalised: bool) -> str:
    """A registered penalty (an open obstacle before the committee) pulls a rating down a step."""
    if penalised and by_dates and by_dates != Health.RED:
        return Health.values[Health.values.index(by_dates) + 1]
    return by_dates


def health_on(computed: dict, day: datetime.date) -> str:
    """The computed schedule health at the end of `day`, as `with_progress` reads it then."""
    turns_red = red_from(computed)
    if turns_red is not None and turns_red <= day:
        return Health.RED
    return penalised_health(health_by_slippage(computed), computed["penalised"])


def stored_row(computed: dict, now) -> dict:
    by_dates = health_by_slippage(computed)
    health = penalised_health(by_dates, computed["penalised"])
    return {
        "project_id": computed["pk"],
        "phase_count": computed["phase_count"] or 0,
        "execution_percent": computed["execution_percent"],
        "current_phase_ar": computed["current_phase_ar"],
        "current_phase_en": computed["current_phase_en"],
        "expected_go_live": computed["expected_go_live"],
        "slippage_days": _days(computed["slippage"]),
        "baseline_slippage_days": _days(computed["baseline_slippage"]),
        "health_by_dates": by_dates,
        "health": health,
        "red_from": red_from(computed),
        "penalised": bool(computed["penalised"]),
        "last_accepted_period": computed["last_accepted_period"],
        "owes_since": computed["owes_since"],
        "stale_from": None,
        "counted_owner_id": computed["owner_id"],
        "counted_status": computed["status"],
        "counted_programme_id": computed["programme_id"],
        "counted_currency": computed["funding_currency"] or "",
        "counted_allocated": computed["funding_allocated"],
        "counted_spent": computed["funding_spent"],
        "counted_public": computed["is_public"],
        "computed_at": now,
        **extensions.stored_figures(computed),
    }


def refresh(project_ids: Iterable[int | None]) -> None:
    """Mark these projects' figures out of date: recomputed once when the write ends
    (now, outside a write). For bulk writes, which bypass `save()`."""
    deferred.mark(feeds.FIGURES, project_ids)


def refresh_now(project_ids: Iterable[int | None]) -> None:
    """Recompute and store the figures of these projects (ids of deleted ones are ignored)."""

    ids = sorted({pk for pk in project_ids if pk is not None})
    if not ids:
        return
    now = timezone.now()
    with transaction.atomic():
        freshness.bump()  # cached lists made before this write are no longer served
        day = tally.counted_day() or timezone.localdate()
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            before = list(ProjectFigures.objects.filter(pk__in=batch).values_list("pk", *TALLIED))
            money_before = {row[0]: tuple(row[index + 1] for index in MONEY) for row in before}
            rows = []
            for computed in Project.objects.filter(pk__in=batch).order_by().compute_figures().values(*COMPUTED):
                computed["owes_since"] = _as_date(computed["owes_since"])
                row = ProjectFigures(**stored_row(computed, now))
                row.risk = tally.risk(row.health, row.red_from, day)
                rows.append(row)
            fields = [f.name for f in ProjectFigures._meta.concrete_fields if not f.primary_key]
            ProjectFigures.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["project"], update_fields=fields
            )
            tally.adjust((row[1:] for row in before), ([getattr(row, name) for name in TALLIED] for row in rows))
            if any(money_before.get(row.pk) != tuple(getattr(row, TALLIED[index]) for index in MONEY) for row in rows):
                PortfolioVersion.objects.filter(pk=1).update(money_version=F("money_version") + 1)
            extensions.update_kept_counts(batch)


def refresh_all(progress=None) -> int:
    """Recompute every project's figures; returns how many. `progress(done, total)` is told as batches finish."""

    ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        refresh_now(ids[start : start + BATCH])
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    tally.forget()
    return len(ids)
