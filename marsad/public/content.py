"""The public content, built once for the page, the open data and the feed alike.

Which records: what `scope` lets an anonymous reader read (public projects and
indicators), the decisions the programme office published, the adopted strategies and
their programmes. Which fields: each record's `Disclosure` (or its kind's defaults),
applied here and nowhere else — a masked field is left out of the row, so no output
built from these rows can show it.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils.functional import cached_property

from marsad.accounts import scope
from marsad.committee.models import Decision
from marsad.indicators import series
from marsad.indicators.models import Indicator
from marsad.lib import formatting
from marsad.obstacles.choices import OPEN_STATUSES
from marsad.portfolio import tally
from marsad.portfolio.choices import StrategyStatus
from marsad.portfolio.models import Programme, Project, Strategy
from marsad.public import fields
from marsad.public.models import Disclosure

PUBLIC = AnonymousUser()


def shown_fields(kind: str, ids) -> dict[int, list[str]]:
    """For each record: the fields the public sees (its disclosure, else the defaults)."""
    chosen = dict(Disclosure.objects.filter(kind=kind, object_id__in=list(ids)).values_list("object_id", "shown"))
    return {pk: chosen.get(pk, fields.defaults(kind)) for pk in ids}


def _masked(kind: str, row: dict, shown: list[str]) -> dict:
    allowed = fields.columns(kind, shown)
    return {column: row[column] for column in allowed if column in row}


def _number(value):
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | float) else value


# The public page lists the projects a page at a time: its size does not grow with the
# portfolio (the open-data files hold them all).
PER_PAGE = 50


def _public_projects():
    return (
        scope.readable(PUBLIC, Project.objects.all())
        .with_progress()
        .select_related("owner", "programme")
        .annotate(open_obstacles=Count("obstacles", filter=Q(obstacles__status__in=OPEN_STATUSES)))
        .order_by("code")
    )


def projects() -> list[dict]:
    """Every public project, by code (the feed, the tests)."""
    return _rows(list(_public_projects()))


def projects_streamed(chunk: int = 500) -> Iterator[dict]:
    """Every public project, by code, read `chunk` at a time: the open-data files are
    written as they are read, in memory that does not grow with the portfolio."""
    ids = list(scope.readable(PUBLIC, Project.objects.all()).order_by("code").values_list("pk", flat=True))
    for first in range(0, len(ids), chunk):
        yield from _rows(list(_public_projects().filter(pk__in=ids[first : first + chunk])))


class _KeptCount(Paginator):
    """Pages over the public projects, counted from the kept counts (`tally`)."""

    @cached_property
    def count(self) -> int:
        return sum(tally.public_by_programme().values())


def projects_page(number: int | str | None) -> tuple[list[dict], Page]:
    """One page of the public projects, by code; a number out of range is the nearest page."""
    public = scope.readable(PUBLIC, Project.objects.all()).order_by("code").only("pk")
    page = _KeptCount(public, PER_PAGE).get_page(number)
    ids = [project.pk for project in page.object_list]
    return _rows(list(_public_projects().filter(pk__in=ids))), page


def _rows(records: list) -> list[dict]:
    """The projects (annotated by `_public_projects`) as the public sees them."""
    shown = shown_fields("project", [project.pk for project in records])
    rows = []
    for project in records:
        row = {
            "code": project.code,
            "name_ar": project.name_ar,
            "name_en": project.name_en,
            "owner": project.owner.code,
            "owner_name_ar": project.owner.name_ar,
            "owner_name_en": project.owner.name_en,
            "programme": project.programme.code if project.programme else None,
            "programme_name_ar": project.programme.name_ar if project.programme else None,
            "programme_name_en": project.programme.name_en if project.programme else None,
            "status": project.status,
            "current_phase_ar": project.current_phase_ar,
            "current_phase_en": project.current_phase_en,
            "execution_percent": formatting.rounded(project.execution_percent),
            "expected_go_live": project.expected_go_live,
            "actual_go_live": project.actual_go_live,
            "health": project.schedule_health or None,
            "description": project.description,
            "baseline_go_live": project.baseline_go_live,
            "funding_allocated": _number(project.funding_allocated),
            "funding_spent": _number(project.funding_spent),
            "currency": project.funding_currency,
            "open_obstacles": project.open_obstacles,
        }
        rows.append(_masked("project", row, shown[project.pk]))
    return rows


def indicators(today: datetime.date) -> tuple[list[dict], list[dict]]:
    """The public indicators, and their values per period (for those whose series shows)."""
    records = list(scope.readable(PUBLIC, Indicator.objects.all()).select_related("owner").order_by("code"))
    shown = shown_fields("indicator", [indicator.pk for indicator in records])
    rows, values = [], []
    for found in series.latest(records, today):
        indicator = found["indicator"]
        latest = found["latest"]
        row = {
            "code": indicator.code,
            "name_ar": indicator.name_ar,
            "name_en": indicator.name_en,
            "unit": indicator.unit,
            "description": indicator.description,
            "owner": indicator.owner.code,
            "owner_name_ar": indicator.owner.name_ar,
            "owner_name_en": indicator.owner.name_en,
            "latest_period": latest.start if latest else None,
            "latest_value": _number(latest.actual) if latest else None,
            "target_value": _number(latest.target) if latest else None,
            "cumulative": _number(series.range_value(indicator))
            if "cumulative" in shown[indicator.pk] and indicator.has_running_total
            else None,
        }
        masked = _masked("indicator", row, shown[indicator.pk])
        if "series" in shown[indicator.pk]:
            points = [
                {"indicator": indicator.code, "period": point.start, "value": _number(point.actual),
                 "target": _number(point.target), "validated": point.validated}
                for point in found["points"]
            ]  # fmt: skip
            values += points
            masked["_points"] = points  # for the chart; not a column
        masked["_interval"] = found["interval"]  # how its periods are named; not a column
        rows.append(masked)
    return rows, values


def decisions() -> list[dict]:
    records = list(
        Decision.objects.filter(is_public=True)
        .select_related("meeting__committee")
        .order_by("-meeting__date", "number")
    )
    shown = shown_fields("decision", [decision.pk for decision in records])
    rows = []
    for decision in records:
        row = {
            "meeting": f"{decision.meeting.committee.code}-{decision.meeting.number}",
            "number": decision.number,
            "date": decision.meeting.date,
            "reference": decision.reference,
            "text": decision.text,
            "kind": decision.kind,
            "status": decision.status,
        }
        rows.append(_masked("decision", row, shown[decision.pk]))
    return rows


def strategies() -> list[dict]:
    """The adopted strategies, each with its programmes and how many public projects each holds."""
    counts = tally.public_by_programme()
    programmes: dict[int, list] = {}
    for programme in Programme.objects.filter(strategy__status=StrategyStatus.ADOPTED).order_by("order", "code"):
        programmes.setdefault(programme.strategy_id, []).append(
            {
                "strategy": None,
                "code": programme.code,
                "name_ar": programme.name_ar,
                "name_en": programme.name_en,
                "description": programme.description,
                "public_projects": counts.get(programme.pk, 0),
            }
        )
    rows = []
    for strategy in Strategy.objects.filter(status=StrategyStatus.ADOPTED).order_by("kind", "code"):
        mine = programmes.get(strategy.pk, [])
        for programme in mine:
            programme["strategy"] = strategy.code
        rows.append(
            {
                "code": strategy.code,
                "name_ar": strategy.name_ar,
                "name_en": strategy.name_en,
                "description": strategy.description,
                "start_year": strategy.start_year,
                "end_year": strategy.end_year,
                "adopted_on": strategy.adopted_on,
                "programmes": mine,
            }
        )
    return rows


def everything(today: datetime.date, *, page: int | str | None = None, streamed: bool = False) -> dict:
    """What is published; with `page`, that page of the projects only (the public
    page) and the page itself as `projects_page`; `streamed`, the projects as an
    iterator read as it is consumed (the open-data files)."""
    indicator_rows, values = indicators(today)
    found = {
        "strategies": strategies(),
        "indicators": indicator_rows,
        "values": values,
        "decisions": decisions(),
        "today": today,
    }
    if streamed:
        found["projects"] = projects_streamed()
    elif page is None:
        found["projects"] = projects()
    else:
        found["projects"], found["projects_page"] = projects_page(page)
    return found
