import time
from typing import Any

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from marsad.jobs import exports, progress, registry, services
from marsad.jobs.models import Job, JobStatus
from marsad.lib.paging import paginate

# What a job is doing, as its work names its phases (`Tracker.phase`).
PHASES = {
    "reading": _("Reading the file"),
    "checking": _("Checking every row"),
    "writing": _("Writing"),
    "saving": _("Saving"),
    "sections": _("Gathering the sections"),
    "rendering": _("Laying out the pages"),
}


def _own_job(request, job_id) -> Job:
    # A job is its asker's: another person's job does not exist for them.
    return get_object_or_404(Job.objects.of(request.user), pk=job_id)


def _state(job: Job) -> dict:
    """What the page shows of a job: status, phase, done/total, percent, time left."""
    state: dict[str, Any] = {
        "job": job,
        "kind": registry.kind(job.kind),
        "poll_ms": round(1000 * settings.MARSAD_JOB_PROGRESS_SECONDS),
    }
    found = progress.read(job) if job.status == JobStatus.RUNNING else None
    if found:
        done, total = found.get("done") or 0, found.get("total")
        phase = found.get("phase") or ""
        state.update(phase=PHASES.get(phase, phase), done=done, total=total)
        if total:
            state["percent"] = min(100, round(100 * done / total))
            elapsed = time.time() - job.started_at.timestamp() if job.started_at else 0
            if 0 < done < total and elapsed > 2:
                left = round(elapsed * (total - done) / done)
                state["time_left"] = f"{left // 60}:{left % 60:02d}"
    return state


def job_list(request):
    jobs = Job.objects.of(request.user)
    services.mark_lost(jobs)
    page = paginate(request, jobs)
    return render(request, "jobs/job_list.html", {"page": page})


def job_detail(request, job_id):
    job = _own_job(request, job_id)
    if services.mark_lost(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    return render(request, "jobs/job_detail.html", _state(job))


def job_progress(request, job_id):
    """The job's status block, polled by the page (htmx) until the job has finished."""
    request.automatic_refresh = True  # not the person's activity (accounts.middleware)
    job = _own_job(request, job_id)
    if services.mark_lost(Job.objects.filter(pk=job.pk)):
        job.refresh_from_db()
    response = render(request, "jobs/_status.html", _state(job))
    if job.is_finished:
        response["HX-Refresh"] = "true"  # the whole page, with the result and what to do next
    return response


@require_POST
def run_again(request, job_id):
    job = _own_job(request, job_id)
    if job.status != JobStatus.FAILED:
        return redirect(job)
    return redirect(services.run_again(job, user=request.user))


def download(request, job_id):
    """The file an export job wrote, for the person who asked for it."""
    job = _own_job(request, job_id)
    path = exports.path_of(job) if job.kind == exports.KIND and job.status == JobStatus.DONE else None
    if path is None or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result["filename"])
