"""Lists cost the same number of queries however many projects there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from marsad.portfolio import tally
from marsad.portfolio.models import Phase, Programme, Project, Strategy

pytestmark = pytest.mark.django_db


def grow_portfolio(world, count):
    strategy = Strategy.objects.create(code="NDTS", name_ar="الإستراتيجية", owner=world.moct)
    programme = Programme.objects.create(code="P1", name_ar="برنامج", strategy=strategy)
    owners = [world.health, world.finance, world.nans]
    projects = Project.objects.bulk_create(
        Project(
            code=f"GEN-{n:04d}",
            name_ar=f"مشروع {n}",
            owner=owners[n % 3],
            programme=programme,
            status="execution",
            original_baseline_go_live=datetime.date(2027, 1, 1),
            forecast_go_live=datetime.date(2027, 1, 1) + datetime.timedelta(days=n),
            owner_health="green",
            pmo_health="red",
        )
        for n in range(count)
    )
    Phase.objects.bulk_create(
        Phase(project=project, order=order, name_ar=f"المرحلة {order}", weight=order, percent_complete=50)
        for project in projects
        for order in (1, 2)
    )
    for project in projects:
        project.participants.add(world.moct)


def count_queries(call):
    with CaptureQueriesContext(connection) as context:
        response = call()
    assert response.status_code == 200
    return len(context), response


def queries_at_10_and_200(world, call):
    """(queries with 10 generated projects, queries with 200, the larger response)."""
    grow_portfolio(world, 10)
    tally.ensure(timezone.localdate())  # the day's first count of the portfolio, made once a day
    small, _response = count_queries(call)
    Project.objects.filter(code__startswith="GEN-").delete()
    Programme.objects.all().delete()
    Strategy.objects.all().delete()
    grow_portfolio(world, 200)
    tally.ensure(timezone.localdate())  # deleting projects has the tally counted afresh on the next read
    large, response = count_queries(call)
    return small, large, response


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("committee", reverse("portfolio:project_list")),
        ("committee", reverse("portfolio:project_list") + "?sort=-slippage&status=execution"),
        ("viewer_health", reverse("portfolio:project_list")),
        ("committee", reverse("portfolio:entity_detail", args=["MOH"])),
        ("committee", reverse("portfolio:strategy_detail", args=["NDTS"])),
        ("committee", reverse("dashboard:league")),
    ],
)
def test_pages_do_not_grow_with_the_portfolio(client, world, who, url):
    client.force_login(getattr(world, who))
    small, large, _response = queries_at_10_and_200(world, lambda: client.get(url))
    assert small == large
    assert large <= 20  # session, user, two-factor check, demo flag, filters, page, counts, sections


@pytest.mark.parametrize("who", ["committee", "focal_health"])
def test_the_dashboard_does_not_grow_with_the_portfolio(client, world, who):
    """Its sections read the kept rows (every project) or one grouped query each (a
    focal point's), on a cold cache, whatever the size of the portfolio."""
    from django.core.cache import cache

    client.force_login(getattr(world, who))

    def cold():
        cache.clear()
        return client.get("/")

    small, large, response = queries_at_10_and_200(world, cold)
    assert small == large
    assert large <= 26  # the request's own, the portfolio's rows twice, the committee's lists
    from marsad.accounts import scope

    readable = scope.readable(getattr(world, who), Project.objects.all()).count()
    assert readable >= (200 if who == "committee" else 60)
    assert response.context["figures"][0].value == readable  # "Projects": every one the reader may read


@pytest.mark.parametrize("resource", ["projects", "phases"])
def test_api_lists_do_not_grow_with_the_portfolio(world, resource):
    api = APIClient()
    api.force_authenticate(world.committee)
    small, large, response = queries_at_10_and_200(world, lambda: api.get(f"/api/v1/{resource}/?page_size=500"))
    assert response.json()["count"] >= 200  # every generated record was listed on one page
    if resource == "projects":  # counted from the kept counts: the same number as the rows
        assert response.json()["count"] == Project.objects.count() == len(response.json()["results"])
    assert small == large
    assert large <= 6
