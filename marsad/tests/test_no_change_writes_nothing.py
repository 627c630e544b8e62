"""A change that changes nothing writes nothing, on every resource one changes by
PATCH with a version: the current version and no new value answer 200 with the
record, and leave its version, its history and the audit log as they were; a stale
version is 409 whether the request changes anything or not."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from rest_framework.test import APIClient

from marsad.accounts.models import Role, User
from marsad.audit.models import AuditEvent
from marsad.portfolio.models import Project
from marsad.reports.services import report_start

pytestmark = pytest.mark.django_db

# Every resource whose records the programme office changes with PATCH (decisions and
# tasks move by their own steps; measurements are written by period, without versions).
RESOURCES = [
    "entities", "strategies", "programmes", "projects", "phases", "reports?status=draft", "obstacles",
    "requirements", "indicators", "committees", "meetings", "agenda-items", "rollouts", "rollout-participants",
]  # fmt: skip


def _histories() -> int:
    from django.apps import apps

    return sum(model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical"))


def test_no_change_writes_nothing_and_a_stale_version_is_409_on_every_resource():
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, tzinfo=datetime.UTC), tick=False):
        call_command("demo", "--quiet-logins", verbosity=0)
    pmo = User.objects.filter(role=Role.PMO, is_active=True).first()
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC), tick=False):
        report_start(project=Project.objects.get(code="CERT"), user=pmo)  # a draft, the one kind one edits
    api = APIClient()
    api.force_authenticate(pmo)
    for resource in RESOURCES:
        name, _, query = resource.partition("?")
        first = api.get(f"/api/v1/{name}/?{query}").json()["results"][0]
        url = f"/api/v1/{name}/{first.get('code') or first['id']}/"
        read = api.get(url).json()
        histories, audits = _histories(), AuditEvent.objects.count()

        same = api.patch(url, {"version": read["version"]}, format="json")
        assert same.status_code == 200, (resource, same.content)
        assert same.json() == read, resource  # the record, as it was
        assert (_histories(), AuditEvent.objects.count()) == (histories, audits), resource

        for stale in (read["version"] + 1, 999, 10**19):
            refused = api.patch(url, {"version": stale}, format="json")
            assert refused.status_code in (409, 400), (resource, stale, refused.content)
            if stale < 2**31:
                assert refused.status_code == 409 and refused.json()["version"] == read["version"], resource
        assert api.get(url).json() == read, resource
        assert (_histories(), AuditEvent.objects.count()) == (histories, audits), resource


def test_a_page_form_that_changes_only_who_takes_part_is_a_change(client, world):
    """Many-to-many values count: changing only a project's participating entities
    through its page is saved as a change (a new version, history), not skipped."""
    from django.urls import reverse

    from marsad.portfolio.forms import ProjectForm

    project = Project.objects.get(code="NHR")
    form = ProjectForm(instance=project, settable=None)
    body = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            body[name] = [getattr(item, "pk", item) for item in value]
        elif hasattr(value, "pk"):
            body[name] = value.pk
        elif isinstance(value, bool):
            if value:
                body[name] = "on"
        else:
            body[name] = value
    body["participants"] = [world.finance.pk]
    body["version"] = project.version
    histories = project.history.count()
    client.force_login(world.pmo)
    response = client.post(reverse("portfolio:project_edit", args=["NHR"]), body)
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert list(project.participants.values_list("code", flat=True)) == ["MOF"]
    assert project.version == body["version"] + 1 and project.history.count() > histories
