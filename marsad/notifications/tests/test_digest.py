"""The weekly digest on a worked example: a week at the Ministry of Health, frozen in
time — what falls due, what is late, what changed and what the committee decided, in
one mail; the national digest for the programme office; once a week."""

import datetime

import pytest
import time_machine

from marsad.committee import decisions
from marsad.committee.models import Committee, Decision, Meeting, Task
from marsad.notifications import mail
from marsad.notifications.services import digests_send
from marsad.notifications.tests.conftest import subject
from marsad.obstacles.models import Obstacle
from marsad.obstacles.services import obstacle_escalate, obstacle_raise
from marsad.reports.models import ProgressReport
from marsad.reports.services import report_return, report_start, report_submit

pytestmark = pytest.mark.django_db
SUNDAY = datetime.date(2026, 11, 29)


def at(day, hour=10):
    # The clock runs on from there (tick): a record's history tells its changes apart by their time.
    return time_machine.travel(datetime.datetime(2026, 11, day, hour, 0, tzinfo=datetime.UTC), tick=True)


@pytest.fixture
def week(world, addresses):
    """What happened: before the week (the 20th), in it (the 24th–26th), and what is owed."""
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    with at(20):
        old = Meeting.objects.create(committee=higher, number=6, date=datetime.date(2026, 11, 20), status="held")
        decision = decisions.record(meeting=old, user=world.pmo, kind="other", text="تكليفات سابقة")
        Task.objects.create(
            decision=decision, title="ربط المشافي", assigned_entity=world.health, due_date=datetime.date(2026, 11, 26)
        )
        Task.objects.create(
            decision=decision, title="تقرير الجاهزية", assigned_entity=world.health, due_date=datetime.date(2026, 12, 3)
        )
        Task.objects.create(
            decision=decision, title="خطة الفوترة", assigned_entity=world.finance, due_date=datetime.date(2026, 11, 27)
        )
    with at(24):
        report = report_start(project=world.health_registry, user=world.focal_health)
        report = report_submit(report=report, user=world.focal_health, version=report.version)
        report_return(report=report, user=world.pmo, version=report.version, reason="أرفقوا محضر الاستلام")
    with at(25):
        obstacle = obstacle_raise(
            project=world.health_registry,
            user=world.focal_health,
            title="تأخر توريد المخدمات",
            category="infrastructure",
        )
        obstacle_escalate(obstacle=obstacle, user=world.pmo, version=obstacle.version, reason="لم يُحل", to_level=3)
        obstacle_raise(project=world.tax, user=world.focal_finance, title="نقص الكوادر", category="staff")
    with at(26):
        meeting = Meeting.objects.create(committee=higher, number=7, date=datetime.date(2026, 11, 26), status="held")
        decisions.record(
            meeting=meeting, user=world.pmo, kind="other", text="تسريع ربط المشافي", projects=[world.health_registry]
        )


HEALTH_WEEK = """أسبوعك من 23 تشرين الثاني 2026 إلى 29 تشرين الثاني 2026.

== وزارة الصحة ==

ما يحين موعده (1)
- يحين موعد التكليف «تقرير الجاهزية» في 3 كانون الأول 2026.
  {site}/tasks/{ready}/

ما تأخر (1)
- التكليف «ربط المشافي» كان موعده 26 تشرين الثاني 2026 ولم يُنجز.
  {site}/tasks/{hospitals}/

ما تغيّر هذا الأسبوع (3)
- أُعيد تقرير إنجاز السجل الوطني الصحي: أرفقوا محضر الاستلام
  {site}/reports/{report}/
- طُرحت عقبة في السجل الوطني الصحي: «تأخر توريد المخدمات».
  {site}/obstacles/{obstacle}/
- صُعّدت العقبة «تأخر توريد المخدمات» في السجل الوطني الصحي إلى: اللجنة العليا.
  {site}/obstacles/{obstacle}/

ما قررته اللجنة (1)
- القرار 1 من اللجنة العليا للتحول الرقمي — الاجتماع 7 (26 تشرين الثاني 2026): «تسريع ربط المشافي».
  {site}/meetings/{meeting}/#decision-{decision}

افتحه في مرصد: {site}/
"""


def parts(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_focal_points_week_in_one_mail(world, week, smtp):
    with at(29, hour=5):
        assert digests_send(today=SUNDAY) == 4  # Health, Finance, the programme office, the committee member
        mail.send_waiting()
    [health] = smtp.to("focal.health@example.org")
    assert subject(health) == "مرصد: أسبوعك من 23 تشرين الثاني 2026 إلى 29 تشرين الثاني 2026"
    text = parts(health).replace("\r\n", "\n")
    decision = Decision.objects.get(text="تسريع ربط المشافي")
    ids = {
        "site": "http://127.0.0.1:8000",
        "ready": Task.objects.get(title="تقرير الجاهزية").pk,
        "hospitals": Task.objects.get(title="ربط المشافي").pk,
        "report": ProgressReport.objects.get().pk,
        "obstacle": Obstacle.objects.get(title="تأخر توريد المخدمات").pk,
        "meeting": decision.meeting_id,
        "decision": decision.pk,
    }
    assert text.split("\n--\n")[0] == HEALTH_WEEK.format(**ids)
    # Nothing of the Ministry of Finance's: not its task, not its obstacle.
    assert "خطة الفوترة" not in text and "نقص الكوادر" not in text
    html = health.get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl" data-digits="latn">' in html and "ما قررته اللجنة (1)" in html
    assert 'href="{site}/tasks/{hospitals}/"'.format(**ids) in html


def test_the_programme_office_gets_the_whole_country_and_a_week_is_sent_once(world, week, smtp):
    with at(29, hour=5):
        digests_send(today=SUNDAY)
        mail.send_waiting()
        assert digests_send(today=SUNDAY) == 0  # once a week, however often it runs
    with at(30, hour=5):
        assert digests_send(today=datetime.date(2026, 11, 30)) == 0  # the same ISO week
    [national] = smtp.to("pmo@example.org")
    text = parts(national).replace("\r\n", "\n")
    assert "== البرنامج الوطني كله ==" in text
    assert "ما تأخر (2)" in text and "خطة الفوترة" in text and "ربط المشافي" in text
    assert "ما تغيّر هذا الأسبوع (4)" in text and "«نقص الكوادر»" in text
    assert len(smtp.to("pmo@example.org")) == 1


def test_the_committees_week_opens_with_what_awaits_its_decision(world, week, smtp):
    from marsad.notifications.models import Kind, Notification
    from marsad.notifications.services import reminders_send

    with at(27):
        waiting = obstacle_raise(
            project=world.health_registry,
            user=world.pmo,
            title="تعارض الصلاحيات بين الوزارتين",
            category="coordination",
            level=3,
        )
    with at(29, hour=5):
        # Told once in the bell, however often the daily job runs…
        told = Notification.objects.filter(recipient=world.committee, kind=Kind.OBSTACLE_AWAITING)
        reminders_send(today=SUNDAY)
        assert told.filter(data__name_ar=waiting.title).count() == 1
        reminders_send(today=SUNDAY)
        assert told.filter(data__name_ar=waiting.title).count() == 1
        # …and listed first in the week's mail while it waits.
        digests_send(today=SUNDAY)
        mail.send_waiting()
    [committee] = [m for m in smtp.to("committee@example.org") if "أسبوعك" in subject(m)]
    text = parts(committee).replace("\r\n", "\n")
    assert text.index("بانتظار قرار اللجنة (2)") < text.index("ما تأخر")  # with the one escalated on the 25th
    assert f"«{waiting.title}»" in text
    # A focal point's week does not carry the committee's agenda.
    [health] = [m for m in smtp.to("focal.health@example.org") if "أسبوعك" in subject(m)]
    assert "بانتظار قرار اللجنة" not in parts(health)
