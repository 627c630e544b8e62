from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.demo import data
from marsad.demo.loader import SECTIONS, load_demo
from marsad.lib.terminal import TerminalProgress
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
        summary = ", ".join(f"{kind}: {count}" for kind, count in written.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded (records written — {summary})."))
        if not quiet_logins:
            self.stdout.write(f"\nDemo logins (password for all: {data.DEMO_PASSWORD})")
            for username, _first, _last, role, entities, _staff in data.USERS:
                where = f" [{', '.join(entities)}]" if entities else ""
                note = " (API only: no pages)" if role == "data_feed" else ""
                self.stdout.write(f"  {username:<15} {role}{where}{note}")
