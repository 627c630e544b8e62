import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from marsad.imports.models import ImportBatch

# A file younger than this may belong to an upload still being saved.
ORPHAN_GRACE = datetime.timedelta(hours=1)
EXPORT_KEPT = datetime.timedelta(days=1)


class Command(BaseCommand):
    help = (
        "Remove import files no longer needed: applied imports' after MARSAD_IMPORT_KEEP_DAYS, checked files "
        "never applied after MARSAD_IMPORT_ABANDONED_HOURS, files no import names, and export files built by "
        "jobs after a day. Daily; safe to repeat."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        kept = ImportBatch.objects.exclude(file="")
        removed = {"applied": 0, "abandoned": 0, "orphans": 0}
        for batch in kept.filter(
            status=ImportBatch.Status.APPLIED,
            applied_at__lt=now - datetime.timedelta(days=settings.MARSAD_IMPORT_KEEP_DAYS),
        ):
            batch.file.delete()
            removed["applied"] += 1
        abandoned = now - datetime.timedelta(hours=settings.MARSAD_IMPORT_ABANDONED_HOURS)
        for batch in kept.filter(
            status__in=[ImportBatch.Status.CHECKED, ImportBatch.Status.CHECKING, ImportBatch.Status.REFUSED],
            uploaded_at__lt=abandoned,
        ):
            batch.file.delete(save=False)
            batch.status = ImportBatch.Status.EXPIRED
            batch.save(update_fields=["file", "status"])
            removed["abandoned"] += 1
        folder = Path(settings.MEDIA_ROOT) / "imports"
        named = {
            str(Path(settings.MEDIA_ROOT) / name)
            for name in ImportBatch.objects.exclude(file="").values_list("file", flat=True)
        }
        if folder.is_dir():
            for path in folder.rglob("*"):
                old = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC) < now - ORPHAN_GRACE
                if path.is_file() and str(path) not in named and old:
                    path.unlink()
                    removed["orphans"] += 1
        # Files long exports were written to (`jobs.exports`): a day to download them.
        exports = Path(settings.MEDIA_ROOT) / "exports"
        removed["exports"] = 0
        if exports.is_dir():
            for path in exports.iterdir():
                old = datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC) < now - EXPORT_KEPT
                if path.is_file() and old:
                    path.unlink()
                    removed["exports"] += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed {removed['applied']} applied import file(s) past their keeping time, "
                f"{removed['abandoned']} never applied, {removed['orphans']} named by no import, "
                f"{removed['exports']} export file(s) older than a day."
            )
        )
