from django.core.management.base import BaseCommand

from marsad.notifications import mail
from marsad.notifications.services import events_notify


class Command(BaseCommand):
    help = "Tell people of what was done since the last run and send the mails waiting (every few minutes)."

    def handle(self, *args, **options):
        told = events_notify()
        sent = mail.send_waiting()
        self.stdout.write(self.style.SUCCESS(f"{told} new notifications; {mail.summary(sent)}."))
