"""The dashboard's figures as they stood at the end of the last meeting's day: the
headline counts and the budget-weighted execution from that day's snapshot
(`ProjectSnapshot`), the projects by health, and the money allocated and spent from
the projects' history.

Over every project they are made once and kept with the day's snapshot
(`SnapshotDay.summary`): a past day does not change. Two things can still move them,
and each makes them afresh on the next read: a project's allocated budget or currency
changing (the execution % of then is weighed by today's budgets, `money_version`) and
projects being deleted (`forget`). A reader of fewer projects has them counted over
their own, as before.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from marsad.committee.changes import end_of, latest_records
from marsad.committee.models import ProjectSnapshot, SnapshotDay
from marsad.committee.snapshots import ensure as ensure_snapshot
from marsad.portfolio.averages import budget_parts
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import PortfolioVersion, Project

IN_EXECUTION = (ProjectStatus.EXECUTION, ProjectStatus.PILOTING)
ON_SCHEDULE = (Health.GREEN, Health.AMBER_GREEN)


def on(projects, day: datetime.date, *, every_project: bool) -> dict:
    """{"counts", "health", "money"} at the end of `day` over `projects`: kept when
    they are every project."""
    ensure_snapshot(day)
    if not every_project:
        return _made(projects, day)
    money_version = PortfolioVersion.objects.filter(pk=1).values_list("money_version", flat=True).first() or 0
    kept = SnapshotDay.objects.filter(day=day).values_list("summary", flat=True).first()
    if kept is None or kept.get("money_version") != money_version:
        kept = _as_json(_made(Project.objects.all(), day)) | {"money_version": money_version}
        SnapshotDay.objects.filter(day=day).update(summary=kept)
    return _from_json(kept)


def forget(_keys=None) -> None:
    """Projects were deleted: every kept day is made afresh on its next read."""
    SnapshotDay.objects.exclude(summary=None).update(summary=None)


def _made(projects, day: datetime.date) -> dict:
    snapshot = ProjectSnapshot.objects.filter(day=day, project__in=projects.values("pk")).order_by()
    counts = {
        "total": Count("pk"),
        "in_execution": Count("pk", filter=Q(status__in=IN_EXECUTION)),
        "on_schedule": Count("pk", filter=Q(status__in=IN_EXECUTION, schedule_health__in=ON_SCHEDULE)),
        "overdue": Count("pk", filter=Q(overdue=True)),
        "stale": Count("pk", filter=Q(stale=True)),
        **{f"status:{value}": Count("pk", filter=Q(status=value)) for value in ProjectStatus.values},
    }
    found = snapshot.aggregate(**counts, **budget_parts("project__"))
    # Entering service in a year: not cancelled, expected go-live within it (the
    # dashboard asks for the current year).
    years = (
        snapshot.exclude(status=ProjectStatus.CANCELLED)
        .filter(expected_go_live__isnull=False)
        .annotate(year=ExtractYear("expected_go_live"))
        .values_list("year")
        .annotate(n=Count("pk"))
    )
    found["entering"] = {str(year): n for year, n in years}
    by_health = dict(snapshot.values_list("schedule_health").annotate(n=Count("pk")))
    return {
        "counts": found,
        "health": [by_health.get(health, 0) for health in [*Health.values, ""]],
        "money": _money(projects, day),
    }


def _money(projects, day: datetime.date) -> dict:
    """The totals allocated and spent per currency at the end of `day`, from the
    projects' history: {currency: {"allocated", "spent"}}."""
    found = latest_records(
        Project.history.filter(history_date__lt=end_of(day), id__in=projects.values("pk")),
        "funding_currency",
        "funding_allocated",
        "funding_spent",
    )
    totals: dict[str, dict] = {}
    for row in found.values():
        total = totals.setdefault(row["funding_currency"], {"allocated": Decimal(0), "spent": Decimal(0)})
        total["allocated"] += row["funding_allocated"] or 0
        total["spent"] += row["funding_spent"] or 0
    return totals


def _as_json(found: dict) -> dict:
    money = {
        currency: {name: str(value) for name, value in total.items()} for currency, total in found["money"].items()
    }
    return {**found, "money": money}


def _from_json(kept: dict) -> dict:
    money = {
        currency: {name: Decimal(value) for name, value in total.items()} for currency, total in kept["money"].items()
    }
    return {"counts": kept["counts"], "health": kept["health"], "money": money}
