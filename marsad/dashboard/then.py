"""The dashboard's figures as they stood at the end of the last meeting's day: the
headline counts and the budget-weighted execution from that day's snapshot
(`ProjectSnapshot`), the projects by health, and the money allocated and spent from
the projects' history.

Over every project they are made once per owner and public flag and kept with the
day's snapshot (`SnapshotDay.summary`): a past day does not change. The committee's
figures sum every group; a focal point's sum their entities' groups and the public
ones, and count the few projects they only take part in (`scope.reach`). Two things
can still move them, and each makes them afresh on the next read: a project's budget,
currency, owner or public flag changing (the execution % of then is weighed by
today's budgets; who reads what follows owner and flag: `money_version`), and
projects being deleted (`forget`).
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


def on(projects, day: datetime.date, *, every_project: bool, reach=None) -> dict:
    """{"counts", "health", "money"} at the end of `day` over `projects`: summed from
    the kept groups when they are every project or a reader's `reach`
    (`scope.reach`: their entities' projects and the public ones, plus a few others
    counted here), else counted over `projects`."""
    ensure_snapshot(day)
    if not every_project and reach is None:
        return _made(projects, day)[()]
    groups = _kept(day)
    if every_project:
        return _sum(groups.values())
    chosen = [
        found for (owner_id, public), found in groups.items() if owner_id in reach.owners or reach.public and public
    ]
    return _sum([*chosen, *_made(reach.others, day).values()])


def _kept(day: datetime.date) -> dict[tuple, dict]:
    """The day's figures per owner and public flag, made once (and again when money,
    owners or public flags changed since: `money_version`)."""
    money_version = PortfolioVersion.objects.filter(pk=1).values_list("money_version", flat=True).first() or 0
    kept = SnapshotDay.objects.filter(day=day).values_list("summary", flat=True).first()
    if kept is None or kept.get("money_version") != money_version or "groups" not in kept:
        made = _made(Project.objects.all(), day, by=("owner_id", "is_public"))
        kept = {"groups": [[*key, _as_json(found)] for key, found in made.items()], "money_version": money_version}
        SnapshotDay.objects.filter(day=day).update(summary=kept)
    return {(owner_id, public): _from_json(found) for owner_id, public, found in kept["groups"]}


def forget(_keys=None) -> None:
    """Projects were deleted: every kept day is made afresh on its next read."""
    SnapshotDay.objects.exclude(summary=None).update(summary=None)


def _sum(parts) -> dict:
    """Figures of several groups as one."""
    counts: dict = {"entering": {}}
    health = [0] * (len(Health.values) + 1)
    money: dict[str, dict] = {}
    for found in parts:
        for name, value in found["counts"].items():
            if name == "entering":
                for year, n in value.items():
                    counts["entering"][year] = counts["entering"].get(year, 0) + n
            else:
                counts[name] = counts.get(name, 0) + (value or 0)
        health = [a + b for a, b in zip(health, found["health"], strict=True)]
        for currency, total in found["money"].items():
            into = money.setdefault(currency, {"allocated": Decimal(0), "spent": Decimal(0)})
            into["allocated"] += total["allocated"]
            into["spent"] += total["spent"]
    for name in (*_COUNTS, *budget_parts()):
        counts.setdefault(name, 0)
    return {"counts": counts, "health": health, "money": money}


_COUNTS = ("total", "in_execution", "on_schedule", "overdue", "stale", *(f"status:{v}" for v in ProjectStatus.values))


def _made(projects, day: datetime.date, by: tuple[str, ...] = ()) -> dict[tuple, dict]:
    """The figures over `projects` at the end of `day`, per value of the projects'
    fields `by` (one group, `()`, when none)."""
    snapshot = ProjectSnapshot.objects.filter(day=day, project__in=projects.values("pk")).order_by()
    keys = [f"project__{name}" for name in by]
    counts = {
        "total": Count("pk"),
        "in_execution": Count("pk", filter=Q(status__in=IN_EXECUTION)),
        "on_schedule": Count("pk", filter=Q(status__in=IN_EXECUTION, schedule_health__in=ON_SCHEDULE)),
        "overdue": Count("pk", filter=Q(overdue=True)),
        "stale": Count("pk", filter=Q(stale=True)),
        **{f"status:{value}": Count("pk", filter=Q(status=value)) for value in ProjectStatus.values},
    }
    made: dict[tuple, dict] = {}

    def group(key) -> dict:
        return made.setdefault(
            tuple(key), {"counts": {"entering": {}}, "health": [0] * (len(Health.values) + 1), "money": {}}
        )

    if keys:
        rows = snapshot.values(*keys).annotate(**counts, **budget_parts("project__"))
    else:
        rows = [snapshot.aggregate(**counts, **budget_parts("project__"))]
    for row in rows:
        key = [row.pop(name) for name in keys]
        group(key)["counts"].update({name: value or 0 for name, value in row.items()})  # a sum over none: 0
    # Entering service in a year: not cancelled, expected go-live within it (the
    # dashboard asks for the current year).
    years = (
        snapshot.exclude(status=ProjectStatus.CANCELLED)
        .filter(expected_go_live__isnull=False)
        .annotate(year=ExtractYear("expected_go_live"))
        .values_list(*keys, "year")
        .annotate(n=Count("pk"))
    )
    for *key, year, n in years:
        group(key)["counts"]["entering"][str(year)] = n
    ranks = {health: index for index, health in enumerate([*Health.values, ""])}
    for *key, health, n in snapshot.values_list(*keys, "schedule_health").annotate(n=Count("pk")):
        group(key)["health"][ranks[health or ""]] += n
    for grouped, totals in _money(projects, day, by).items():
        group(grouped)["money"] = totals
    return made


def _money(projects, day: datetime.date, by: tuple[str, ...] = ()) -> dict[tuple, dict]:
    """The totals allocated and spent per currency at the end of `day`, from the
    projects' history, per value of `by`: {key: {currency: {"allocated", "spent"}}}."""
    found = latest_records(
        Project.history.filter(history_date__lt=end_of(day), id__in=projects.values("pk")),
        "funding_currency",
        "funding_allocated",
        "funding_spent",
    )
    keys = {row[0]: tuple(row[1:]) for row in projects.values_list("pk", *by)} if by else {}
    totals: dict[tuple, dict] = {}
    for pk, row in found.items():
        into = totals.setdefault(keys.get(pk, ()), {})
        total = into.setdefault(row["funding_currency"], {"allocated": Decimal(0), "spent": Decimal(0)})
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
