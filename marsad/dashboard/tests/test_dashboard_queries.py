"""The dashboard and the league table cost the same number of queries however many
projects, obstacles and tasks there are."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from marsad.committee.models import Committee, Decision, Meeting, Task
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Project
from marsad.portfolio.tests.test_query_counts import count_queries, grow_portfolio

pytestmark = pytest.mark.django_db


def grow(world, count):
    grow_portfolio(world, count)
    meeting = Meeting.objects.get()
    decision = Decision.objects.get()
    for project in Project.objects.filter(code__startswith="GEN-"):
        Obstacle.objects.create(project=project, title=f"عقبة {project.code}", category="funding", level=3)
        Task.objects.create(
            decision=decision,
            title=f"مهمة {project.code}",
            assigned_entity=project.owner,
            due_date=meeting.date,
        )


def measured(client, world, url, count):
    grow(world, count)
    client.get(url)  # the day's first counts and the meeting day's snapshot, made once
    cache.clear()
    found, response = count_queries(lambda: client.get(url))
    Task.objects.all().delete()
    Obstacle.objects.all().delete()
    Project.objects.filter(code__startswith="GEN-").delete()
    from marsad.portfolio.models import Programme, Strategy

    Programme.objects.all().delete()
    Strategy.objects.all().delete()
    return found, response


@pytest.mark.slow
@pytest.mark.parametrize("url", [reverse("home"), reverse("dashboard:league")])
@pytest.mark.parametrize("who", ["committee", "focal_health"])
def test_the_dashboard_and_league_do_not_grow(client, world, who, url):
    committee = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(
        committee=committee, number=1, date=timezone.localdate() - datetime.timedelta(days=20), status="held"
    )
    Decision.objects.create(meeting=meeting, number=1, text="قرار", kind="other")
    client.force_login(getattr(world, who))
    small, _ = measured(client, world, url, 10)
    large, response = measured(client, world, url, 200)
    assert small == large
    assert large <= 45  # sign-in, the portfolio's figures and sections, the committee's lists
    body = response.content.decode()
    if url == reverse("home") and who == "committee":
        assert "عقبة GEN-0000" in body  # the oldest obstacle awaiting the committee is listed
