"""The dashboard's sections beside the headline figures: the go-live timeline, health
by entity, money by programme, and what awaits the committee (obstacles, overdue
tasks, the last meeting's decisions, headline indicators).

Each reads the records the reader may read (`scope`) in a fixed number of queries,
and each count links to the list that shows the same records.
"""

import datetime
import hashlib
from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.committee.changes import end_of, latest_records
from marsad.committee.choices import OPEN_TASK_STATUSES, CommitteeKind, DecisionStatus, TaskStatus
from marsad.committee.models import Decision, Meeting, Task
from marsad.dashboard.headline import Portfolio, portfolio_url
from marsad.indicators import series
from marsad.indicators.models import Indicator
from marsad.lib import caching, formatting
from marsad.obstacles.choices import OPEN_STATUSES, Level
from marsad.obstacles.models import Obstacle
from marsad.portfolio.choices import Health
from marsad.portfolio.models import Entity, Programme
from marsad.rollouts.models import Rollout
from marsad.rollouts.trajectory import live_on, standings

LISTED = 8  # rows shown of each list; the count links to the whole list
TIMELINE_MONTHS = 12
NO_PROGRAMME = "none"  # the portfolio filter's value for "no programme"


def _month_start(day: datetime.date, months_ahead: int = 0) -> datetime.date:
    month = day.month - 1 + months_ahead
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def last_meeting(user, today: datetime.date) -> Meeting | None:
    """The most recent meeting held before today that the reader may read: the Higher
    Committee's when it has met, else any committee's."""
    held = scope.readable(user, Meeting.objects.held().filter(date__lt=today).select_related("committee"))
    held = held.order_by("-date", "-number")
    return held.filter(committee__kind=CommitteeKind.HIGHER).first() or held.first()


# One colour per programme, in the order the timeline lists them: the web's chart and
# the pack's draw with these.
PROGRAMME_COLOURS = ["#0f766e", "#0d3b4f", "#b45309", "#7c3aed", "#be123c", "#15803d", "#0369a1", "#a16207", "#475569"]


def go_live_timeline(portfolio: Portfolio) -> dict:
    """Projects by programme expected to go live in each of the next twelve months (the
    current one first), and those overdue for service: the chart's data, each bar a
    link to the portfolio listing it."""
    today = portfolio.today
    first = _month_start(today)
    after = _month_start(today, TIMELINE_MONTHS)
    cells: dict[int | None, dict] = defaultdict(dict)
    for row in portfolio.programme_rows:
        if row["cancelled"]:
            continue
        programme = cells[row["programme_id"]]
        month = row["month"]
        if month is not None and first <= month < after:
            programme[month] = programme.get(month, 0) + row["count"]
        if row["overdue"]:
            programme["overdue"] = programme.get("overdue", 0) + row["count"]
    cells = {pk: found for pk, found in cells.items() if found}
    months = [_month_start(today, n) for n in range(TIMELINE_MONTHS)]
    names: dict[int | None, tuple[str, str]] = {
        p.pk: (p.code, p.name) for p in Programme.objects.filter(pk__in=[pk for pk in cells if pk])
    }
    series_rows = []
    for programme_id in sorted(cells, key=lambda pk: (pk is None, names.get(pk, ("", ""))[0])):
        code, name = names[programme_id] if programme_id else (NO_PROGRAMME, _("No programme"))
        row = cells[programme_id]
        values, links = [row.get("overdue", 0)], [portfolio_url(programme=code, overdue="true")]
        for month in months:
            values.append(row.get(month, 0))
            last = _month_start(month, 1) - datetime.timedelta(days=1)
            links.append(portfolio_url(programme=code, go_live_from=month.isoformat(), go_live_to=last.isoformat()))
        series_rows.append({"name": name, "values": values, "links": links})
    labels = [_("Overdue")] + [formatting.format_month(month) for month in months]
    return {
        "labels": labels,
        "series": series_rows,
        "total": sum(sum(row["values"]) for row in series_rows),
        "colours": PROGRAMME_COLOURS,
        # The same figures as a table (the chart's alternative, and its keyboard route):
        # a row per month that has any, a cell per programme linking to its projects.
        "rows": [
            {"label": label, "cells": [(row["values"][index], row["links"][index]) for row in series_rows]}
            for index, label in enumerate(labels)
            if any(row["values"][index] for row in series_rows)
        ],
    }


def health_by_entity(portfolio: Portfolio) -> dict:
    """Projects by top-level entity (its own and those of every entity under it) and
    computed schedule health."""
    parents = dict(Entity.objects.values_list("pk", "parent_id"))

    def root(pk):
        seen = set()
        while parents.get(pk) and pk not in seen:
            seen.add(pk)
            pk = parents[pk]
        return pk

    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in portfolio.rows:
        counts[root(row["owner_id"])][row["health"]] += row["count"]
    entities = {e.pk: e for e in Entity.objects.filter(pk__in=list(counts))}
    columns = [*Health.values, ""]
    labels = dict(Health.choices) | {"": _("Not rated")}
    matrix = []
    for pk in sorted(counts, key=lambda pk: entities[pk].name):
        entity = entities[pk]
        cells: list[dict[str, Any]] = [
            {
                "health": health or "none",
                "count": counts[pk][health],
                "url": portfolio_url(entity=entity.code, health=health or "none"),
            }
            for health in columns
        ]
        matrix.append(
            {
                "entity": entity,
                "cells": cells,
                "total": sum(cell["count"] for cell in cells),
                "url": portfolio_url(entity=entity.code),
            }
        )
    return {
        "columns": [(health or "none", labels[health]) for health in columns],
        "rows": matrix,
        # Every entity's projects by health today, the matrix's last row.
        "totals": [sum(row["cells"][index]["count"] for row in matrix) for index in range(len(columns))],
    }


def money(portfolio: Portfolio) -> dict:
    """Allocated and spent budgets by programme and in total, per currency."""
    sums: dict[tuple, dict] = defaultdict(
        lambda: {"allocated": 0, "spent": 0, "count": 0, "budgeted": 0, "spending": 0}
    )
    for row in portfolio.programme_rows:
        found = sums[(row["programme_id"], row["currency"])]
        for name in found:
            found[name] += row[name]
    rows = [
        (
            programme_id,
            currency,
            found["allocated"] if found["budgeted"] else None,
            found["spent"] if found["spending"] else None,
            found["count"],
            found["budgeted"],
        )
        for (programme_id, currency), found in sums.items()
    ]
    programmes = {p.pk: p for p in Programme.objects.filter(pk__in={row[0] for row in rows if row[0]})}
    lines: list[Any] = []
    totals: dict[Any, Any] = {}
    for programme_id, currency, allocated, spent, count, budgeted in sorted(
        rows, key=lambda row: (row[0] is None, programmes[row[0]].code if row[0] else "", row[1])
    ):
        programme = programmes.get(programme_id)
        code = programme.code if programme else NO_PROGRAMME
        lines.append(
            {
                "programme": programme,
                "currency": currency,
                "allocated": allocated,
                "spent": spent,
                "spent_share": spent / allocated * 100 if allocated and spent is not None else None,
                "count": count,
                "budgeted": budgeted,
                "url": portfolio_url(programme=code),
            }
        )
        total = totals.setdefault(currency, {"currency": currency, "allocated": 0, "spent": 0, "count": 0})
        total["allocated"] += allocated or 0
        total["spent"] += spent or 0
        total["count"] += count
    for total in totals.values():
        total["spent_share"] = total["spent"] / total["allocated"] * 100 if total["allocated"] else None
    return {"lines": lines, "totals": list(totals.values())}


def with_money_then(found: dict, then: dict | None) -> dict:
    """Each currency's total beside its value at the last meeting."""
    for total in found["totals"]:
        total["then"] = (then or {}).get(total["currency"])
    return found


def in_red(portfolio: Portfolio) -> dict:
    """The projects whose computed schedule health is red today, and their list."""
    count = sum(row["count"] for row in portfolio.rows if row["health"] == Health.RED)
    return {"count": count, "url": portfolio_url(health=Health.RED)}


def needs_decision(red: dict, obstacles: dict, tasks: dict, rollouts: list) -> list[dict]:
    """The dashboard's first strip: what waits on the committee or the programme office,
    each a count and the list behind it. Nothing to show is said as such."""
    behind = [standing for standing in rollouts if standing.behind]
    return [
        {"key": "obstacles", "count": obstacles["count"], "url": obstacles["url"]},
        {"key": "tasks", "count": tasks["count"], "url": tasks["url"]},
        {"key": "rollouts", "count": len(behind), "url": reverse("rollouts:matrix")},
        {"key": "red", "count": red["count"], "url": red["url"]},
    ]


def change(now: int, then: int | None, better_when: str = "down") -> dict:
    """How a count moved since the last meeting, as the headline figures say it."""
    if then is None:
        return {"then": None, "direction": "", "good": None}
    direction = "up" if now > then else "down" if now < then else "same"
    return {"then": then, "direction": direction, "good": None if direction == "same" else direction == better_when}


def awaiting_committee(user, today: datetime.date, since: datetime.date | None = None) -> dict:
    """Open obstacles before the Higher Committee, oldest first; and how many there were
    at the end of the last meeting's day (`since`), from the obstacles' history."""
    obstacles = scope.readable(user, Obstacle.objects.for_board().open().filter(level=Level.COMMITTEE))
    shown = list(obstacles.order_by("raised_on", "pk")[:LISTED])
    for obstacle in shown:
        obstacle.age = obstacle.age_days(today)
    then = None
    if since:
        readable = scope.readable(user, Obstacle.objects.all()).values("pk")
        found = latest_records(
            Obstacle.history.filter(history_date__lt=end_of(since), id__in=readable), "status", "level"
        )
        then = sum(1 for row in found.values() if row["status"] in OPEN_STATUSES and row["level"] == Level.COMMITTEE)
    count = obstacles.count()
    return {"rows": shown, "count": count, **change(count, then), "url": reverse("obstacles:awaiting_committee")}


def overdue_tasks(user, today: datetime.date, since: datetime.date | None = None) -> dict:
    """Open tasks past their due date, the most overdue first; and how many were overdue
    at the end of the last meeting's day (`since`), from the tasks' history."""
    tasks = scope.readable(user, Task.objects.overdue(today))
    shown = list(tasks.select_related("assigned_entity", "decision__meeting").order_by("due_date", "pk")[:LISTED])
    for task in shown:
        task.days_late = (today - task.due_date).days
    then = None
    if since:
        readable = scope.readable(user, Task.objects.all()).values("pk")
        found = latest_records(
            Task.history.filter(history_date__lt=end_of(since), id__in=readable), "status", "due_date"
        )
        then = sum(
            1
            for row in found.values()
            if row["status"] in OPEN_TASK_STATUSES and row["due_date"] and row["due_date"] < since
        )
    count = tasks.count()
    return {
        "rows": shown,
        "count": count,
        **change(count, then),
        "url": reverse("committee:task_list") + "?" + urlencode({"overdue": "yes"}),
    }


def meeting_decisions(user, meeting: Meeting | None) -> list[Decision]:
    """The meeting's decisions with, for each, whether it is in effect and how many of
    its tasks are done."""
    if meeting is None:
        return []
    tasks = scope.readable(user, Task.objects.order_by("due_date", "pk"))
    decisions = list(
        scope.readable(user, meeting.decisions.order_by("number")).prefetch_related(
            Prefetch("tasks", queryset=tasks, to_attr="visible_tasks")
        )
    )
    for decision in decisions:
        live = [t for t in decision.visible_tasks if t.status != TaskStatus.CANCELLED]
        decision.tasks_done = sum(1 for t in live if t.status == TaskStatus.DONE)
        decision.tasks_total = len(live)
        decision.is_annulled = decision.status == DecisionStatus.ANNULLED
    return decisions


def headline_indicators(user, today: datetime.date, since: datetime.date | None = None) -> list[dict]:
    """Headline indicators: the last twelve months, the latest value against its
    target, and the total since measuring began (a sum over every value: a million rows
    take a while), kept in the cache until a value, a target or the indicator changes."""
    readable = scope.readable(user, Indicator.objects.for_list().prefetch_related("targets"))
    indicators = list(readable.filter(is_headline=True).order_by("code"))

    def build():
        rows = series.latest(indicators, today)
        # The latest whole period as it read at the last meeting: the change since.
        then = {row["indicator"].pk: row["latest"] for row in series.latest(indicators, since)} if since else {}
        for row in rows:
            row["then"] = then.get(row["indicator"].pk)
            row["cumulative"] = series.range_value(row["indicator"]) if row["indicator"].has_running_total else None
            latest = row["latest"]
            # A month whose values stop short of its end is not judged (the page says so).
            judged = latest is not None and latest.reported_through is None
            row["met"] = series.is_met(row["indicator"], latest.actual, latest.target) if judged else None
        return rows

    return caching.cached(_indicators_key(indicators, today) + f":{since}", build)


def _indicators_key(indicators, today) -> str:
    """What the section is computed from: each indicator's own version, its values'
    (and its formula terms'), its targets, the day and the language."""
    parts = [today.isoformat(), translation.get_language() or ""]
    for indicator in indicators:
        terms = [term for term in (indicator.numerator, indicator.denominator) if term is not None]
        parts.append(
            f"{indicator.pk}:{indicator.version}:{indicator.values_version}:"
            + ",".join(f"{term.pk}.{term.values_version}" for term in terms)
            + ":"
            + ",".join(f"{t.pk}.{t.period}.{t.value}" for t in indicator.targets.all())
        )
    return "indicators:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def rollouts(user, today: datetime.date, since: datetime.date | None) -> list:
    """Every active rollout the reader may read: % live against its deadline, and the
    institutions live at the last meeting."""
    active = list(scope.readable(user, Rollout.objects.active().with_counts()).order_by("target_date", "code"))
    found = standings(active, today)
    then = live_on([r.pk for r in active], since) if since else {}
    for standing in found:
        standing.live_then = then.get(standing.rollout.pk, 0) if since else None
    return found
