"""The portfolio's counts (by status, schedule health and staleness) and the sums the
dashboard and the league table read, without counting every project on every view.

`PortfolioTally` holds one row per owner, status, health and stale flag with how many
projects share them as of one day, how many of them are overdue for service or enter
service in the day's year, and the sums of the budget-weighted execution %;
`ProgrammeTally` one row per programme, currency, month of expected go-live and
cancelled and overdue flags, with the money allocated and spent. `figures.refresh`,
which every write to a project or its inputs runs, moves each project it recomputes
from the rows it was in to the ones it is in now (`adjust`): a few row updates,
whatever the size of the portfolio. The first read of a new day counts everything
afresh once (`ensure`; the daily pass does it first), because health, staleness and
what is overdue also change with the calendar.

`group` and `group_programmes` count any set of projects the same way in one query:
the tally's fresh count, and the rows of a reader who does not read every project
(`rows_for`), so each figure has one definition whichever way it is read.

The portfolio page reads the counts from here when they answer its question
(`counts_for`): a reader who reads every project, filtered by nothing but entity,
status, health or staleness. Any other view (a focal point's projects, a text search,
a programme…) counts its rows directly.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, DateField, F, Q, Sum, When
from django.db.models.functions import TruncMonth
from django.utils import timezone

from marsad.accounts import scope
from marsad.portfolio import averages, extensions
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import (
    Entity,
    PortfolioTally,
    PortfolioVersion,
    ProgrammeTally,
    Project,
    ProjectFigures,
)

# The filters the tally can answer; `page`, `page_size` and `sort` do not change the counts.
ANSWERED = {"entity", "status", "health", "stale", "page", "page_size", "sort"}


# What a stored figures row is counted under (`figures.TALLIED` reads them in this order).
STORED = (
    "owner_id",
    "status",
    "health",
    "red_from",
    "stale_from",
    "execution_percent",
    "expected_go_live",
    "programme_id",
    "currency",
    "allocated",
    "spent",
    "public",
)
SUMS = ("count", "overdue", "entering", "pb", "b", "nb", "p", "n")
PROGRAMME_KEYS = ("programme_id", "currency", "month", "cancelled", "overdue", "public")
PROGRAMME_SUMS = ("count", "allocated", "spent", "budgeted", "spending")


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


RISKS = list(reversed(Health.values))  # worst first: red … green; then the unrated


def risk(health: str, red_from: datetime.date | None, day: datetime.date) -> int:
    """A project's place in the default order on `day` (`filters.by_risk`)."""
    if red_from is not None and red_from <= day:
        return 0
    return RISKS.index(health) if health in RISKS else len(RISKS)


def risk_expression(day: datetime.date):
    """`risk` over stored figures rows, for rewriting them all when a new day is counted."""
    return Case(
        When(red_from__lte=day, then=0),
        *[When(health=value, then=rank) for rank, value in enumerate(RISKS)],
        default=len(RISKS),
    )


def counted_day() -> datetime.date | None:
    return PortfolioVersion.objects.filter(pk=1).values_list("tally_day", flat=True).first()


def _month(day: datetime.date | None) -> datetime.date | None:
    return day.replace(day=1) if day else None


def _shares(stored: Sequence[Any], day: datetime.date) -> tuple[tuple, dict, tuple, dict]:
    """A project's rows in `PortfolioTally` and `ProgrammeTally` on `day`, and what it adds to each."""
    row = dict(zip(STORED, stored, strict=True))
    overdue = row["red_from"] is not None and row["red_from"] <= day
    cancelled = row["status"] == ProjectStatus.CANCELLED
    go_live = row["expected_go_live"]
    portfolio = {
        "count": 1,
        "overdue": int(overdue),
        "entering": int(not cancelled and go_live is not None and go_live.year == day.year),
        **averages.project_parts(row["status"], row["execution_percent"], row["allocated"], row["currency"]),
    }
    programme = {
        "count": 1,
        "allocated": row["allocated"] or 0,
        "spent": row["spent"] or 0,
        "budgeted": int(row["allocated"] is not None),
        "spending": int(row["spent"] is not None),
    }
    return (
        kind(row["owner_id"], row["status"], row["health"], row["red_from"], row["stale_from"], day),
        portfolio,
        (row["programme_id"], row["currency"] or "", _month(go_live), cancelled, overdue, bool(row["public"])),
        programme,
    )


def adjust(before: Iterable[Sequence[Any]], after: Iterable[Sequence[Any]]) -> None:
    """Move projects from their old rows to their new ones. `before` and `after` hold
    the `STORED` values of the figures replaced and written; call inside the writer's
    transaction, after `freshness.bump()` (which queues writers, so no two adjust the
    same rows at once)."""

    day = PortfolioVersion.objects.filter(pk=1).values_list("tally_day", flat=True).first()
    if day is None:
        return  # nothing counted yet: the first read counts
    moves: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(SUMS, 0))
    programme_moves: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(PROGRAMME_SUMS, 0))
    for sign, rows in ((-1, before), (1, after)):
        for stored in rows:
            key, sums, programme_key, programme_sums = _shares(stored, day)
            for name, value in sums.items():
                moves[key][name] += sign * value
            for name, value in programme_sums.items():
                programme_moves[programme_key][name] += sign * value
    for (owner_id, status, health, stale), move in moves.items():
        if not any(move.values()):
            continue
        found = PortfolioTally.objects.filter(owner_id=owner_id, status=status, health=health, stale=stale)
        if not found.update(**{name: F(name) + value for name, value in move.items()}):
            PortfolioTally.objects.create(owner_id=owner_id, status=status, health=health, stale=stale, **move)
    for key, move in programme_moves.items():
        if not any(move.values()):
            continue
        kind_of = dict(zip(PROGRAMME_KEYS, key, strict=True))
        if not ProgrammeTally.objects.filter(**kind_of).update(
            **{name: F(name) + value for name, value in move.items()}
        ):
            ProgrammeTally.objects.create(**kind_of, **move)


def forget(_keys=None) -> None:
    """Drop the tally (and the counts later apps keep): the next read counts every project afresh."""
    PortfolioVersion.objects.filter(pk=1).update(tally_day=None, money_version=F("money_version") + 1)
    extensions.forget_kept_counts()


def group(projects, day: datetime.date) -> list[dict]:
    """`projects` counted as `PortfolioTally` keeps them (one grouped query): the rows
    for a reader who does not read every project, and the tally's fresh count."""
    rows = (
        projects.with_progress(day)
        .order_by()
        .values("owner_id", "status", "schedule_health", "is_stale")
        .annotate(
            count=Count("pk"),
            overdue=Count("pk", filter=Q(figures__red_from__lte=day)),
            entering=Count(
                "pk",
                filter=~Q(status=ProjectStatus.CANCELLED) & Q(expected_go_live__year=day.year),
            ),
            **averages.budget_parts(),
        )
    )
    return [
        {
            "owner_id": row["owner_id"],
            "status": row["status"],
            "health": row["schedule_health"] or "",
            "stale": bool(row["is_stale"]),
            **{name: row[name] or 0 for name in SUMS},
        }
        for row in rows
    ]


def group_programmes(projects, day: datetime.date) -> list[dict]:
    """`projects` counted as `ProgrammeTally` keeps them (one grouped query)."""
    rows = (
        projects.with_progress(day)
        .annotate(
            month=TruncMonth("figures__expected_go_live", output_field=DateField()),
            cancelled=Case(When(status=ProjectStatus.CANCELLED, then=True), default=False),
            overdue=Case(When(figures__red_from__lte=day, then=True), default=False),
        )
        .order_by()
        .values("programme_id", "funding_currency", "month", "cancelled", "overdue", "is_public")
        .annotate(
            count=Count("pk"),
            allocated=Sum("funding_allocated"),
            spent=Sum("funding_spent"),
            budgeted=Count("funding_allocated"),
            spending=Count("funding_spent"),
        )
    )
    return [
        {
            "programme_id": row["programme_id"],
            "currency": row["funding_currency"] or "",
            "month": _as_date(row["month"]),
            "cancelled": bool(row["cancelled"]),
            "overdue": bool(row["overdue"]),
            "public": bool(row["is_public"]),
            **{name: row[name] or 0 for name in PROGRAMME_SUMS},
        }
        for row in rows
    ]


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):  # SQLite hands back the truncated date as text
        return datetime.date.fromisoformat(value[:10])
    return value


def ensure(day: datetime.date) -> None:
    """Count every project afresh unless the tally is already `day`'s."""

    if PortfolioVersion.objects.filter(pk=1, tally_day=day).exists():
        return
    with transaction.atomic():
        version, _ = PortfolioVersion.objects.select_for_update().get_or_create(pk=1)
        if version.tally_day == day:
            return  # another reader counted while this one waited
        PortfolioTally.objects.all().delete()
        ProgrammeTally.objects.all().delete()
        PortfolioTally.objects.bulk_create(PortfolioTally(**row) for row in group(Project.objects.all(), day))
        ProgrammeTally.objects.bulk_create(
            ProgrammeTally(**row) for row in group_programmes(Project.objects.all(), day)
        )
        ProjectFigures.objects.update(risk=risk_expression(day))
        version.tally_day = day
        version.save(update_fields=["tally_day"])
        extensions.ensure_kept_counts(day)  # a new day may bring a period falling due


def public_by_programme() -> dict[int | None, int]:
    """How many public projects each programme holds (None: no programme), kept."""
    ensure(timezone.localdate())
    rows = ProgrammeTally.objects.filter(public=True).values_list("programme_id").annotate(n=Sum("count"))
    return {programme_id: n for programme_id, n in rows.order_by() if n}


def rows_for(projects, day: datetime.date, *, every_project: bool) -> list[dict]:
    """The portfolio's rows over `projects` on `day`: kept when they are every project
    and `day` is today (a few hundred rows), else grouped from the projects."""
    if every_project and day == timezone.localdate():
        ensure(day)
        return list(PortfolioTally.objects.filter(count__gt=0).values("owner_id", "status", "health", "stale", *SUMS))
    return group(projects, day)


def programme_rows_for(projects, day: datetime.date, *, every_project: bool) -> list[dict]:
    """`rows_for`, by programme, currency, month of go-live and the three flags."""
    if every_project and day == timezone.localdate():
        ensure(day)
        return list(ProgrammeTally.objects.filter(count__gt=0).values(*PROGRAMME_KEYS, *PROGRAMME_SUMS))
    return group_programmes(projects, day)


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
