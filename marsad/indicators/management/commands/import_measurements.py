from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from marsad.accounts.models import User
from marsad.imports.spreadsheet import ImportRefused, UnreadableWorkbook
from marsad.indicators.imports import MeasurementImporter
from marsad.lib.terminal import TerminalProgress


class Command(BaseCommand):
    help = (
        "Import indicator values from a CSV export or an Excel workbook, as USER (whose rights decide what "
        "may be written): every row or none, with a progress bar. --dry-run checks and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="The username the values are written as.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row; write nothing.")

    def handle(self, *args, file: Path, user: str, dry_run: bool, **options):
        try:
            person = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"No active user {user!r}.") from None
        if not file.is_file():
            raise CommandError(f"No file {file}.")
        progress = TerminalProgress(self.stderr._out, label=file.name)
        importer = MeasurementImporter(person, progress=progress)
        with translation.override("ar"), file.open("rb") as stream:
            try:
                if dry_run:
                    result = importer.read(stream)
                    progress.finish()
                    if not result.ok:
                        raise ImportRefused(result.problems, result.problems_total)
                    counts = result.counts
                    self.stdout.write(
                        self.style.SUCCESS(
                            f"{result.count:,} rows checked: {counts.created:,} new, {counts.updated:,} changed, "
                            f"{counts.unchanged:,} unchanged. Nothing was written."
                        )
                    )
                    return
                count = importer.apply(stream)
                progress.finish()
            except ImportRefused as refused:
                progress.finish()
                for problem in refused.problems[:50]:
                    self.stderr.write(f"row {problem.row}, {problem.column}: {problem.message}")
                raise CommandError(f"{refused.problems_total} problem(s); nothing was imported.") from None
            except UnreadableWorkbook as unreadable:
                progress.finish()
                raise CommandError(f"{unreadable} Nothing was imported.") from None
        self.stdout.write(self.style.SUCCESS(f"{count:,} rows imported."))
