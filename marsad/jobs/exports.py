"""Exports too long to build in a request (`lib.exports.download` hands them here): a
job writes the file with a progress bar, and its asker downloads it from the job's page.

The job builds the rows exactly as the list would, from the asker and the query string
they had on screen, so it holds what they may read and nothing more."""

from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from marsad.jobs import registry, services
from marsad.lib import exports

KIND = "exports.file"
ROWS_BETWEEN_REPORTS = 500


class Asker:
    """What a list's rows are built from, outside a request: who asks, and their query."""

    def __init__(self, user, query: str):
        self.user = user
        self.GET = QueryDict(query)
        self.htmx = None


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "exports"


def path_of(job) -> Path:
    return folder() / f"{job.token}.{job.params['fmt']}"


def start(request, export, fmt):
    job = services.start(
        KIND,
        user=request.user,
        title=_("Export of %(list)s") % {"list": export.title or export.name},
        name=export.name,
        fmt=fmt,
        query=request.GET.urlencode(),
    )
    return redirect(job)


def _counted(rows, tracker, total):
    tracker.phase("writing", total)
    for done, row in enumerate(rows):
        if done % ROWS_BETWEEN_REPORTS == 0:
            tracker(max(done - 1, 0), total)  # the header is not a row
        yield row


def run(job, tracker) -> dict:
    export = exports.registered(job.params["name"])
    if export is None:
        raise LookupError(f"no list exports as {job.params['name']}")
    asker = Asker(job.user, job.params["query"])
    total = export.count(asker) if export.count else None
    target = path_of(job)
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = _counted(export.rows(asker), tracker, total)
    if job.params["fmt"] == "csv":
        with target.open("wb") as stored:
            for chunk in exports.csv_chunks(rows):
                stored.write(chunk)
    else:
        exports.write_workbook(rows, target, title=export.name)
    return {"rows": total, "filename": f"marsad-{export.name}.{job.params['fmt']}"}


def finished(job) -> None:
    if job.status != "done":
        path_of(job).unlink(missing_ok=True)


def register() -> None:
    """The export job, and the runner long exports go to (from `JobsConfig.ready()`)."""
    registry.register(registry.JobKind(KIND, run=run, result_template="jobs/_export_result.html", finished=finished))
    exports.register_long_runner(start)
