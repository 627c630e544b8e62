"""The periodic task and the timers: one run per time slot however many chains were
started, the next run queued for the next slot; every command the timers name exists."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.core.management import get_commands

from marsad.notifications.models import Mail, Notification
from marsad.notifications.tasks import notifications_tick, schedule
from marsad.notifications.tests.test_mail import make_tasks

pytestmark = pytest.mark.django_db
DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "systemd"


def test_one_run_per_slot_whoever_started_it(world, addresses, smtp):
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 1, tzinfo=datetime.UTC), tick=False):
        make_tasks(world, datetime.date(2026, 11, 28))
        done = notifications_tick.call()
        assert done["reminders"] == 2 and done["mails"]["sent"] == 2
        assert notifications_tick.call() == {"skipped": True}  # a second chain in the same slot ends
    with time_machine.travel(datetime.datetime(2026, 11, 28, 9, 6, tzinfo=datetime.UTC), tick=False):
        assert notifications_tick.call()["reminders"] == 0  # the next slot runs, and repeats nothing
    assert Notification.objects.count() == 2 and len(smtp.messages) == 2


def test_it_queues_its_next_run_for_the_next_slot(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with time_machine.travel(datetime.datetime(2026, 11, 29, 5, 2, tzinfo=datetime.UTC), tick=False):
        schedule(after=datetime.datetime(2026, 11, 29, 5, 5, tzinfo=datetime.UTC).timestamp())
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path.endswith("notifications_tick")
    assert queued.run_after == datetime.datetime(2026, 11, 29, 5, 5, tzinfo=datetime.UTC)


def test_the_digest_goes_on_its_day_once(world, addresses, smtp, settings):
    make_tasks(world, datetime.date(2026, 11, 29))
    sunday = datetime.datetime(2026, 11, 29, 5, 0, tzinfo=datetime.UTC)
    for minutes in (0, 5, 10):
        with time_machine.travel(sunday + datetime.timedelta(minutes=minutes), tick=False):
            notifications_tick.call()
    # The two focal points, the programme office and the committee member: once each.
    assert sorted(Mail.objects.filter(kind="digest").values_list("recipient__username", flat=True)) == [
        "committee",
        "focal.finance",
        "focal.health",
        "pmo",
    ]


def test_every_command_the_timers_run_exists():
    commands = set(get_commands())
    named = set()
    for unit in DEPLOY.glob("*.service"):
        text = unit.read_text()
        named |= set(re.findall(r"manage\.py (\w+)", text))
        if "%i" in text:  # the daily template lists the tasks it runs
            listed = re.search(r"# %i is one of: (.*?)\n# \(enable", text, re.S).group(1)
            named |= {name.strip(" #\n") for name in re.split(r"[,\n]", listed) if name.strip(" #\n")}
    assert {"send_reminders", "send_notifications", "send_digest", "start_notifications"} <= named
    # rqworker is django-rq's, installed with MARSAD_TASKS=rq (the worker unit's alternative).
    assert named - {"%i", "rqworker"} <= commands
