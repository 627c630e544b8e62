"""An import as background jobs: the check (dry run) and the apply each run in a worker,
with a progress bar on the job's page, so no web request waits on a long file.

The checked file stays beside its `ImportBatch` until the import ends: removed when the
check refuses it, kept after the apply for `MARSAD_IMPORT_KEEP_DAYS` (the audit can see
what was imported), removed by `manage.py clean_uploads` when a check is never applied.
A failed apply leaves the batch checked, so it can be run again.
"""

import dataclasses

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.imports.models import ImportBatch
from marsad.imports.registry import importer_class
from marsad.imports.spreadsheet import ImportRefused, ImportResult, UnreadableWorkbook
from marsad.jobs import registry

SHOWN_PROBLEMS = 500  # the rest are counted


def _problems(problems) -> list[dict]:
    return [dataclasses.asdict(problem) for problem in problems[:SHOWN_PROBLEMS]]


def as_result(result: ImportResult, batch: ImportBatch) -> dict:
    counts = result.counts
    return {
        "batch": batch.pk,
        "import_kind": batch.kind,
        "problems": _problems(result.problems),
        "problems_total": result.problems_total,
        "count": result.count,
        "counts": dataclasses.asdict(counts)
        if dataclasses.is_dataclass(counts) and not isinstance(counts, type)
        else counts,
        "preview": result.preview,
    }


def check(job, tracker) -> dict:
    batch = ImportBatch.objects.get(pk=job.params["batch"])
    importer = importer_class(batch.kind)(job.user, progress=tracker)
    try:
        with batch.file.open("rb") as stream:
            result = importer.read(stream)
    except UnreadableWorkbook as unreadable:  # refused like a bad row, not a crash to run again
        batch.status = ImportBatch.Status.REFUSED
        batch.save(update_fields=["status"])
        unread = {"row": "", "column": "", "message": str(unreadable)}
        return {"batch": batch.pk, "import_kind": batch.kind, "problems": [unread], "problems_total": 1, "count": 0}
    batch.row_count = result.count
    batch.status = ImportBatch.Status.CHECKED if result.ok else ImportBatch.Status.REFUSED
    batch.save(update_fields=["row_count", "status"])
    return as_result(result, batch)


def apply(job, tracker) -> dict:
    """Every row in one transaction, or none: a worker killed midway leaves the data as
    it was and the batch checked."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=job.params["batch"])
        if batch.status == ImportBatch.Status.APPLIED:
            return {"batch": batch.pk, "import_kind": batch.kind, "count": batch.row_count, "already": True}
        importer = importer_class(batch.kind)(job.user, progress=tracker)
        try:
            with batch.file.open("rb") as stream:
                count = importer.apply(stream)
        except ImportRefused as refused:
            # Something changed since the dry run (a report was submitted meanwhile…).
            raise registry.JobRefused(
                {
                    "batch": batch.pk,
                    "import_kind": batch.kind,
                    "problems": _problems(refused.problems),
                    "problems_total": refused.problems_total,
                    "message": _("The records changed since the check; nothing was imported."),
                }
            ) from None
        batch.status, batch.applied_at, batch.row_count = ImportBatch.Status.APPLIED, timezone.now(), count
        batch.save(update_fields=["status", "applied_at", "row_count"])
    return {"batch": batch.pk, "import_kind": batch.kind, "count": count}


def check_finished(job) -> None:
    batch = ImportBatch.objects.filter(pk=job.params["batch"]).first()
    if batch is None:
        return
    if batch.status in (ImportBatch.Status.REFUSED, ImportBatch.Status.CHECKING):
        # Refused, or the check itself failed: the import ends here.
        if batch.status == ImportBatch.Status.CHECKING:
            batch.status = ImportBatch.Status.REFUSED
            batch.save(update_fields=["status"])
        batch.file.delete()  # and the batch no longer names it


def register() -> None:
    """The import's kinds of job (from `ImportsConfig.ready()`)."""
    registry.register(
        registry.JobKind(
            "imports.check", run=check, result_template="imports/_check_result.html", finished=check_finished
        )
    )
    registry.register(registry.JobKind("imports.apply", run=apply, result_template="imports/_apply_result.html"))
