"""The audit log: what lands in it, who reads it, and that nothing can change it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from marsad.audit.models import AuditEvent, ImmutableAuditError
from marsad.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def latest(action):
    return AuditEvent.objects.filter(action=action).first()


def test_sign_in_and_failed_sign_in_are_recorded_with_the_address(world):
    client = Client()
    client.post("/accounts/login/", {"username": "committee", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/login/", {"username": "committee", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    failed, signed_in = latest("sign_in_failed"), latest("sign_in")
    assert failed.detail == "committee" and failed.ip_address == "10.1.2.3"
    assert signed_in.actor == world.committee and signed_in.ip_address == "10.1.2.3"
    assert signed_in.occurred_at.utcoffset().total_seconds() == 0  # stored in UTC


def test_an_api_change_is_recorded_with_before_and_after(world):
    api = APIClient()
    api.force_authenticate(world.focal_health)
    api.patch(
        "/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2027-08-01"}, format="json", REMOTE_ADDR="10.9.9.9"
    )
    event = latest("changed")
    assert event.actor == world.focal_health
    assert event.object_type == "portfolio.project"
    assert event.before == {"forecast_go_live": "2027-07-01", "updated_at": event.before["updated_at"]}
    assert event.after["forecast_go_live"] == "2027-08-01"
    assert event.ip_address == "10.9.9.9"


def test_creation_is_recorded(world):
    api = APIClient()
    api.force_authenticate(world.pmo)
    api.post("/api/v1/entities/", {"code": "MOE", "name_ar": "وزارة الكهرباء"}, format="json")
    event = latest("created")
    assert event.object_type == "portfolio.entity" and event.after["code"] == "MOE"


def test_refused_api_write_is_recorded(world):
    api = APIClient()
    api.force_authenticate(world.committee)
    assert api.patch("/api/v1/projects/NHR/", {"version": 1, "reported_percent": "5"}, format="json").status_code == 403
    event = latest("refused")
    assert event.actor == world.committee and event.path == "/api/v1/projects/NHR/" and event.method == "PATCH"


def test_read_outside_scope_is_refused_and_recorded(client, world):
    client.force_login(world.focal_finance)
    assert client.get(reverse("portfolio:project_detail", args=["NHR"])).status_code == 404
    event = latest("refused")
    assert event.actor == world.focal_finance
    assert "portfolio.project" in event.detail


def test_refused_page_action_is_recorded_and_explained(client, world):
    client.force_login(world.focal_finance)
    world.health_registry.participants.add(world.finance)  # readable, not changeable
    response = client.get(reverse("portfolio:project_edit", args=["NHR"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "هذا الإجراء غير مسموح لك" in html
    assert "يمكنك تعديل سجلات الجهات التي تمثّلها فقط" in html
    assert "وزارة المالية" in html  # the entities the person acts for
    assert latest("refused").path == reverse("portfolio:project_edit", args=["NHR"])


def test_programme_office_reads_and_searches_the_audit_log(client, world):
    Client().post("/accounts/login/", {"username": "viewer", "password": "wrong"}, REMOTE_ADDR="10.7.7.7")
    client.force_login(world.pmo)
    page = client.get(reverse("audit:log"), {"q": "10.7.7.7"})
    assert page.status_code == 200
    assert "محاولة دخول فاشلة" in page.content.decode()
    assert page.context["page"].paginator.count == 1
    assert client.get(reverse("audit:log"), {"action": "sign_in_failed"}).context["page"].paginator.count == 1


@pytest.mark.parametrize("who", ["committee", "focal_health", "viewer_health"])
def test_others_cannot_read_the_audit_log(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("audit:log")).status_code == 403


def test_audit_rows_cannot_be_changed_or_deleted(world):
    AuditEvent.objects.create(action="sign_in", actor_username="x")
    event = AuditEvent.objects.first()
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.update(detail="edited")
    with pytest.raises(ImmutableAuditError):
        AuditEvent.objects.all().delete()
    with pytest.raises(ImmutableAuditError):
        event.delete()
    event.detail = "edited"
    with pytest.raises(ImmutableAuditError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).detail == ""


def test_the_admin_offers_no_way_to_change_audit_rows(client, world):
    AuditEvent.objects.create(action="sign_in", actor_username="x")
    event = AuditEvent.objects.first()
    client.force_login(world.admin)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"detail": "x"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_log_page_reads_each_change_in_the_readers_language_and_names_its_time_zone(client, world):
    api = APIClient()
    api.force_authenticate(world.focal_health)
    api.patch("/api/v1/projects/NHR/", {"version": 1, "owner_health": "amber", "status": "piloting"}, format="json")
    client.force_login(world.pmo)
    page = client.get(reverse("audit:log"), {"action": "changed"}).content.decode()
    assert "Asia/Damascus" in page and "(UTC)" not in page
    event = AuditEvent.objects.filter(action="changed").first()
    assert (
        timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S") in page
    )  # Damascus time, as the header says
    assert "تقييم الجهة المالكة" in page and "أصفر" in page  # field label and choice, in Arabic
    assert "owner_health" not in page and "None" not in page and "{" not in page.split("audit-table")[1]
    client.cookies["django_language"] = "en"
    english = client.get(reverse("audit:log"), {"action": "changed"}).content.decode()
    assert "owner entity&#x27;s rating" in english and "Amber" in english and "→" in english
