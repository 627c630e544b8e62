"""A focal point of one ministry cannot read or change another ministry's records,
through any door, and every attempt is in the audit log."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from marsad.audit.models import AuditEvent
from marsad.portfolio.models import Programme, Strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client, world):
    """The Ministry of Finance's focal point, signed in (pages and API)."""
    strategy = Strategy.objects.create(code="NDTS", name_ar="الإستراتيجية", owner=world.moct)
    programme = Programme.objects.create(code="P-REG", name_ar="السجلات", strategy=strategy)
    world.health_registry.programme = programme
    world.health_registry.save()
    client.force_login(world.focal_finance)
    api = APIClient()
    api.force_authenticate(world.focal_finance)
    return client, api


def refusals():
    return AuditEvent.objects.filter(action="refused").count()


def unchanged(world):
    world.health_registry.refresh_from_db()
    return str(world.health_registry.forecast_go_live) == "2027-07-01" and world.health_registry.owner_health == ""


NAME = "السجل الوطني الصحي"


def test_not_in_lists_pages_or_api(finance, world):
    client, api = finance
    assert NAME not in client.get(reverse("portfolio:project_list")).content.decode()
    assert NAME not in client.get(reverse("portfolio:project_list"), {"q": "الصحي"}).content.decode()
    assert NAME not in client.get(reverse("portfolio:entity_detail", args=["MOH"])).content.decode()
    assert NAME not in client.get(reverse("portfolio:strategy_detail", args=["NDTS"])).content.decode()
    assert "NHR" not in api.get("/api/v1/projects/").content.decode()
    assert "NHR" not in api.get("/api/v1/projects/", {"q": "NHR"}).content.decode()
    assert "NHR" not in api.get("/api/v1/phases/").content.decode()
    league = client.get(reverse("dashboard:league")).context["league"]
    rows = {row.entity.code: row for row in league["rows"]}
    assert "MOH" not in rows and league["total"].owned == 1  # counts reveal nothing either


def test_detail_reads_are_refused_and_recorded(finance, world):
    client, api = finance
    before = refusals()
    assert client.get(reverse("portfolio:project_detail", args=["NHR"])).status_code == 404
    assert api.get("/api/v1/projects/NHR/").status_code == 404
    phase = world.health_registry.phases.first()
    assert api.get(f"/api/v1/phases/{phase.pk}/").status_code == 404
    assert refusals() == before + 3


def test_changes_through_the_form_are_refused_and_recorded(finance, world):
    client, _api = finance
    before = refusals()
    url = reverse("portfolio:project_edit", args=["NHR"])
    assert client.get(url).status_code == 404
    assert (
        client.post(url, {"status": "execution", "forecast_go_live": "2030-01-01", "owner_health": "red"}).status_code
        == 404
    )
    assert unchanged(world)
    assert refusals() == before + 2


def test_changes_through_the_api_are_refused_and_recorded(finance, world):
    _client, api = finance
    before = refusals()
    assert (
        api.patch("/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2030-01-01"}, format="json").status_code
        == 404
    )
    assert (
        api.put(
            "/api/v1/projects/NHR/", {"version": 1, "code": "NHR", "name_ar": "x", "owner": "MOF"}, format="json"
        ).status_code
        == 404
    )
    phase = world.health_registry.phases.first()
    assert api.delete(f"/api/v1/phases/{phase.pk}/").status_code == 404
    # Naming another ministry's project reads like naming one that does not exist.
    named = api.post("/api/v1/phases/", {"project": "NHR", "order": 5, "name_ar": "x"}, format="json")
    assert named.status_code == 400 and "project" in named.json()
    assert unchanged(world) and world.health_registry.phases.count() == 2
    assert refusals() == before + 3


def test_changes_through_the_admin_are_refused_and_recorded(finance, world):
    client, _api = finance
    world.focal_finance.is_staff = True  # even a focal point given admin access
    world.focal_finance.save()
    from django.contrib.auth.models import Permission

    world.focal_finance.user_permissions.set(Permission.objects.filter(content_type__app_label="portfolio"))
    before = refusals()
    url = reverse("admin:portfolio_project_change", args=[world.health_registry.pk])
    assert client.get(url).status_code == 302  # "does not exist" for them
    client.post(url, {"code": "NHR", "name_ar": "x", "owner": world.finance.pk, "status": "execution"})
    assert unchanged(world)
    assert refusals() >= before + 2
    listing = client.get(reverse("admin:portfolio_project_changelist")).content.decode()
    assert "NHR" not in listing and "ITAS" in listing


def test_a_public_record_is_readable_but_not_changeable(finance, world):
    client, api = finance
    world.health_registry.is_public = True
    world.health_registry.save()
    assert client.get(reverse("portfolio:project_detail", args=["NHR"])).status_code == 200
    before = refusals()
    assert client.get(reverse("portfolio:project_edit", args=["NHR"])).status_code == 403
    assert api.patch("/api/v1/projects/NHR/", {"version": 1, "owner_health": "red"}, format="json").status_code == 403
    assert unchanged(world)
    assert refusals() == before + 2


def test_own_records_remain_editable_through_the_form(client, world):
    client.force_login(world.focal_health)
    url = reverse("portfolio:project_edit", args=["NHR"])
    page = client.get(url).content.decode()
    assert 'name="owner"' not in page and 'name="pmo_health"' not in page  # server-owned fields
    response = client.post(
        url,
        {
            "version": 1,
            "status": "execution",
            "forecast_go_live": "2027-09-01",
            "owner_health": "amber",
            "owner": world.finance.pk,
        },
    )
    assert response.status_code == 302
    world.health_registry.refresh_from_db()
    assert str(world.health_registry.forecast_go_live) == "2027-09-01"
    assert world.health_registry.owner == world.health  # the smuggled owner field was ignored
    assert world.health_registry.history.first().history_user == world.focal_health


def test_server_owned_fields_are_refused_through_the_api_with_their_names(world):
    api = APIClient()
    api.force_authenticate(world.focal_health)
    record = api.get("/api/v1/projects/NHR/").json()
    before = refusals()
    response = api.patch(
        "/api/v1/projects/NHR/", {"version": 1, "pmo_health": "green", "is_public": True}, format="json"
    )
    assert response.status_code == 403
    assert "is_public" in response.json()["detail"] and "pmo_health" in response.json()["detail"]
    assert api.patch("/api/v1/projects/NHR/", {"version": 1, "code": "RENAMED"}, format="json").status_code == 403
    world.health_registry.refresh_from_db()
    assert (world.health_registry.code, world.health_registry.pmo_health, world.health_registry.is_public) == (
        "NHR",
        "",
        False,
    )
    assert refusals() == before + 2
    # The whole record sent back with only the owner's own fields changed is accepted.
    writable = {key: value for key, value in record.items() if value is not None}
    response = api.put("/api/v1/projects/NHR/", {**writable, "owner_health": "amber"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["owner_health"] == "amber"


def test_form_errors_name_the_field_in_arabic(client, world):
    client.force_login(world.focal_health)
    response = client.post(
        reverse("portfolio:project_edit", args=["NHR"]),
        {"version": 1, "status": "in_service", "forecast_start": "2027-05-01", "forecast_go_live": "2027-01-01"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "لا يمكن أن يسبق موعد الدخول في الخدمة تاريخ البداية" in html
    assert "أدخل تاريخ دخول المشروع في الخدمة" in html
    assert "لم يُحفظ شيء" in html
