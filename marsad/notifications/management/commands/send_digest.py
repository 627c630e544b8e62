import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from marsad.notifications import mail
from marsad.notifications.services import digests_send


class Command(BaseCommand):
    help = "Write and send this week's digests (once a week per person, however often it runs)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The week's last day, YYYY-MM-DD (default: today).")

    def handle(self, *args, date=None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        written = digests_send(today=today)
        sent = mail.send_waiting()
        self.stdout.write(self.style.SUCCESS(f"{written} digests written; {mail.summary(sent)}."))
