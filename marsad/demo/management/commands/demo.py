from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.demo import data
from marsad.demo.loader import SECTIONS, load_demo
from marsad.lib.terminal import TerminalProgress
from marsad.notifications import mail
from marsad.notifications import services as notifications
from marsad.notifications.services import events_notify
from marsad.notifications.tasks import schedule
from marsad.search import index


class Command(BaseCommand):
    help = "Load the demo data from the committee meeting (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, quiet_logins=False, **options):
        progress = TerminalProgress(self.stderr._out, label="demo")
        progress.phase("loading", SECTIONS)
        written = load_demo(today=timezone.localdate(), progress=progress)
        progress.finish()
        # Records the load left as they were keep the entries they had, or, in a
        # database from before search, have none yet.
        index.rebuild()
        mails = self.notify()
        summary = ", ".join(f"{kind}: {count}" for kind, count in written.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (records written — {summary})."))
        if settings.MARSAD_EMAIL_FOLDER:
            self.stdout.write(f"Mails ({mails} new) are written to {settings.MARSAD_EMAIL_FOLDER}, not sent.")
        if not quiet_logins:
            self.stdout.write(f"\nDemo logins (password for all: {data.DEMO_PASSWORD})")
            for username, _first, _last, role, entities, _staff in data.USERS:
                where = f" [{', '.join(entities)}]" if entities else ""
                note = " (API only: no pages)" if role == "data_feed" else ""
                self.stdout.write(f"  {username:<15} {role}{where}{note}")

    def notify(self) -> int:
        """Today's reminders and this week's digest, as the periodic task would make them,
        so the bell has something to count and the mail folder something to open."""
        today = timezone.localdate()
        events_notify()  # the first run only marks where the audit log stands
        notifications.reminders_send(today=today)
        notifications.digests_send(today=today)
        sent = mail.send_waiting()["sent"]
        schedule()  # then the worker beside the demo keeps telling people, every few minutes
        return sent
