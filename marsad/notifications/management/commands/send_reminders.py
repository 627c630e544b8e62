from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.notifications.services import reminders_send


class Command(BaseCommand):
    help = "Make today's reminders (reports, tasks, go-live dates); safe to run any number of times a day."

    def handle(self, *args, **options):
        made = reminders_send(today=timezone.localdate())
        self.stdout.write(self.style.SUCCESS(f"{made} new reminders."))
