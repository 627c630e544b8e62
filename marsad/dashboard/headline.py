"""The dashboard's headline figures over the projects a reader may read: as they are
now (the stored figures, `with_progress`) and as they stood at the end of the last
meeting's day (`ProjectSnapshot`, built from the change history by the same rules).

Each figure carries the portfolio query that lists what it counts, so every number on
the dashboard is one click from its records and that list shows the same count.

Definitions (README "Dashboard" says the same):
- **in execution**: status "in execution" or "piloting";
- **on schedule**: of those, the share whose computed schedule health is green or
  amber-green;
- **average execution %**: over every project not cancelled with a known execution %;
  each weighs its allocated budget, a project whose budget is not recorded (or is in
  another currency) weighs the average recorded budget, and with no budget recorded at
  all every project weighs the same. The comparison with the last meeting weighs the
  execution % of then by today's budgets;
- **entering service this year**: not cancelled, expected go-live (actual, else
  forecast, else baseline) within the calendar year, those already live included;
- **overdue for service**: not in service and its expected go-live has passed;
- **reporting timeliness**: of the progress reports owed over the last six periods,
  the share submitted on time (`reports.rates`); then: by the reports submitted by
  the end of the meeting's day;
- **stale**: no accepted report for the latest period whose report is overdue.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marsad.accounts import scope
from marsad.dashboard import then as then_figures
from marsad.lib.labels import Label
from marsad.portfolio import tally
from marsad.portfolio.averages import weighted_average
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import Project
from marsad.reports import kept
from marsad.reports.rates import overall

IN_EXECUTION = (ProjectStatus.EXECUTION, ProjectStatus.PILOTING)
ON_SCHEDULE = (Health.GREEN, Health.AMBER_GREEN)
NOT_CANCELLED = [value for value in ProjectStatus.values if value != ProjectStatus.CANCELLED]
PARTS = ("pb", "b", "nb", "p", "n")  # `budget_parts`' sums


def portfolio_url(**query) -> str:
    """The portfolio filtered by `query` (lists become repeated parameters)."""
    address = reverse("portfolio:project_list")
    return f"{address}?{urlencode(query, doseq=True)}" if query else address


@dataclass
class Figure:
    key: str
    label: Label
    value: float | None
    then: float | None
    url: str
    percent: bool = False
    better_when: str = "up"  # which way is good news: "up", "down"
    note: Label = ""

    @property
    def delta(self) -> float | None:
        if self.value is None or self.then is None:
            return None
        return self.value - self.then

    @property
    def direction(self) -> str:
        """ "up", "down" or "same" since the last meeting ("" when there is no then)."""
        delta = self.delta
        if delta is None:
            return ""
        step = 0.05 if self.percent else 0.5  # what the page shows: one decimal, whole counts
        return "up" if delta >= step else "down" if delta <= -step else "same"

    @property
    def is_good(self) -> bool | None:
        if self.direction in ("", "same"):
            return None
        return self.direction == self.better_when


@dataclass
class Portfolio:
    """The projects a reader may read on a day, and their rows as the tally counts them
    (`portfolio.tally`): kept rows when they are every project, else grouped from them.
    Every figure of the dashboard, the league table and the pack sums these rows."""

    projects: QuerySet
    today: datetime.date
    every_project: bool = False
    # How a narrower reader's projects split into parts the kept counts answer (`scope.reach`).
    reach: scope.Reach | None = None
    _then: dict = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, user, today: datetime.date) -> "Portfolio":
        reach = scope.reach(user, Project.objects.all())
        return cls(scope.readable(user, Project.objects.all()), today, reach is None, reach)

    @cached_property
    def rows(self) -> list[dict]:
        return tally.rows_for(self.projects, self.today, every_project=self.every_project)

    @cached_property
    def programme_rows(self) -> list[dict]:
        return tally.programme_rows_for(self.projects, self.today, every_project=self.every_project)

    def reporting_rates(self, day: datetime.date) -> dict:
        return kept.reporting_rates_over(self.projects, day, reach=self.reach)

    def then(self, since: datetime.date | None) -> dict | None:
        """The figures at the end of `since` (`dashboard.then`), made once per page."""
        if since is None:
            return None
        if since not in self._then:
            self._then[since] = then_figures.on(
                self.projects, since, every_project=self.every_project, reach=self.reach
            )
        return self._then[since]


def _now(rows: list[dict]) -> dict:
    """`_counts`' figures and `budget_parts`' sums, summed from the portfolio's rows."""
    found = dict.fromkeys(["total", "in_execution", "on_schedule", "entering", "overdue", "stale"], 0)
    found |= {f"status:{value}": 0 for value in ProjectStatus.values}
    found |= dict.fromkeys(PARTS, 0)
    for row in rows:
        count = row["count"]
        found["total"] += count
        found[f"status:{row['status']}"] = found.get(f"status:{row['status']}", 0) + count
        if row["status"] in IN_EXECUTION:
            found["in_execution"] += count
            found["on_schedule"] += count if row["health"] in ON_SCHEDULE else 0
        found["stale"] += count if row["stale"] else 0
        for name in ("entering", "overdue", *PARTS):
            found[name] += row[name]
    return found


def _share(part, whole) -> float | None:
    return part / whole * 100 if whole else None


def _timeliness(portfolio: Portfolio, day: datetime.date) -> float | None:
    return overall(portfolio.reporting_rates(day)).on_time_percent


def headline(portfolio: Portfolio, since: datetime.date | None) -> dict:
    """The headline figures and the counts by status over the reader's portfolio
    today, each beside its value at the end of `since` (the last meeting's day), when
    there is one."""
    now = _now(portfolio.rows)
    was = portfolio.then(since)
    then = {**was["counts"], "entering": was["counts"]["entering"].get(str(portfolio.today.year), 0)} if was else {}
    return {"figures": _figures(portfolio, since, now, then), "statuses": _statuses(now, then)}


def _figures(portfolio: Portfolio, since, now: dict, then: dict) -> list[Figure]:
    today = portfolio.today

    def was(key):
        return then.get(key) if then else None

    year = today.year
    return [
        Figure(
            "total",
            _("Projects"),
            now["total"],
            was("total"),
            portfolio_url(),
            note=_("Every project you may read, whatever its status."),
        ),
        Figure(
            "on_schedule",
            _("On schedule"),
            _share(now["on_schedule"], now["in_execution"]),
            _share(then["on_schedule"], then["in_execution"]) if then else None,
            portfolio_url(status=IN_EXECUTION, health=ON_SCHEDULE),
            percent=True,
            note=_(
                "Of the projects in execution or piloting, the share whose computed schedule health is green or "
                "amber-green: %(part)s of %(whole)s."
            )
            % {"part": now["on_schedule"], "whole": now["in_execution"]},
        ),
        Figure(
            "execution",
            _("Average execution"),
            weighted_average(now),
            weighted_average(then) if then else None,
            portfolio_url(status=NOT_CANCELLED, sort="-percent"),
            percent=True,
            note=_(
                "Over projects not cancelled, each weighted by its allocated budget; a project without a recorded "
                "budget weighs the average budget."
            ),
        ),
        Figure(
            "entering",
            _("Entering service in %(year)s") % {"year": year},
            now["entering"],
            was("entering"),
            portfolio_url(go_live_from=f"{year}-01-01", go_live_to=f"{year}-12-31"),
            note=_(
                "Expected go-live within the year (actual, else forecast, else baseline), those already live included."
            ),
        ),
        Figure(
            "overdue",
            _("Overdue for service"),
            now["overdue"],
            was("overdue"),
            portfolio_url(overdue="true"),
            better_when="down",
            note=_("Not in service, and the expected go-live has passed."),
        ),
        Figure(
            "timeliness",
            _("Reports on time"),
            _timeliness(portfolio, today),
            _timeliness(portfolio, since) if since else None,
            reverse("dashboard:league") + "?sort=-timeliness",
            percent=True,
            note=_("Of the progress reports owed over the last six periods, the share submitted on time."),
        ),
        Figure(
            "stale",
            _("Stale projects"),
            now["stale"],
            was("stale"),
            portfolio_url(stale="true"),
            better_when="down",
            note=_("No accepted report for the latest period whose report is overdue."),
        ),
    ]


def _statuses(now: dict, then: dict) -> list[dict]:
    return [
        {
            "value": value,
            "label": label,
            "count": now[f"status:{value}"],
            "then": then.get(f"status:{value}") if then else None,
            "url": portfolio_url(status=value),
        }
        for value, label in ProjectStatus.choices
    ]
