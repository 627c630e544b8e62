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


def test_the_portfolio_page_shows_a_change_at_once_and_only_what_the_reader_may_read(client, world):
    client.force_login(world.committee)
    first = client.get("/projects/").content.decode()
    assert client.get("/projects/").content.decode().count("<tr") == first.count("<tr")  # served again
    project = Project.objects.get(code="NHR")
    project.name_ar = "السجل الصحي الوطني الموحد"
    record_save(project, version=project.version)
    assert "السجل الصحي الوطني الموحد" in client.get("/projects/").content.decode()
    client.force_login(world.focal_finance)  # another reader, same address: its own list
    assert "السجل الصحي الوطني الموحد" not in client.get("/projects/").content.decode()


def test_the_meeting_summary_follows_a_change(client, world):
    import datetime

    from marsad.committee.models import Committee, Meeting

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 8, 20), status="approved")
    meeting = Meeting.objects.create(committee=higher, number=2, date=datetime.date(2099, 1, 1), status="planned")
    client.force_login(world.committee)

    def new_projects():
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        section = page[page.index('class="list-inline px-3 mb-2 change-counts"') :]
        return section.split('<span class="figure">')[1].split("<")[0]

    before = new_projects()
    record_save(Project(code="LATE", name_ar="مشروع متأخر الإدراج", owner=world.health))
    assert int(new_projects()) == int(before) + 1
