"""Average execution % of a set of projects: the one definition the dashboard, the
league table, a strategy's programmes, the pack and the exports all use.

Over every project not cancelled with a known execution %; each weighs its allocated
budget, a project whose budget is not recorded (or is in another currency) weighs the
average recorded budget, and with no budget recorded at all every project weighs the
same.
"""

from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast

from marsad.portfolio.choices import ProjectStatus
from marsad.portfolio.models import Project

CURRENCY = Project._meta.get_field("funding_currency").default


def weighted_average(rows) -> float | None:
    """`rows` aggregated with `budget_parts`: pb, b, nb (the budget-weighted part) and
    p, n (the rest)."""
    if rows["nb"]:
        mean_budget = rows["b"] / rows["nb"]
        weight = rows["b"] + mean_budget * rows["n"]
        return (rows["pb"] + mean_budget * (rows["p"] or 0)) / weight if weight else None
    return rows["p"] / rows["n"] if rows["n"] else None


def budget_parts(project: str = "") -> dict:
    """The sums `weighted_average` reads: execution % and today's allocated budget,
    `project` the path from the rows to their project ("" or "project__")."""
    counted = ~Q(status=ProjectStatus.CANCELLED) & Q(execution_percent__isnull=False)
    budgeted = counted & Q(**{f"{project}funding_allocated__gt": 0, f"{project}funding_currency": CURRENCY})
    amount = Cast(f"{project}funding_allocated", FloatField())
    return {
        "pb": Sum(F("execution_percent") * amount, filter=budgeted),
        "b": Sum(amount, filter=budgeted),
        "nb": Count("pk", filter=budgeted),
        "p": Sum("execution_percent", filter=counted & ~budgeted),
        "n": Count("pk", filter=counted & ~budgeted),
    }


def by_programme(projects) -> dict[int, float | None]:
    """The average execution % of each programme's projects among `projects` (rows
    that name `execution_percent`, as `for_list()` does): one grouped query."""
    rows = projects.order_by().values("programme_id").annotate(**budget_parts())
    return {row["programme_id"]: weighted_average(row) for row in rows}


def project_parts(status: str, execution_percent, allocated, currency: str) -> dict:
    """One project's share of `budget_parts`' sums (the same rule, for kept sums)."""
    counted = status != ProjectStatus.CANCELLED and execution_percent is not None
    budgeted = counted and allocated is not None and allocated > 0 and currency == CURRENCY
    if budgeted:
        amount = float(allocated)
        return {"pb": execution_percent * amount, "b": amount, "nb": 1, "p": 0.0, "n": 0}
    return {"pb": 0.0, "b": 0.0, "nb": 0, "p": execution_percent if counted else 0.0, "n": int(counted)}
