from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from marsad.accounts import scope
from marsad.accounts.models import Role
from marsad.committee.models import Meeting
from marsad.documents import services
from marsad.documents.models import DocumentKind
from marsad.lib.terminal import TerminalProgress


class Command(BaseCommand):
    help = (
        "Make a meeting's pack (PDF) with a progress bar, store it as a new version like one made from the "
        "meeting page, and write a copy to --out. MEETING is the meeting's id, or COMMITTEE-NUMBER (e.g. HC-12)."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting")
        parser.add_argument("--out", required=True, help="Where to write the PDF.")
        parser.add_argument("--language", choices=["ar", "en"], default="ar")
        parser.add_argument(
            "--as",
            dest="username",
            help="Whose reading the pack holds (default: the first active programme-office account).",
        )

    def handle(self, *args, meeting, out, language, username, **options):
        found = self._meeting(meeting)
        user = self._user(username)
        progress = TerminalProgress(self.stderr._out, label=str(found))
        with translation.override(language):
            document = services.make(DocumentKind.PACK, found, user, progress)
        progress.finish()
        target = Path(out)
        target.parent.mkdir(parents=True, exist_ok=True)
        with document.file.open("rb") as stored:
            target.write_bytes(stored.read())
        self.stdout.write(
            self.style.SUCCESS(
                f"{target}: version {document.version}, {document.pages} pages, {document.size} bytes, "
                f"sha256 {document.sha256}"
            )
        )

    def _meeting(self, given: str) -> Meeting:
        meetings = Meeting.objects.select_related("committee")
        if given.isdigit():
            found = meetings.filter(pk=int(given)).first()
        else:
            committee, _, number = given.rpartition("-")
            found = meetings.filter(committee__code=committee, number=number).first() if number.isdigit() else None
        if found is None:
            raise CommandError(f"No meeting {given!r}: give its id or COMMITTEE-NUMBER (e.g. HC-12).")
        return found

    def _user(self, username: str | None):
        users = get_user_model().objects.filter(is_active=True)
        user = users.filter(username=username).first() if username else users.filter(role=Role.PMO).first()
        if user is None or not scope.can_use_pages(user):
            raise CommandError("No such active account; name one with --as USERNAME.")
        return user
