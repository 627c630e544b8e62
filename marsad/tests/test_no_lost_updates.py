"""No lost updates: a change based on a version that is no longer the stored one is
refused, in the API (409), in the pages (a message showing what changed) and under
real concurrency (separate threads, each with its own database connection)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from marsad.lib.records import save_if_current
from marsad.lib.versioning import StaleVersion
from marsad.portfolio.models import Phase, Project

pytestmark = pytest.mark.race

ROUNDS = 200


def race(model, pk: int, field: str, values: tuple[str, str]) -> dict[str, str]:
    """Two editors read the same version and save at the same moment."""
    version = model.objects.get(pk=pk).version
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit(value):
        try:
            record = model.objects.get(pk=pk)
            setattr(record, field, value)
            start.wait()
            save_if_current(record, version)
            outcomes[value] = "saved"
        except StaleVersion:
            outcomes[value] = "refused"
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=edit, args=(value,)) for value in values]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model", [Project, Phase])
def test_of_two_simultaneous_edits_exactly_one_wins(world, model):
    record = world.health_registry if model is Project else world.health_registry.phases.first()
    field = "description" if model is Project else "name_en"
    version = record.version
    for round_number in range(ROUNDS):
        values = (f"first {round_number}", f"second {round_number}")
        outcomes = race(model, record.pk, field, values)
        assert sorted(outcomes.values()) == ["refused", "saved"], (round_number, outcomes)
        winner = next(value for value, outcome in outcomes.items() if outcome == "saved")
        stored = model.objects.get(pk=record.pk)
        assert getattr(stored, field) == winner
        assert stored.version == version + round_number + 1


@pytest.mark.django_db
def test_the_api_refuses_a_stale_version_with_409(world):
    api = APIClient()
    api.force_authenticate(world.focal_health)
    read = api.get("/api/v1/projects/NHR/").json()
    first = api.patch("/api/v1/projects/NHR/", {"version": read["version"], "owner_health": "amber"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == read["version"] + 1
    second = api.patch("/api/v1/projects/NHR/", {"version": read["version"], "owner_health": "red"}, format="json")
    assert second.status_code == 409
    assert second.json()["version"] == read["version"] + 1
    missing = api.patch("/api/v1/projects/NHR/", {"owner_health": "red"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    world.health_registry.refresh_from_db()
    assert world.health_registry.owner_health == "amber"


@pytest.mark.django_db
def test_the_form_shows_what_changed_and_keeps_the_stored_record(client, world):
    client.force_login(world.focal_health)
    url = reverse("portfolio:project_edit", args=["NHR"])
    client.get(url)
    # Someone else saves first.
    project = Project.objects.get(code="NHR")
    project.owner_health = "green"
    save_if_current(project, 1)

    response = client.post(url, {"version": 1, "status": "execution", "owner_health": "red"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "حفظ شخص آخر هذا السجل" in html
    assert "أخضر" in html and "أحمر" in html  # the stored rating and the one typed
    assert "إعادة تحميل السجل المحفوظ" in html
    project.refresh_from_db()
    assert project.owner_health == "green"
    # Reloading gives the new version, and saving from it works.
    assert 'name="version" value="2"' in client.get(url).content.decode()
    assert client.post(url, {"version": 2, "status": "execution", "owner_health": "red"}).status_code == 302


@pytest.mark.django_db
def test_the_admin_refuses_a_change_based_on_an_old_version(client, world):
    client.force_login(world.admin)
    url = reverse("admin:portfolio_entity_change", args=[world.health.pk])
    assert 'name="opened_version" value="1"' in client.get(url).content.decode()
    world.health.name_en = "Ministry of Public Health"
    save_if_current(world.health, 1)  # someone else saves first

    form = {"code": "MOH", "name_ar": "وزارة الصحة", "name_en": "Health", "kind": "ministry", "opened_version": 1}
    response = client.post(url, form)
    assert response.status_code == 200
    assert "حفظ شخص آخر هذا السجل بعد أن فتحته" in response.content.decode()
    world.health.refresh_from_db()
    assert world.health.name_en == "Ministry of Public Health"
    assert client.post(url, {**form, "opened_version": 2}).status_code == 302
    world.health.refresh_from_db()
    assert (world.health.name_en, world.health.version) == ("Health", 3)
