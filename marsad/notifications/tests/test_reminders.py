"""Reminders before things are late: who hears of what, once per event and date."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marsad.accounts.models import Role
from marsad.committee import decisions
from marsad.committee.models import Committee, Meeting, Task
from marsad.conftest import make_user, set_language
from marsad.notifications import digest
from marsad.notifications.models import Kind, Notification
from marsad.notifications.services import reminders_send

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 28)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def tasks(world):
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 10, 1), status="held")
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="تكليفات")

    def task(title, entity, due, status="open"):
        return Task.objects.create(decision=decision, title=title, assigned_entity=entity, due_date=due, status=status)

    return {
        "late": task("ربط المشافي", world.health, datetime.date(2026, 11, 20)),
        "soon": task("خطة الفوترة", world.finance, datetime.date(2026, 12, 2)),
        "far": task("دراسة", world.health, datetime.date(2027, 3, 1)),
        "done": task("منجزة", world.health, datetime.date(2026, 11, 1), status="done"),
    }


def texts_of(user) -> list[str]:
    return sorted(notification.text for notification in Notification.objects.for_user(user))


def test_a_task_reminds_only_its_entitys_focal_points(world, tasks):
    reminders_send(today=TODAY)
    health = Notification.objects.for_user(world.focal_health)
    assert [(n.kind, n.data["name_ar"]) for n in health] == [(Kind.TASK_OVERDUE, "ربط المشافي")]
    finance = Notification.objects.for_user(world.focal_finance)
    assert [(n.kind, n.data["name_ar"]) for n in finance if n.kind.startswith("task")] == [
        (Kind.TASK_DUE_SOON, "خطة الفوترة")
    ]
    # Not the viewer, not the committee, not another ministry's focal point.
    for user in (world.viewer_health, world.committee):
        assert not Notification.objects.for_user(user).filter(kind__startswith="task").exists()
    assert "ربط المشافي" not in " ".join(texts_of(world.focal_finance))


def test_a_missed_go_live_reaches_the_owner_and_the_programme_office(world):
    # The tax system's expected go-live is 1 January 2027: near from 2 December (30 days).
    reminders_send(today=TODAY)
    assert not Notification.objects.filter(kind=Kind.GO_LIVE_NEAR).exists()
    reminders_send(today=datetime.date(2026, 12, 5))
    assert Notification.objects.for_user(world.focal_finance).filter(kind=Kind.GO_LIVE_NEAR).count() == 1
    assert not Notification.objects.for_user(world.pmo).filter(kind=Kind.GO_LIVE_NEAR).exists()
    reminders_send(today=datetime.date(2027, 1, 5))
    missed = Notification.objects.filter(kind=Kind.GO_LIVE_MISSED)
    assert sorted(n.recipient.username for n in missed) == ["focal.finance", "pmo"]
    assert not missed.filter(recipient=world.focal_health).exists()


def test_running_twice_or_again_the_next_day_makes_each_reminder_once(world, tasks):
    first = reminders_send(today=TODAY)
    assert first > 0
    assert reminders_send(today=TODAY) == 0
    # The next day the same overdue task, same due date: still once.
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == 1
    reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == 1
    # Its due date moves: that is a new event, announced again.
    tasks["late"].due_date = datetime.date(2026, 11, 25)
    tasks["late"].save()
    reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == 2


def test_a_day_the_job_missed_is_made_up(world, tasks):
    # The task due on 2 December was "due soon" from 25 November; the job first runs on
    # the 28th: it still says so.
    reminders_send(today=TODAY)
    assert Notification.objects.filter(kind=Kind.TASK_DUE_SOON, recipient=world.focal_finance).count() == 1


def test_the_command_is_the_daily_job(world, tasks, capsys):
    call_command("send_reminders")
    call_command("send_reminders")
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("0 new reminders, 0 new notifications of events; mails: 0 sent")
    assert Notification.objects.filter(kind=Kind.TASK_OVERDUE).count() == 1


def test_the_reader_sees_their_own_notifications_in_their_language(client, world, tasks):
    reminders_send(today=TODAY)
    client.force_login(world.focal_health)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "التكليف «ربط المشافي» كان موعده 20 تشرين الثاني 2026 ولم يُنجز." in page
    assert "خطة الفوترة" not in page  # the Ministry of Finance's
    set_language(client, "en")
    page = client.get(reverse("notifications:list")).content.decode()
    assert "was due on 20 November 2026 and is not done" in page


def test_marking_read(client, world, tasks):
    reminders_send(today=TODAY)
    client.force_login(world.focal_health)
    mine = Notification.objects.for_user(world.focal_health).get()
    response = client.post(reverse("notifications:read"), {"notification": mine.pk})
    assert response["Location"] == tasks["late"].get_absolute_url()
    mine.refresh_from_db()
    assert mine.read_at is not None
    # Another person's notification is not theirs to mark.
    theirs = Notification.objects.for_user(world.focal_finance).first()
    client.post(reverse("notifications:read"), {"notification": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.force_login(world.focal_finance)
    client.post(reverse("notifications:read"))
    assert not Notification.objects.for_user(world.focal_finance).unread().exists()


def test_an_inactive_focal_point_hears_nothing(world, tasks):
    gone = make_user("gone", Role.FOCAL_POINT, [world.health], is_active=False)
    reminders_send(today=TODAY)
    assert not Notification.objects.filter(recipient=gone).exists()


def test_the_bell_shows_the_unread_count_for_one_query(client, world, tasks):
    reminders_send(today=TODAY)
    client.force_login(world.focal_finance)
    unread = Notification.objects.for_user(world.focal_finance).unread().count()
    assert unread == 1  # the task due soon (the tax system's go-live is still 34 days off)

    def bell():
        with CaptureQueriesContext(connection) as captured:
            body = client.get(reverse("notifications:bell")).content.decode()
        return body, [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]

    body, counting = bell()
    assert f'bell-count">{unread}<' in body and len(counting) == 1
    # Many more notifications: still one query.
    Notification.objects.bulk_create(
        Notification(recipient=world.focal_finance, kind=Kind.TASK_OVERDUE, key=f"k{n}", data={"name_ar": "x"})
        for n in range(30)
    )
    body, counting = bell()
    assert 'bell-count">31<' in body and len(counting) == 1
    client.post(reverse("notifications:read"))
    assert "bell-count" not in bell()[0]


def test_a_report_is_announced_before_on_and_after_its_due_date(world):
    from marsad.portfolio.models import ProjectFigures

    # The stored figures say the registry's next report falls due on 3 December (it
    # turns stale the day after).
    ProjectFigures.objects.filter(project=world.health_registry).update(stale_from=datetime.date(2026, 12, 4))
    kinds = []
    for day in (TODAY, datetime.date(2026, 12, 3), datetime.date(2026, 12, 5)):
        reminders_send(today=day)
        kinds.append([n.kind for n in Notification.objects.for_user(world.focal_health) if n.kind.startswith("report")])
    assert kinds[0] == [Kind.REPORT_DUE_SOON]
    assert kinds[1] == [Kind.REPORT_DUE_TODAY, Kind.REPORT_DUE_SOON]
    assert kinds[2] == [Kind.REPORT_OVERDUE, Kind.REPORT_DUE_TODAY, Kind.REPORT_DUE_SOON]
    assert "يحين موعد تقرير إنجاز السجل الوطني الصحي في 3 كانون الأول 2026." in texts_of(world.focal_health)
    assert "السجل الوطني الصحي" not in " ".join(texts_of(world.focal_finance))  # its own reports only


def test_a_phase_end_near_then_missed(world):
    phase = world.health_registry.phases.get(order=2)
    phase.name_ar = "التطوير"
    phase.baseline_end = datetime.date(2026, 12, 1)
    phase.save()
    reminders_send(today=TODAY)
    # A phase ending soon is told in the weekly digest (by default), not one by one.
    assert not Notification.objects.filter(kind=Kind.PHASE_END_NEAR).exists()
    soon = digest.gather(TODAY).parts(world.health.pk)["due"]
    assert [n.kind for n in soon] == [Kind.PHASE_END_NEAR]
    reminders_send(today=datetime.date(2026, 12, 2))
    assert texts_of(world.focal_health) == [
        "كان موعد نهاية مرحلة «التطوير» من السجل الوطني الصحي في 1 كانون الأول 2026 ولم تنتهِ."
    ]
    assert not Notification.objects.for_user(world.focal_finance).filter(kind__startswith="phase").exists()


def test_a_rollout_past_its_deadline_tells_its_leader_the_late_institutions_and_the_office(world):
    from marsad.portfolio.models import Entity
    from marsad.rollouts import services

    central = Entity.objects.create(code="CBS", name_ar="مصرف سورية المركزي", kind="bank")
    banks = [Entity.objects.create(code=f"B{n}", name_ar=f"مصرف {n}", kind="bank") for n in (1, 2)]
    rollout = services.rollout_create(
        user=world.pmo,
        institutions=banks,
        code="E-PAY",
        name_ar="الدفع الإلكتروني",
        capability="e_payment",
        lead_entity=central,
        start_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2026, 11, 1),
        target="جميع المصارف",
    )
    live = rollout.stages.order_by("-order").first()
    done = rollout.participants.get(entity=banks[0])
    services.participant_update(
        participant=done, user=world.pmo, version=done.version, stage=live, stage_reached_on=datetime.date(2026, 10, 1)
    )
    people = {
        "central": make_user("focal.cbs", Role.FOCAL_POINT, [central]),
        "live": make_user("focal.b1", Role.FOCAL_POINT, [banks[0]]),
        "late": make_user("focal.b2", Role.FOCAL_POINT, [banks[1]]),
    }
    reminders_send(today=TODAY)
    told = {n.recipient.username for n in Notification.objects.filter(kind=Kind.ROLLOUT_OVERDUE)}
    assert told == {"focal.cbs", "focal.b2", "pmo"}  # not the bank already live, not Health or Finance
    assert texts_of(people["late"]) == [
        "انقضت مهلة تعميم الدفع الإلكتروني في 1 تشرين الثاني 2026 ولم تدخل 1 من المؤسسات في الخدمة بعد."
    ]
