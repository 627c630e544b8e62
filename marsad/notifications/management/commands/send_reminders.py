from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.notifications import mail
from marsad.notifications.services import events_notify, reminders_send


class Command(BaseCommand):
    help = (
        "Make today's reminders (reports, tasks, go-live and phase dates, rollouts), tell people of what "
        "was done since the last run, and send the mails waiting; safe to run any number of times a day."
    )

    def handle(self, *args, **options):
        made = reminders_send(today=timezone.localdate())
        told = events_notify()
        sent = mail.send_waiting()
        self.stdout.write(
            self.style.SUCCESS(f"{made} new reminders, {told} new notifications of events; {mail.summary(sent)}.")
        )
