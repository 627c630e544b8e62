"""E-mail through a real SMTP server: Arabic, right to left, with the link; each
person's choices and one-click unsubscribe honoured; failures retried with back-off
without holding up the others; each reminder sent once, even across a killed run."""

import datetime
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core import mail as django_mail
from django.urls import reverse
from django.utils import timezone

from marsad.accounts.models import User
from marsad.committee import decisions
from marsad.committee.models import Committee, Meeting, Task
from marsad.conftest import worker_database_url
from marsad.notifications import mail
from marsad.notifications.models import Kind, Mail, MailStatus, Notification, Preferences
from marsad.notifications.services import preferences_save, reminders_send
from marsad.notifications.tests.conftest import subject

TODAY = datetime.date(2026, 11, 28)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def make_tasks(world, today, count_per_entity=1):
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(
        committee=higher, number=1, date=today - datetime.timedelta(days=60), status="held"
    )
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="تكليفات")
    late = today - datetime.timedelta(days=3)
    for n in range(count_per_entity):
        Task.objects.create(
            decision=decision, title=f"ربط المشافي {n + 1}", assigned_entity=world.health, due_date=late
        )
        Task.objects.create(
            decision=decision, title=f"خطة الفوترة {n + 1}", assigned_entity=world.finance, due_date=late
        )


@pytest.mark.django_db
def test_a_reminder_mail_is_arabic_right_to_left_with_its_link(world, addresses, smtp, frozen):
    make_tasks(world, TODAY)
    reminders_send(today=TODAY)
    assert mail.send_waiting()["sent"] == 2
    [sent] = smtp.to("focal.health@example.org")
    assert subject(sent) == "مرصد: تكليف متأخر"
    assert sent["From"] == "marsad@localhost"
    assert sent["Auto-Submitted"] == "auto-generated"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    task = Task.objects.get(assigned_entity=world.health)
    link = f"http://127.0.0.1:8000{task.get_absolute_url()}"
    text = sent.get_body(("plain",)).get_content()
    assert "التكليف «ربط المشافي 1» كان موعده 25 تشرين الثاني 2026 ولم يُنجز." in text
    assert f"افتحه في مرصد: {link}" in text
    html = sent.get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl" data-digits="latn">' in html
    assert f'href="{link}"' in html and "ربط المشافي 1" in html
    # The other ministry's task is not in this mail, and went to its own people only.
    assert "خطة الفوترة" not in text + html
    assert [m["To"] for m in smtp.messages if "خطة الفوترة" in m.get_body(("plain",)).get_content()] == [
        "focal.finance@example.org"
    ]


def test_a_mail_is_written_in_its_readers_digits_with_its_links_as_they_are(world, addresses, smtp, frozen):
    User.objects.filter(pk=world.focal_health.pk).update(digits="arab")
    make_tasks(world, TODAY)
    reminders_send(today=TODAY)
    mail.send_waiting()
    [arabic] = smtp.to("focal.health@example.org")
    [latin] = smtp.to("focal.finance@example.org")
    task = Task.objects.get(assigned_entity=world.health)
    link = f"http://127.0.0.1:8000{task.get_absolute_url()}"
    text = arabic.get_body(("plain",)).get_content()
    assert "التكليف «ربط المشافي ١» كان موعده ٢٥ تشرين الثاني ٢٠٢٦ ولم يُنجز." in text
    assert f"افتحه في مرصد: {link}" in text  # the address still works
    html = arabic.get_body(("html",)).get_content()
    assert 'data-digits="arab"' in html and f'href="{link}"' in html and "ربط المشافي ١" in html
    # The other ministry's focal point chose nothing: the site's Latin digits.
    assert "كان موعده 25 تشرين الثاني 2026" in latin.get_body(("plain",)).get_content()


@pytest.mark.django_db
def test_a_person_who_reads_english_gets_english_mail(world, addresses, smtp, frozen):
    preferences_save(user=world.focal_health, channels={}, digest=True, language="en")
    make_tasks(world, TODAY)
    reminders_send(today=TODAY)
    mail.send_waiting()
    [sent] = smtp.to("focal.health@example.org")
    assert subject(sent) == "Marsad: Task overdue"
    assert '<html lang="en" dir="ltr" data-digits="latn">' in sent.get_body(("html",)).get_content()
    assert "was due on 25 November 2026 and is not done" in sent.get_body(("plain",)).get_content()


@pytest.mark.django_db
def test_preferences_in_the_app_only_digest_only_or_off(world, addresses, smtp, frozen):
    make_tasks(world, TODAY)
    preferences_save(user=world.focal_health, channels={Kind.TASK_OVERDUE: "in_app"}, digest=True, language="ar")
    preferences_save(user=world.focal_finance, channels={Kind.TASK_OVERDUE: "off"}, digest=True, language="ar")
    reminders_send(today=TODAY)
    mail.send_waiting()
    assert smtp.messages == []  # neither wanted mail
    assert Notification.objects.for_user(world.focal_health).filter(kind=Kind.TASK_OVERDUE).count() == 1
    assert not Notification.objects.for_user(world.focal_finance).exists()  # off: not even in the app

    preferences_save(user=world.focal_health, channels={Kind.PHASE_END_MISSED: "digest"}, digest=True, language="ar")
    world.health_registry.phases.filter(order=2).update(baseline_end=datetime.date(2026, 11, 1))
    reminders_send(today=TODAY)
    assert not Notification.objects.filter(kind=Kind.PHASE_END_MISSED, recipient=world.focal_health).exists()


@pytest.mark.django_db
def test_a_mandatory_kind_cannot_be_turned_off(client, world, addresses, smtp, frozen):
    client.force_login(world.focal_health)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "لا يمكن إيقافه" in page
    client.post(
        reverse("notifications:preferences"),
        {f"kind-{Kind.REPORT_RETURNED}": "off", f"kind-{Kind.TASK_OVERDUE}": "off", "language": "ar"},
    )
    chosen = Preferences.objects.get(user=world.focal_health)
    assert chosen.channel(Kind.REPORT_RETURNED) == "in_app"  # the closest it may come to off
    assert chosen.channel(Kind.TASK_OVERDUE) == "off"
    assert chosen.digest is False  # its box was left unticked


@pytest.mark.django_db
def test_one_click_unsubscribe_needs_no_sign_in_and_holds_back_what_is_waiting(client, world, addresses, smtp, frozen):
    make_tasks(world, TODAY)
    reminders_send(today=TODAY)
    waiting = Mail.objects.get(recipient=world.focal_health)
    # From the link in the mail, signed out.
    link = waiting.unsubscribe_url.removeprefix("http://127.0.0.1:8000")
    assert client.get(link).status_code == 200  # opening it asks first
    page = client.post(link)
    assert page.status_code == 200
    assert "لن تصلك بعد الآن رسائل عن «تكليف متأخر»" in page.content.decode()
    assert mail.send_waiting() == {"sent": 1, "retry": 0, "failed": 0, "cancelled": 1, "skipped": 0}
    assert smtp.to("focal.health@example.org") == []
    waiting.refresh_from_db()
    assert waiting.status == MailStatus.CANCELLED
    # Still told in the app.
    assert Preferences.objects.get(user=world.focal_health).channel(Kind.TASK_OVERDUE) == "in_app"
    # Undo, from the same page.
    client.post(waiting.unsubscribe_url.removeprefix("http://127.0.0.1:8000"), {"again": "1"})
    assert Preferences.objects.get(user=world.focal_health).channel(Kind.TASK_OVERDUE) == "email"


@pytest.mark.django_db
def test_a_mail_client_unsubscribes_with_one_post_and_a_forged_link_does_nothing(client, world, addresses):
    token = mail.unsubscribe_token(world.focal_health.pk, mail.DIGEST)
    client.post(reverse("notifications:unsubscribe", args=[token]), {"List-Unsubscribe": "One-Click"})
    assert Preferences.objects.get(user=world.focal_health).digest is False
    forged = mail.unsubscribe_token(world.focal_finance.pk, mail.DIGEST)[:-2] + "xx"
    response = client.get(reverse("notifications:unsubscribe", args=[forged]))
    assert response.status_code == 404 and "هذا الرابط غير صالح" in response.content.decode()
    assert not Preferences.objects.filter(user=world.focal_finance).exists()


@pytest.mark.django_db
def test_an_address_refused_for_good_fails_at_once_and_holds_up_nobody(world, addresses, smtp, frozen):
    make_tasks(world, TODAY)
    smtp.refuse.add("focal.health@example.org")  # 550: no such mailbox
    reminders_send(today=TODAY)
    counts = mail.send_waiting()
    assert (counts["sent"], counts["failed"], counts["retry"]) == (1, 1, 0)
    assert smtp.subjects("focal.finance@example.org") == ["مرصد: تكليف متأخر"]
    refused = Mail.objects.get(recipient=world.focal_health)
    assert (refused.status, refused.attempts) == ("failed", 1)
    assert "SMTPRecipientsRefused" in refused.last_error
    frozen.shift(datetime.timedelta(hours=1))
    assert mail.send_waiting()["failed"] == 0  # given up: not tried again
    assert smtp.to("focal.health@example.org") == []


@pytest.mark.django_db
def test_try_again_later_is_retried_with_capped_back_off_until_the_give_up_time(
    world, addresses, smtp, frozen, settings
):
    make_tasks(world, TODAY)
    smtp.busy = True  # every recipient answered 451: try again later
    reminders_send(today=TODAY)
    assert mail.send_waiting()["retry"] == 2
    waiting = Mail.objects.get(recipient=world.focal_health)
    made = waiting.created_at
    gaps = []
    while waiting.status == "pending":
        gaps.append(round((waiting.next_attempt_at - timezone.now()).total_seconds() / 60))
        frozen.move_to(waiting.next_attempt_at)
        mail.send_waiting()
        waiting.refresh_from_db()
    assert gaps[:6] == [1, 2, 4, 8, 15, 15]  # doubling, never more than 15 minutes apart
    assert waiting.status == "failed" and "451" in waiting.last_error
    assert timezone.now() - made >= datetime.timedelta(hours=settings.MARSAD_EMAIL_GIVE_UP_HOURS)
    assert timezone.now() - made < datetime.timedelta(hours=settings.MARSAD_EMAIL_GIVE_UP_HOURS, minutes=16)
    assert smtp.messages == []


@pytest.mark.django_db
def test_two_hours_without_a_mail_server_then_every_mail_arrives_once(world, addresses, smtp, frozen, settings):
    """Counted at the server: sent every five minutes (the notify timer) through a
    two-hour outage, then the server returns; nobody does anything."""
    make_tasks(world, TODAY, count_per_entity=3)
    reminders_send(today=TODAY)
    made = Mail.objects.count()
    assert made >= 2
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens there: connection refused
    for _ in range(24):
        mail.send_waiting()
        frozen.shift(datetime.timedelta(minutes=5))
    assert smtp.messages == [] and set(Mail.objects.values_list("status", flat=True)) == {"pending"}
    settings.EMAIL_PORT = port  # the server is back
    for _ in range(4):  # within the back-off's cap (15 minutes)
        mail.send_waiting()
        frozen.shift(datetime.timedelta(minutes=5))
    assert Mail.objects.filter(status="sent").count() == made == len(smtp.messages)
    assert len({message["Message-ID"] for message in smtp.messages}) == made  # none twice


@pytest.mark.django_db
def test_a_server_that_is_down_loses_nothing(world, addresses, settings, frozen):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    make_tasks(world, TODAY)
    reminders_send(today=TODAY)
    assert mail.send_waiting()["retry"] == 2
    assert set(Mail.objects.values_list("status", flat=True)) == {"pending"}
    assert django_mail.outbox == []


def send_reminders_in_a_process(smtp) -> subprocess.Popen:
    root = Path(__file__).resolve().parents[3]
    return subprocess.Popen(  # noqa: S603 — our own command, fixed arguments
        [sys.executable, str(root / "manage.py"), "send_reminders"],
        cwd=root,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "marsad.settings_test",
            "DATABASE_URL": worker_database_url(),
            "MARSAD_EMAIL_HOST": smtp.host,
            "MARSAD_EMAIL_PORT": str(smtp.port),
            "MARSAD_EMAIL_FOLDER": "",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.worker
def test_the_job_run_twice_and_killed_mid_run_sends_each_reminder_once(world, addresses, smtp, transactional_db):
    """Counted at the SMTP server: 20 overdue tasks for each of two ministries, one
    focal point each, so 40 mails (and any other reminder today owes). The job is killed (SIGKILL) as the server receives the
    13th; run again, then once more: every mail arrives, none twice."""
    make_tasks(world, timezone.localdate(), count_per_entity=20)
    run = {}

    def kill_at_the_thirteenth(accepted_so_far):
        if accepted_so_far == 12 and "killed" not in run:
            run["killed"] = True
            os.kill(run["process"].pid, signal.SIGKILL)
            return False  # not accepted: the sender died before hearing back
        return True

    smtp.on_message = kill_at_the_thirteenth
    run["process"] = send_reminders_in_a_process(smtp)
    run["process"].wait(timeout=120)
    assert run["process"].returncode == -signal.SIGKILL
    assert len(smtp.messages) == 12
    assert Mail.objects.filter(status="sent").count() == 12  # exactly those the server accepted

    for _ in range(2):  # rerun, and once more for good measure
        process = send_reminders_in_a_process(smtp)
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()
    sentences = [(m["To"], m.get_body(("plain",)).get_content().split("\n")[2]) for m in smtp.messages]
    assert len(set(sentences)) == len(sentences)  # none twice
    late = [sentence for _, sentence in sentences if "ولم يُنجز" in sentence]
    assert len(late) == 40  # none skipped
    # Whatever else today's date owes (a go-live near) was also sent once: every
    # notification made has its one mail, and the server has exactly those.
    assert Notification.objects.count() == Mail.objects.filter(status="sent").count() == len(sentences)


@pytest.mark.django_db
def test_the_administrator_sees_failures_and_has_them_tried_again(client, world, addresses, smtp, frozen):
    make_tasks(world, TODAY)
    smtp.refuse.add("focal.health@example.org")
    reminders_send(today=TODAY)
    mail.send_waiting()
    failed = Mail.objects.get(status="failed")
    client.force_login(world.admin)
    page = client.get(reverse("admin:notifications_mail_changelist") + "?status__exact=failed").content.decode()
    assert "focal.health@example.org" in page and "focal.finance@example.org" not in page
    smtp.refuse.clear()  # the mailbox is back
    client.post(
        reverse("admin:notifications_mail_changelist"),
        {"action": "try_again", "_selected_action": [failed.pk]},
    )
    assert mail.send_waiting()["sent"] == 1
    assert smtp.subjects("focal.health@example.org") == ["مرصد: تكليف متأخر"]


@pytest.mark.django_db
def test_opening_an_unsubscribe_link_changes_nothing_until_its_button_is_pressed(client, world, addresses):
    token = mail.unsubscribe_token(world.focal_health.pk, mail.DIGEST)
    page = client.get(reverse("notifications:unsubscribe", args=[token]))  # a link preview, a scanner
    assert page.status_code == 200 and "أتريد إيقاف هذه الرسائل" in page.content.decode()
    assert not Preferences.objects.filter(user=world.focal_health).exists()
    client.post(reverse("notifications:unsubscribe", args=[token]))  # the button
    assert Preferences.objects.get(user=world.focal_health).digest is False


@pytest.mark.django_db
def test_an_old_unsubscribe_link_says_it_has_expired(client, world, addresses, settings):
    settings.MARSAD_UNSUBSCRIBE_DAYS = 180
    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC), tick=False):
        token = mail.unsubscribe_token(world.focal_health.pk, mail.DIGEST)
    with time_machine.travel(datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC), tick=False):
        answer = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert answer.status_code == 410 and "انتهت صلاحية هذا الرابط" in answer.content.decode()
    assert not Preferences.objects.filter(user=world.focal_health).exists()


@pytest.mark.django_db
def test_the_link_of_a_person_since_removed_answers_plainly(client, world, addresses):
    leaver = User.objects.create_user(username="leaver", password="x", role="viewer")
    token = mail.unsubscribe_token(leaver.pk, mail.DIGEST)
    leaver.delete()
    for body in ({}, {"again": "1"}):
        answer = client.post(reverse("notifications:unsubscribe", args=[token]), body)
        assert answer.status_code == 404 and "هذا الرابط غير صالح" in answer.content.decode()
