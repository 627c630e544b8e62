"""The building blocks documents are made of, each read as its requester may read it
(`scope`, through the same page sections the web pages use: `portfolio.extensions`),
with its charts drawn from the same data as the web charts.

A block is a dict of what its template (`documents/pdf/_*.html`) shows; the meeting
pack, the one-pager and the scorecard are sequences of blocks.
"""

import datetime

from marsad.accounts import scope
from marsad.committee import changes
from marsad.committee.models import Task
from marsad.dashboard import headline, league, sections
from marsad.documents import charts
from marsad.jobs.exports import Asker
from marsad.obstacles.choices import Level
from marsad.obstacles.models import Obstacle
from marsad.portfolio import extensions
from marsad.portfolio.choices import ProjectStatus
from marsad.portfolio.models import Entity, Project
from marsad.portfolio.timeline import phase_timeline
from marsad.reports.rates import RECENT_PERIODS
from marsad.rollouts.matrix import bars_chart
from marsad.rollouts.models import Rollout
from marsad.rollouts.trajectory import standings


def asker(user) -> Asker:
    """What the page sections read from a request, for a document made outside one."""
    return Asker(user, "")


def projects_of(user):
    return scope.readable(user, Project.objects.all())


def project(user, project: Project, today: datetime.date, since: datetime.date | None = None) -> dict:
    """One project as its page shows it: header, health trio, phases and S-curve,
    obstacles and requirements, indicators, decisions and tasks; and what changed
    since `since` (the last meeting), when given."""
    phases = list(project.phases.order_by("order"))
    parts = extensions.page_sections("project_detail", asker(user), project, today)
    moved = None
    if since is not None and since < today:
        found = changes.changes_between(since, today, projects_of(user).filter(pk=project.pk))
        moved = found[0] if found else None
    obstacles = list(parts.get("obstacles", []))
    return {
        "project": project,
        "phases": phases,
        "timeline_chart": charts.phases(phase_timeline(project, phases)),
        "scurve_chart": charts.scurve(parts.get("scurve")),
        "open_obstacles": [o for o in obstacles if o.is_open],
        "requirements": list(parts.get("requirements", [])),
        "indicators": parts.get("indicators", []),
        "decisions": list(parts.get("decisions", [])),
        "tasks": list(parts.get("tasks", [])),
        "reports": list(parts.get("reports", []))[:4],
        "implied": parts.get("implied"),
        "changes": moved,
        "since": since,
    }


def readable_project(user, code_or_pk, today: datetime.date) -> Project:
    """The project with its stored figures, if `user` may read it (else DoesNotExist)."""
    found = scope.readable(user, Project.objects.with_progress(today).select_related("owner", "programme"))
    lookup = {"pk": code_or_pk} if isinstance(code_or_pk, int) else {"code": code_or_pk}
    return found.get(**lookup)


def headline_figures(user, today: datetime.date, since: datetime.date | None) -> dict:
    """The dashboard's headline figures and status counts, beside the last meeting's."""
    portfolio = headline.Portfolio.of(user, today)
    found = headline.headline(portfolio, since)
    return {**found, "timeline_chart": charts.go_live_timeline(sections.go_live_timeline(portfolio))}


def awaiting_committee(user, today: datetime.date) -> list[Obstacle]:
    found = scope.readable(user, Obstacle.objects.for_board().open().filter(level=Level.COMMITTEE))
    rows = list(found.order_by("raised_on", "pk"))
    for obstacle in rows:
        obstacle.age = obstacle.age_days(today)
    return rows


def rollouts(user, today: datetime.date) -> dict:
    active = scope.readable(user, Rollout.objects.active().with_counts()).order_by("target_date", "code")
    found = standings(list(active), today)
    return {"rollouts": found, "rollouts_chart": charts.rollouts(bars_chart(found))}


def indicators(user, today: datetime.date) -> list[dict]:
    """The headline indicators, as the dashboard shows them, with their last twelve months drawn."""
    rows = sections.headline_indicators(user, today)
    for row in rows:
        row["chart"] = charts.indicator(row)
    return rows


def entity(user, entity: Entity, today: datetime.date) -> dict:
    """One entity's scorecard: its projects, obstacles, tasks, indicators, reporting."""
    readable = scope.readable(user, Project.objects.with_progress(today).select_related("programme"))
    owned = list(readable.filter(owner=entity).order_by("code"))
    participating = list(readable.filter(participants=entity).exclude(owner=entity).order_by("code"))
    parts = extensions.page_sections("entity_detail", asker(user), entity, today)
    tasks = list(parts.get("tasks", []))
    indicator_rows = parts.get("indicators", [])
    for row in indicator_rows:
        row["chart"] = charts.indicator(row)
    table = league.league(user, today)
    standing = next((row for row in table["rows"] if row.entity.pk == entity.pk), None)
    return {
        "entity": entity,
        "owned": owned,
        "participating": participating,
        "in_service": sum(1 for p in owned if p.status == ProjectStatus.IN_SERVICE),
        "standing": standing,
        "national": table["total"],
        "obstacles": list(parts.get("obstacles", [])),
        "tasks": tasks,
        "decisions": list(parts.get("decisions", [])),
        "indicators": indicator_rows,
        "rate_periods": RECENT_PERIODS,
        "rollouts_led": parts.get("rollouts_led", []),
        "rollout_rows": parts.get("rollout_rows", []),
    }


def matters_arising(user, meeting) -> list[Task]:
    return list(scope.readable(user, Task.objects.matters_arising(meeting).for_list()))
