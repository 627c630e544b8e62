"""The agenda builder on a worked example, and matters arising."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from marsad.committee import agenda
from marsad.committee.models import Committee, Decision, Meeting, Task
from marsad.conftest import make_project
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Project

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def example(world):
    """World's projects (NHR slipping 122 days, amber-red computed; ITAS on schedule;
    CERT in service) plus one of each exception and one of each near miss."""
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    other = Committee.objects.create(code="GSB-TC", name_ar="اللجنة الفنية للناقل", parent=higher)
    earlier = Meeting.objects.create(committee=higher, number=6, date=datetime.date(2026, 8, 20), status="approved")
    this = Meeting.objects.create(committee=higher, number=7, date=datetime.date(2026, 12, 5))
    technical = Meeting.objects.create(committee=other, number=1, date=datetime.date(2026, 9, 1), status="held")
    red = make_project("RED", world.finance, status="execution", pmo_health="red")
    make_project("PROPOSAL", world.finance, status="proposed", pmo_health="red")  # not in the programme yet
    stale = make_project("STALE", world.health, status="execution", actual_start=datetime.date(2026, 1, 1))
    make_project("QUIET", world.health, status="execution", pmo_health="amber")
    make_project(  # 20 days late: still amber-green, the programme office's to follow
        "LATE-A-LITTLE",
        world.finance,
        status="execution",
        original_baseline_go_live=datetime.date(2027, 6, 1),
        baseline_go_live=datetime.date(2027, 6, 1),
        forecast_go_live=datetime.date(2027, 6, 21),
    )

    def task(meeting, number, title, due, status="open"):
        decision = Decision.objects.create(
            meeting=meeting, number=number, kind="assign_task", text=title, status="applied"
        )
        return Task.objects.create(
            decision=decision, title=title, assigned_entity=world.health, due_date=due, status=status
        )

    overdue = task(earlier, 1, "تقرير عن الربط", datetime.date(2026, 11, 1))
    not_due = task(earlier, 2, "خطة التدريب", datetime.date(2027, 2, 1), status="in_progress")
    task(earlier, 3, "منجز", datetime.date(2026, 10, 1), status="done")
    task(technical, 1, "مهمة اللجنة الفنية", datetime.date(2026, 10, 1))  # another committee's
    committee_obstacle = Obstacle.objects.create(
        project=world.tax, title="نقص التجهيزات", category="equipment", level=3, raised_on=datetime.date(2026, 10, 29)
    )
    Obstacle.objects.create(project=world.tax, title="عند المكتب", category="staff", level=2)
    Obstacle.objects.create(project=world.tax, title="أزيلت", category="staff", level=3, status="resolved")
    return locals() | {"world": world}


def test_the_builder_proposes_exactly_the_exceptions(example):
    found = {p.key: p for p in agenda.proposals(example["this"], TODAY)}
    w = example["world"]
    assert set(found) == {
        f"project:{w.health_registry.pk}",
        f"project:{example['red'].pk}",
        f"project:{example['stale'].pk}",
        f"obstacle:{example['committee_obstacle'].pk}",
        f"task:{example['overdue'].pk}",
    }
    assert found[f"project:{w.health_registry.pk}"].reasons == [
        "computed health Amber-red",
        "122 days behind its baseline go-live",
    ]
    assert found[f"project:{example['red'].pk}"].reasons == ["rated Red"]
    assert found[f"project:{example['stale'].pk}"].reasons == ["progress report overdue"]
    assert found[f"obstacle:{example['committee_obstacle'].pk}"].reasons == ["open before the committee, 30 days old"]
    assert found[f"task:{example['overdue'].pk}"].reasons == ["27 days past its due date"]


def test_matters_arising_are_the_open_tasks_of_earlier_meetings(example):
    arising = set(Task.objects.matters_arising(example["this"]))
    assert arising == {example["overdue"], example["not_due"]}


def test_accepted_proposals_become_ordered_items_and_are_not_proposed_again(example):
    this, w = example["this"], example["world"]
    keys = [f"task:{example['overdue'].pk}", f"project:{example['red'].pk}"]
    items = agenda.accept(meeting=this, user=w.pmo, keys=keys, today=TODAY)
    # In the order the builder lists them (projects, obstacles, tasks), after what was there.
    assert [(i.order, i.kind, i.project or i.task) for i in items] == [
        (1, "project", example["red"]),
        (2, "task", example["overdue"]),
    ]
    assert items[0].presenter_entity == w.finance and items[0].reason == "rated Red"
    remaining = {p.key for p in agenda.proposals(this, TODAY)}
    assert not remaining & set(keys) and len(remaining) == 3

    agenda.move(item=items[1], user=w.pmo, step=-1)
    assert list(this.items.values_list("title", flat=True)) == ["تقرير عن الربط", example["red"].name_en]
    with pytest.raises(PermissionDenied):
        agenda.accept(meeting=this, user=w.committee, keys=keys, today=TODAY)


def test_a_pending_rebaseline_request_puts_the_project_on_the_proposals(example):
    from marsad.portfolio.baselines import request_rebaseline

    w = example["world"]
    quiet = Project.objects.get(code="QUIET")  # on course: not proposed until it asks
    assert f"project:{quiet.pk}" not in {p.key for p in agenda.proposals(example["this"], TODAY)}
    request_rebaseline(project=quiet, user=w.focal_health, reason="تأخر التوريد", new_go_live=datetime.date(2027, 9, 1))
    found = {p.key: p for p in agenda.proposals(example["this"], TODAY)}
    assert found[f"project:{quiet.pk}"].reasons == ["rebaseline requested (entering service 1 September 2027)"]
