"""Events: what people did reaches those it concerns — in the app and by e-mail — and
nobody else; a focal point never hears of another ministry's private records."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from marsad.committee import decisions
from marsad.committee.models import Committee, Meeting, Task
from marsad.committee.tasks import task_update
from marsad.notifications import mail
from marsad.notifications.models import Kind, Notification
from marsad.notifications.services import events_notify
from marsad.notifications.tests.conftest import subject
from marsad.obstacles.services import obstacle_escalate, obstacle_raise
from marsad.portfolio.baselines import request_rebaseline
from marsad.reports.services import report_accept, report_return, report_start, report_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    # The clock runs on (tick): a record's history tells its changes apart by their time.
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC), tick=True):
        yield


@pytest.fixture
def notifier(world, addresses, smtp):
    """The notifier switched on before anything happens (its first run marks the log's
    end); `run()` tells people of what happened since and sends the mails."""
    events_notify()

    def run():
        made = events_notify()
        mail.send_waiting()
        return made

    return run


@pytest.fixture
def meeting(world):
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    return Meeting.objects.create(committee=higher, number=7, date=datetime.date(2026, 11, 26), status="held")


def heard(user, kind=None) -> list[str]:
    found = Notification.objects.for_user(user)
    if kind:
        found = found.filter(kind=kind)
    return [notification.text for notification in found]


def everyone(world):
    return [world.pmo, world.committee, world.focal_health, world.focal_finance, world.viewer_health, world.admin]


def only(world, kind, *people):
    """Exactly `people` heard of `kind`."""
    told = {user.username for user in everyone(world) if heard(user, kind)}
    assert told == {user.username for user in people}


def test_a_returned_report_tells_its_owners_why_in_the_app_and_by_mail(world, notifier, smtp):
    report = report_start(project=world.health_registry, user=world.focal_health)
    report = report_submit(report=report, user=world.focal_health, version=report.version)
    report_return(report=report, user=world.pmo, version=report.version, reason="أرفقوا محضر الاستلام")
    assert notifier() == 1
    only(world, Kind.REPORT_RETURNED, world.focal_health)
    assert heard(world.focal_health) == ["أُعيد تقرير إنجاز السجل الوطني الصحي: أرفقوا محضر الاستلام"]
    [sent] = smtp.to("focal.health@example.org")
    assert subject(sent) == "مرصد: أُعيد تقرير الإنجاز"
    assert "أرفقوا محضر الاستلام" in sent.get_body(("plain",)).get_content()
    assert smtp.to("focal.finance@example.org") == []


def test_an_accepted_report_is_in_the_app_only_by_default(world, notifier, smtp):
    report = report_start(project=world.health_registry, user=world.focal_health)
    report = report_submit(report=report, user=world.focal_health, version=report.version)
    report_accept(report=report, user=world.pmo, version=report.version)
    notifier()
    only(world, Kind.REPORT_ACCEPTED, world.focal_health)
    assert smtp.messages == []


def test_a_task_assigned_and_updated(world, notifier, smtp, meeting):
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="تكليفات")
    notifier()
    task = Task.objects.create(decision=decision, title="ربط المشافي بالسجل", assigned_entity=world.health)
    notifier()
    only(world, Kind.TASK_ASSIGNED, world.focal_health)
    assert heard(world.focal_health, Kind.TASK_ASSIGNED) == ["أُسند إلى جهتكم تكليف: «ربط المشافي بالسجل»."]
    assert smtp.subjects("focal.health@example.org") == ["مرصد: تكليف جديد"]

    task_update(task=task, user=world.pmo, version=task.version, text="بدأ العمل", status="in_progress")
    notifier()
    only(world, Kind.TASK_UPDATED, world.focal_health)
    # An update is in the app only, unless the person asks for mail.
    assert smtp.subjects("focal.health@example.org") == ["مرصد: تكليف جديد"]


def test_an_obstacle_raised_escalated_and_resolved(client, world, notifier, smtp):
    obstacle = obstacle_raise(
        project=world.health_registry,
        user=world.focal_health,
        title="تأخر توريد المخدمات",
        category="infrastructure",
        responsible_entity=world.finance,
    )
    notifier()
    # Raised by the Ministry of Health's focal point: nobody else at Health to tell; the
    # Ministry of Finance, which is to remove it, reads it and is told.
    only(world, Kind.OBSTACLE_RAISED, world.focal_finance)
    obstacle_escalate(obstacle=obstacle, user=world.pmo, version=obstacle.version, reason="لم يُحل", to_level=3)
    notifier()
    only(world, Kind.OBSTACLE_ESCALATED, world.focal_health, world.focal_finance, world.committee)  # the PMO did it
    assert heard(world.committee) == ["صُعّدت العقبة «تأخر توريد المخدمات» في السجل الوطني الصحي إلى: اللجنة العليا."]
    obstacle.refresh_from_db()
    # Resolved from its page by the programme office, who is not told of its own act.
    client.force_login(world.pmo)
    client.post(
        reverse("obstacles:obstacle_detail", args=[obstacle.pk]),
        {"action": "status", "version": obstacle.version, "status": "resolved", "resolution": "وُردت"},
    )
    notifier()
    only(world, Kind.OBSTACLE_RESOLVED, world.focal_health, world.focal_finance)
    assert "focal.finance@example.org" in {m["To"] for m in smtp.messages}


def test_an_obstacle_reaches_the_entity_that_must_remove_it_though_it_takes_no_part(client, world, notifier):
    """The Ministry of Finance takes no part in the health registry: it reads the obstacle
    it is to remove (page and API) and is told of it, and nothing else of the project."""
    obstacle = obstacle_raise(
        project=world.health_registry,
        user=world.pmo,
        title="اعتماد التمويل",
        category="funding",
        responsible_entity=world.finance,
    )
    notifier()
    only(world, Kind.OBSTACLE_RAISED, world.focal_health, world.focal_finance)
    client.force_login(world.focal_finance)
    assert "اعتماد التمويل" in client.get(reverse("obstacles:obstacle_detail", args=[obstacle.pk])).content.decode()
    assert client.get(f"/api/v1/obstacles/{obstacle.pk}/").json()["title"] == "اعتماد التمويل"
    assert client.get(reverse("portfolio:project_detail", args=["NHR"])).status_code == 404
    other = obstacle_raise(project=world.health_registry, user=world.pmo, title="تأخر التوريد", category="funding")
    assert client.get(reverse("obstacles:obstacle_detail", args=[other.pk])).status_code == 404


def test_a_decision_reaches_the_entities_it_concerns(world, notifier, smtp, meeting):
    decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="other",
        text="تسريع ربط المشافي",
        projects=[world.health_registry],
    )
    notifier()
    only(world, Kind.DECISION, world.focal_health)
    [text] = heard(world.focal_health)
    assert text == "القرار 1 من اللجنة العليا للتحول الرقمي — الاجتماع 7 (26 تشرين الثاني 2026): «تسريع ربط المشافي»."
    assert smtp.subjects("focal.health@example.org") == ["مرصد: قرار للجنة"]


def test_a_rebaseline_requested_then_decided(world, notifier, meeting):
    request_rebaseline(
        project=world.health_registry,
        user=world.focal_health,
        reason="تأخر التوريد",
        new_go_live=datetime.date(2027, 9, 1),
    )
    notifier()
    only(world, Kind.REBASELINE_REQUESTED, world.pmo)
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="approve_rebaseline",
        text="الموافقة على تعديل موعد الدخول في الخدمة",
        projects=[world.health_registry],
        new_baseline_go_live=datetime.date(2027, 9, 1),
    )
    decisions.apply(decision=decision, user=world.pmo)
    notifier()
    only(world, Kind.REBASELINE_DECIDED, world.focal_health)
    assert heard(world.focal_health, Kind.REBASELINE_DECIDED) == [
        "مُنح تعديل خط الأساس المطلوب لمشروع السجل الوطني الصحي."
    ]


def test_each_event_is_told_once_however_often_the_notifier_runs(world, notifier, smtp):
    report = report_start(project=world.health_registry, user=world.focal_health)
    report = report_submit(report=report, user=world.focal_health, version=report.version)
    report_return(report=report, user=world.pmo, version=report.version, reason="ناقص")
    assert notifier() == 1
    assert notifier() == 0
    assert len(smtp.to("focal.health@example.org")) == 1


def test_the_committee_hears_of_a_pack_issued_for_its_meeting(client, world, notifier, meeting):
    from marsad.documents import services as documents
    from marsad.documents.models import DocumentKind

    pack = documents.make(DocumentKind.PACK, meeting, world.pmo)
    notifier()
    assert not heard(world.committee, Kind.PACK_ISSUED)  # made, not yet issued
    client.force_login(world.pmo)
    client.post(reverse("documents:pack_issue", args=[pack.pk]))
    notifier()
    only(world, Kind.PACK_ISSUED, world.committee)  # the programme office issued it
    assert heard(world.committee, Kind.PACK_ISSUED) == [
        f"صدر ملف الاجتماع المعقود في 26 تشرين الثاني 2026: {pack.title}."
    ]


def test_an_obstacle_raised_straight_to_the_committee_reaches_its_members(world, notifier):
    obstacle_raise(
        project=world.health_registry,
        user=world.pmo,
        title="تعارض الصلاحيات بين الوزارتين",
        category="coordination",
        level=3,
    )
    notifier()
    assert heard(world.committee, Kind.OBSTACLE_RAISED)
