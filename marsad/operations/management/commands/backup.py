from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marsad.lib.terminal import TerminalProgress
from marsad.operations.backups import BackupFailed, write_backup


class Command(BaseCommand):
    help = (
        "Write one archive (.tar) with the database — a consistent moment, safe while people keep working — "
        "and every uploaded file, with a manifest of row counts and checksums. Restore it with `restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path("var/backups"), help="Folder for the archive.")

    def handle(self, *args, out: Path, **options):
        progress = TerminalProgress(self.stderr._out, label="backup") if options["verbosity"] >= 1 else None
        try:
            path = write_backup(out, progress)
        except BackupFailed as failed:  # one line with the cause; the timer's unit fails
            if progress and progress.live:
                progress.stream.write("\n")  # end the bar's line
            raise CommandError(f"No backup written: {failed}") from None
        if progress:
            progress.finish()
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path} ({path.stat().st_size / 1048576:.1f} MB)"))
