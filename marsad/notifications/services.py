import datetime

from django.db import transaction
from django.utils import timezone

from marsad.notifications import reminders
from marsad.notifications.models import Notification


@transaction.atomic
def reminders_send(*, today: datetime.date) -> int:
    """Make today's reminders for everyone concerned; returns how many are new.

    Idempotent: a reminder already made for a person (same event, record and date) is
    not made again, so running twice, or again after a crash, sends each one once.
    """
    rows = [
        Notification(recipient_id=user_id, kind=reminder.kind, key=reminder.key, data=reminder.data, url=reminder.url)
        for reminder, users in reminders.recipients(reminders.due(today)).items()
        for user_id in users
    ]
    before = Notification.objects.count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Notification.objects.count() - before


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark `user`'s notifications read (those with `ids`, or all); returns how many."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
