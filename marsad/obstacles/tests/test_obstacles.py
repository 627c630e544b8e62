"""Obstacles: who may raise, escalate and resolve; the climb by age; the health effect;
go-live gates."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from marsad.obstacles.choices import Level
from marsad.obstacles.models import Escalation, Obstacle, Requirement
from marsad.obstacles.services import escalate_aged, obstacle_escalate, obstacle_raise, obstacle_set_status
from marsad.portfolio.models import Project

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 28)


def at(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6), tzinfo=datetime.UTC), tick=False)


def raise_one(world, user=None, **fields):
    fields = {"title": "تقسيم الأدوار بين الجهات", "category": "coordination", "severity": "high", **fields}
    with at(fields.pop("on", DAY)):
        return obstacle_raise(project=world.health_registry, user=user or world.focal_health, **fields)


def test_focal_points_raise_on_their_own_projects_only(world):
    assert raise_one(world).raised_by == world.focal_health
    for user in (world.focal_finance, world.viewer_health, world.committee):
        with pytest.raises(PermissionDenied):
            raise_one(world, user)
    assert raise_one(world, world.pmo).project == world.health_registry


def test_only_the_programme_office_puts_an_obstacle_before_the_committee(world):
    obstacle = raise_one(world)
    obstacle_escalate(obstacle=obstacle, user=world.focal_health, version=1, reason="تحتاج تدخل مكتب البرنامج")
    assert obstacle.level == Level.PROGRAMME_OFFICE
    with pytest.raises(PermissionDenied):
        obstacle_escalate(obstacle=obstacle, user=world.focal_health, version=2, reason="للجنة")
    with pytest.raises(PermissionDenied):
        obstacle_escalate(obstacle=obstacle, user=world.focal_finance, version=2, reason="للجنة")
    with pytest.raises(ValidationError):
        obstacle_escalate(obstacle=obstacle, user=world.pmo, version=2, reason=" ")
    obstacle_escalate(obstacle=obstacle, user=world.pmo, version=2, reason="خلاف بين الجهات")
    assert obstacle.level == Level.COMMITTEE
    assert list(obstacle.escalations.values_list("from_level", "to_level", "by__username")) == [
        (1, 2, "focal.health"),
        (2, 3, "pmo"),
    ]
    with pytest.raises(PermissionDenied):
        raise_one(world, world.focal_health, level=Level.COMMITTEE)


def test_resolving_needs_a_resolution_and_measures_time_to_unblock(world):
    obstacle = raise_one(world, on=datetime.date(2026, 9, 1))
    with pytest.raises(PermissionDenied):
        obstacle_set_status(obstacle=obstacle, user=world.focal_finance, version=1, status="resolved", resolution="x")
    with pytest.raises(ValidationError):
        obstacle_set_status(obstacle=obstacle, user=world.focal_health, version=1, status="resolved")
    with at(datetime.date(2026, 10, 15)):
        obstacle_set_status(
            obstacle=obstacle,
            user=world.focal_health,
            version=1,
            status="resolved",
            resolution="شُكّلت لجنة فنية لتقسيم الأدوار",
            decision_reference="قرار اللجنة العليا 12/2026",
        )
    assert obstacle.resolved_on == datetime.date(2026, 10, 15)
    assert obstacle.age_days(DAY) == 44  # the days it took to unblock, not its age today


def test_obstacles_climb_when_they_age_past_their_severity_limit(world):
    high = raise_one(world, on=datetime.date(2026, 11, 1))  # high: 14 days a level
    low = raise_one(world, severity="low", on=datetime.date(2026, 11, 1))  # low: 60 days
    assert escalate_aged(datetime.date(2026, 11, 14)) == []
    assert escalate_aged(datetime.date(2026, 11, 15)) == [high]
    high.refresh_from_db()
    assert (high.level, high.level_since) == (Level.PROGRAMME_OFFICE, datetime.date(2026, 11, 15))
    assert escalate_aged(datetime.date(2026, 11, 15)) == []  # again the same day: nothing
    assert escalate_aged(datetime.date(2026, 11, 29)) == [high]  # 14 more days: the committee
    assert escalate_aged(datetime.date(2027, 6, 1)) == [low]  # the committee is the top
    escalation = Escalation.objects.filter(obstacle=high).last()
    assert escalation.automatic and escalation.by is None and "14" in escalation.reason


def test_the_command_is_idempotent(world):
    raise_one(world, on=datetime.date(2026, 11, 1))
    with at(datetime.date(2026, 11, 20)):
        call_command("escalate_obstacles", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("escalate_obstacles", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Escalation.objects.count() == 1
    assert Obstacle.objects.get().level == Level.PROGRAMME_OFFICE


def test_an_open_committee_obstacle_pulls_the_health_down_one_step(world):
    def health():
        return Project.objects.with_progress(today=DAY).get(code="NHR").schedule_health

    before = health()
    assert before == "amber_red"  # 122 days late
    obstacle = raise_one(world)
    obstacle_escalate(obstacle=obstacle, user=world.pmo, version=1, reason="للجنة", to_level=Level.COMMITTEE)
    assert health() == "red"
    obstacle_set_status(obstacle=obstacle, user=world.pmo, version=2, status="resolved", resolution="حُلّت")
    assert health() == before


def test_a_go_live_gate_blocks_entering_service_and_says_which(client, world):
    Requirement.objects.create(
        project=world.health_registry, kind="staff", description="تأهيل كادر التشغيل", is_gate=True
    )
    client.force_login(world.focal_health)
    response = client.post(reverse("portfolio:project_edit", args=["NHR"]), {"version": 1, "status": "in_service"})
    assert "تأهيل كادر التشغيل" in response.content.decode()
    api = APIClient()
    api.force_authenticate(world.pmo)
    refused = api.patch("/api/v1/projects/NHR/", {"version": 1, "status": "in_service"}, format="json")
    assert refused.status_code == 400 and "تأهيل كادر التشغيل" in str(refused.json()["status"])
    world.health_registry.refresh_from_db()
    assert world.health_registry.status == "execution"
    Requirement.objects.update(status="delivered")
    entered = api.patch(
        "/api/v1/projects/NHR/",
        {"version": 1, "status": "in_service", "actual_go_live": "2026-11-20"},
        format="json",
    )
    assert entered.status_code == 200, entered.json()


def test_an_obstacle_stays_with_its_project_whichever_way_the_change_comes(world):
    obstacle = raise_one(world)
    api = APIClient()
    api.force_authenticate(world.pmo)
    moved = api.patch(f"/api/v1/obstacles/{obstacle.pk}/", {"version": 1, "project": "ITAS"}, format="json")
    assert moved.status_code == 400 and "project" in moved.json()
    obstacle.project = world.tax
    with pytest.raises(ValidationError):
        obstacle.full_clean()  # the admin and every other way in run the same rule
    obstacle.refresh_from_db()
    assert obstacle.project == world.health_registry
