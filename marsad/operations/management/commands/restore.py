from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marsad.lib.terminal import TerminalProgress
from marsad.operations.backups import RestoreRefused, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database (of the same engine) and an empty media folder, then "
        "verify every table's row count and every file's checksum against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        if not archive.is_file():
            raise CommandError(f"No archive {archive}.")
        progress = TerminalProgress(self.stderr._out, label="restore") if options["verbosity"] >= 1 else None
        try:
            manifest = restore_backup(archive, progress)
        except RestoreRefused as refused:
            raise CommandError(str(refused)) from None
        if progress:
            progress.finish()
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored and verified: {len(manifest['tables'])} tables, {rows:,} rows, "
                f"{len(manifest['files'])} files, as of {manifest['created_at']}."
            )
        )
