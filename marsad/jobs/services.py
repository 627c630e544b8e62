"""Starting a job, running it in a worker, and noticing a worker that died.

`start()` records the job and puts it on the task queue in the same transaction when
the queue lives in the database (`django-tasks-db`: the worker sees it only once the
request commits), after the commit otherwise (RQ: Redis would hand it to a worker
before the job's row exists). `run()` is what the worker calls.
"""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from marsad.jobs import progress, registry
from marsad.jobs.models import Failure, Job, JobStatus
from marsad.jobs.tasks import enqueue
from marsad.lib.outage import QueueUnavailable

logger = logging.getLogger("marsad.jobs")


def start(kind: str, *, user, title: str, **params) -> Job:
    if registry.kind(kind) is None:
        raise LookupError(f"no job kind {kind!r}")
    job = Job.objects.create(
        kind=kind, title=title[:255], user=user, params=params, language=translation.get_language() or "ar"
    )

    if _queue_in_database():
        _enqueue(job.pk)
    elif transaction.get_connection().in_atomic_block:
        # Queued once the job's row is committed; should the queue be away then, the
        # sweep queues it later (the caller's transaction is already committed).
        transaction.on_commit(lambda: _enqueue_or_leave(job.pk))
    else:
        try:
            _enqueue(job.pk)
        except _QUEUE_ERRORS as error:
            logger.warning("job %s (%s) not queued, the queue is away (%s); the sweep will", job.pk, kind, error)
            raise QueueUnavailable from error
    return job


def _queue_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import RedisError

    return (RedisError, OSError)


_QUEUE_ERRORS = _queue_errors()


def _enqueue(job_id: int) -> None:
    enqueue(job_id)
    Job.objects.filter(pk=job_id).update(enqueued_at=timezone.now())


def _enqueue_or_leave(job_id: int) -> None:
    try:
        _enqueue(job_id)
    except _QUEUE_ERRORS as error:
        logger.warning("job %s not queued, the queue is away (%s); the sweep will", job_id, error)


def requeue_waiting() -> int:
    """Put on the queue again the jobs still waiting that no worker took: those whose
    queuing failed (the queue was away), and those queued longer ago than
    MARSAD_JOB_LOST_AFTER (a queue restarted empty). A job delivered twice runs once
    (`run` claims it). Returns how many were queued; stops at the first failure (the
    queue is still away). The database queue loses nothing (a job is written there in
    its own row's transaction), so there is nothing to sweep."""
    if _queue_in_database():
        return 0
    now = timezone.now()
    moment = now - datetime.timedelta(seconds=settings.MARSAD_JOB_LOST_AFTER)
    # A moment's grace for a job whose request is queuing it right now.
    never = Q(enqueued_at__isnull=True, created_at__lt=now - datetime.timedelta(seconds=10))
    waiting = Job.objects.filter(never | Q(enqueued_at__lt=moment), status=JobStatus.QUEUED).order_by("pk")
    queued = 0
    for job_id in waiting.values_list("pk", flat=True):
        try:
            _enqueue(job_id)
        except _QUEUE_ERRORS as error:
            logger.warning("jobs not queued again, the queue is still away (%s)", error)
            break
        logger.info("job %s queued again: no worker had taken it", job_id)
        queued += 1
    return queued


def _queue_in_database() -> bool:
    backend = settings.TASKS["default"]["BACKEND"]
    return backend.startswith(("django_tasks_db.", "django_tasks.backends.immediate"))


def run(job_id: int) -> None:
    """Run a queued job to its end: done with its result, or failed with why."""
    if not Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    ):
        return  # already run (a queue may deliver twice) or no longer exists
    job = Job.objects.select_related("user").get(pk=job_id)
    kind = registry.kind(job.kind)
    tracker = progress.Tracker(job)
    outcome: dict[str, Any] = {"status": JobStatus.FAILED, "failure": Failure.CRASHED, "result": None}
    try:
        # One transaction: a job that fails leaves nothing half-written.
        with progress.Heartbeat(job), translation.override(job.language), transaction.atomic():
            if kind is None:  # a kind no app registers any longer: failed, like a crash
                raise LookupError(f"no job kind {job.kind}")
            outcome = {"status": JobStatus.DONE, "failure": "", "result": kind.run(job, tracker)}
    except registry.JobRefused as refused:
        outcome = {"status": JobStatus.FAILED, "failure": "", "result": refused.result}
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
    finally:
        Job.objects.filter(pk=job.pk).update(finished_at=timezone.now(), **outcome)
        if kind is not None and kind.finished:
            job.refresh_from_db()
            kind.finished(job)


def mark_lost(jobs=None) -> int:
    """Mark failed the running jobs whose worker stopped beating (killed, machine down).
    Returns how many."""
    lost_after = settings.MARSAD_JOB_LOST_AFTER
    moment = timezone.now() - datetime.timedelta(seconds=lost_after)
    running = (jobs if jobs is not None else Job.objects.all()).filter(status=JobStatus.RUNNING, started_at__lt=moment)
    lost = []
    for job in running:
        beat = progress.last_beat(job)
        if beat is None or beat < moment.timestamp():
            lost.append(job)
    for job in lost:
        if Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, failure=Failure.LOST, finished_at=timezone.now()
        ):
            logger.warning("job %s (%s) lost: its worker stopped", job.pk, job.kind)
            kind = registry.kind(job.kind)
            if kind and kind.finished:
                job.refresh_from_db()
                kind.finished(job)
    return len(lost)


def run_again(job: Job, *, user) -> Job:
    """The same work, as a new job (a failed one stays on the record)."""
    return start(job.kind, user=user, title=job.title, **job.params)
