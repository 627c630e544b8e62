"""The portfolio's counts kept in `PortfolioTally` are the counts of its rows.

The committee's portfolio page reads its counts (by status, health and staleness, and
the total) from the tally whenever its filters allow; these tests hold them to a
count of the rows after writes of every kind, under each filter the tally answers,
and on a later day when health and staleness have moved with the calendar alone.
"""

import datetime

import pytest
import time_machine

from marsad.conftest import make_phase, make_project
from marsad.lib.records import record_save
from marsad.portfolio.filters import ProjectFilter
from marsad.portfolio.models import Entity, PortfolioTally, Project

pytestmark = pytest.mark.django_db

QUERIES = [
    "",
    "status=execution",
    "status=execution&status=approved",
    "entity=MOCT",  # and the agency below it
    "health=red",
    "health=green&health=amber",
    "stale=true",
    "stale=false&entity=MOH",
    "status=execution&sort=-slippage&page=1",
]


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC), tick=False)


def shown(client, query):
    response = client.get(f"/projects/?{query}")
    assert response.status_code == 200
    return response.context["summary"], response.context["total_readable"]


def counted(query):
    from django.http import QueryDict

    projects = Project.objects.for_list()
    rows = ProjectFilter(QueryDict(query), queryset=projects).qs if query else projects
    counts = rows.summary()
    return counts


def assert_pages_count_their_rows(client):
    for query in QUERIES:
        summary, total_readable = shown(client, query)
        want = counted(query)
        assert summary["total"] == want["total"], query
        assert summary["statuses"] == [(v, label, want[f"status:{v}"]) for v, label, _n in summary["statuses"]], query
        assert summary["healths"] == [(v, label, want[f"health:{v}"]) for v, label, _n in summary["healths"]], query
        assert (summary["unrated"], summary["stale"]) == (want["health:"], want["stale"]), query
        assert total_readable == Project.objects.count()


def test_the_committee_sees_counts_equal_to_its_rows_after_every_kind_of_write(client, world):
    client.force_login(world.committee)
    with on(datetime.date(2026, 11, 28)):
        assert_pages_count_their_rows(client)
        assert PortfolioTally.objects.exists()  # the counts came from the tally

        project = Project.objects.get(code="NHR")
        project.status = "piloting"
        record_save(project, version=project.version)  # a status
        project.refresh_from_db()
        project.owner = Entity.objects.get(code="MOF")
        record_save(project, version=project.version)  # an owner
        make_phase(Project.objects.get(code="ITAS"), 5, 2, 100, status="done")  # figures move
        make_project(
            "LATE",
            Entity.objects.get(code="NANS"),
            name_ar="مشروع متأخر",
            status="execution",
            original_baseline_go_live=datetime.date(2026, 1, 1),
            forecast_go_live=datetime.date(2026, 2, 1),
        )  # a new project, overdue: red
        assert_pages_count_their_rows(client)

        Project.objects.get(code="LATE").delete()  # a deletion
        assert_pages_count_their_rows(client)

    # Months later the same rows are red or stale by the calendar alone: counted afresh.
    with on(datetime.date(2028, 3, 1)):
        client.force_login(world.committee)  # the session of 2026 has expired
        assert_pages_count_their_rows(client)
        assert shown(client, "health=red")[0]["total"] > 0


def test_a_focal_point_counts_only_the_projects_they_may_read(client, world):
    client.force_login(world.focal_finance)
    summary, total_readable = shown(client, "")
    readable = {p.code for p in Project.objects.filter(owner__code="MOF") | Project.objects.filter(is_public=True)}
    assert summary["total"] == total_readable == len(readable) < Project.objects.count()
