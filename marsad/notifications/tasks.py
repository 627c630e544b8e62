"""The periodic task: every MARSAD_NOTIFY_MINUTES, on the job queue, it tells people of
what was done, makes the day's reminders, writes the week's digest on its day, and
sends the mails waiting.

django-tasks has no timetable, so the task queues its own next run. Each run claims
its time slot in the database first (`EventCursor` "tick"), so however many chains
were started — `manage.py start_notifications` run twice, a worker restarted — one run
per slot does the work and the extra chains end there. The systemd timers in deploy/
call the same services directly, and are the fallback if no worker runs.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from marsad.notifications import mail
from marsad.notifications.digest import week_key
from marsad.notifications.models import EventCursor
from marsad.notifications.services import digests_send, events_notify, reminders_send


def slot_of(moment: datetime.datetime) -> int:
    return int(moment.timestamp() // (settings.MARSAD_NOTIFY_MINUTES * 60))


@task()
def notifications_tick() -> dict:

    now = timezone.now()
    slot = slot_of(now)
    with transaction.atomic():
        tick, _ = EventCursor.objects.select_for_update().get_or_create(name="tick")
        if tick.last_id >= slot:
            return {"skipped": True}  # another chain has this slot: this one ends here
        tick.last_id = slot
        tick.save(update_fields=["last_id"])
    today = timezone.localdate(now)
    done: dict[str, Any] = {"events": events_notify(), "reminders": reminders_send(today=today)}
    if today.weekday() == settings.MARSAD_DIGEST_WEEKDAY:
        week = week_key(today)
        with transaction.atomic():
            marker, created = EventCursor.objects.select_for_update().get_or_create(name=f"digest {week}")
            if created:
                done["digests"] = digests_send(today=today)
    done["mails"] = mail.send_waiting()
    schedule(after=(slot + 1) * settings.MARSAD_NOTIFY_MINUTES * 60)
    return done


def schedule(*, after: float | None = None) -> None:
    """Queue the next run (at the start of the next slot), where the queue can wait."""
    if not default_task_backend.supports_defer:
        return  # the immediate backend (tests) would run it at once, for ever
    run_after = datetime.datetime.fromtimestamp(after, tz=datetime.UTC) if after else None
    (notifications_tick.using(run_after=run_after) if run_after else notifications_tick).enqueue()
