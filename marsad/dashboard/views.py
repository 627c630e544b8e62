from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from marsad.dashboard import headline, league, sections
from marsad.lib import caching, exports
from marsad.lib.formatting import format_month
from marsad.portfolio import freshness
from marsad.web.pages import pages_view


@pages_view
def dashboard(request):
    """The committee's page: where the strategy stands, what moved since the last
    meeting and what needs a decision, over what the reader may read (a focal point's
    dashboard covers its own entities' projects).

    Every figure is read from kept counts (`headline.Portfolio`), so a page built afresh
    costs the same at any size. What the portfolio decides (figures, timeline, health)
    is cached besides for the reader and day until the next write to the portfolio, the
    money section until money or programmes change (`freshness`); the committee's lists
    (obstacles, tasks, decisions, indicators) are read live, a few rows each.
    """
    today = timezone.localdate()
    mine = headline.Portfolio.of(request.user, today)
    meeting = sections.last_meeting(request.user, today)
    since = meeting.date if meeting else None

    def portfolio() -> dict:
        was = mine.then(since)
        return {
            **headline.headline(mine, since),
            "timeline": sections.go_live_timeline(mine),
            "health": sections.health_by_entity(mine),
            "red": sections.in_red(mine),
            "health_then": was["health"] if was else None,
        }

    def money() -> dict:
        was = mine.then(since)
        return sections.with_money_then(sections.money(mine), was["money"] if was else None)

    # Each section is cached until a write that can change it: a report empties the
    # figures, not the money (`freshness`).
    found = caching.cached(freshness.list_key(request, f"dashboard:{since}"), portfolio)
    found["money"] = caching.cached(freshness.list_key(request, f"dashboard-money:{since}", money=True), money)
    obstacles = sections.awaiting_committee(request.user, today, since)
    tasks = sections.overdue_tasks(request.user, today, since)
    rollouts = sections.rollouts(request.user, today, since)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            **found,
            "today": today,
            "meeting": meeting,
            "timeline_chart": {**found["timeline"], "title": format_month(today)},
            "obstacles": obstacles,
            "tasks": tasks,
            "decisions": sections.meeting_decisions(request.user, meeting),
            "indicators": sections.headline_indicators(request.user, today, since),
            "rollouts": rollouts,
            "needs_decision": sections.needs_decision(found["red"], obstacles, tasks, rollouts),
            "section": "dashboard",
        },
    )


def _league(request):
    # The most at risk first: the lowest share on schedule (blanks last).
    return league.league(request.user, timezone.localdate(), request.GET.get("sort") or "on_schedule")


@pages_view
def entity_league(request):
    """The entity league table, sortable by any column."""
    found = _league(request)
    return render(
        request,
        "dashboard/league.html",
        {"league": found, "columns": league.COLUMNS, "section": "entity", "query": request.GET.urlencode()},
    )


@pages_view
def entity_league_export(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    return exports.respond(league.export_rows(_league(request)), "entities", fmt)
