"""The projects API serves a cached list only while nothing it shows has changed."""

import pytest
from rest_framework.test import APIClient

from marsad.conftest import make_phase
from marsad.lib.records import record_save
from marsad.portfolio.models import Entity, Programme, Project, Strategy

pytestmark = pytest.mark.django_db


def listed(client, **query):
    return {row["code"]: row for row in client.get("/api/v1/projects/", query).json()["results"]}


def test_every_kind_of_write_shows_at_once_in_the_cached_list(world):
    client = APIClient()
    client.force_authenticate(world.committee)
    first = listed(client)
    project = Project.objects.get(code="NHR")
    assert listed(client) == first  # served again, unchanged

    make_phase(project, 7, 1, 100)  # a phase: the figures move
    assert listed(client)["NHR"]["execution_percent"] != first["NHR"]["execution_percent"]

    project.name_en = "Renamed"
    record_save(project, version=project.version)
    assert listed(client)["NHR"]["name_en"] == "Renamed"

    owner = Entity.objects.get(pk=project.owner_id)
    owner.code = "MOH2"
    owner.save()  # an entity's code shows as the owner
    assert listed(client)["NHR"]["owner"] == "MOH2"

    strategy = Strategy.objects.create(code="NDTS", name_ar="الاستراتيجية", owner=owner)
    programme = Programme.objects.create(code="GOV", name_ar="الحكومة الإلكترونية", strategy=strategy)
    project.refresh_from_db()
    project.programme = programme
    record_save(project, version=project.version)
    assert listed(client)["NHR"]["programme"] == "GOV"
    programme.code = "EGOV"
    programme.save()  # a programme's code shows too
    assert listed(client)["NHR"]["programme"] == "EGOV"
