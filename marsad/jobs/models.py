import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Failure(models.TextChoices):
    """Why a job failed when the work itself could not say (shown in the reader's language)."""

    NONE = "", _("None")
    LOST = "lost", _("The worker running it stopped before it finished; nothing it was writing was kept.")
    CRASHED = "crashed", _("It stopped on an unexpected error; nothing it was writing was kept.")


class JobQuerySet(models.QuerySet):
    def of(self, user):
        return self.filter(user=user)

    def unfinished(self):
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


class Job(models.Model):
    """One run of long work for a person: what it is, how it went, what it found.

    The work itself is a task on the configured task backend (`tasks.run_job`); this row
    is what the person sees and comes back to. Progress while it runs lives in the jobs
    cache (`progress.py`), which the worker can write while its own transaction is open.
    """

    # Names the job's progress in the jobs cache: unlike the id, never used twice, even
    # across a database restored or reset while the cache was kept.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    # What the kind's work needs (ids, options); JSON so any task backend carries it.
    params = models.JSONField(default=dict)
    # The language the person asked in: messages the work writes are in it.
    language = models.CharField(max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED)
    failure = models.CharField(max_length=20, choices=Failure.choices, blank=True)
    # What the kind's result template shows (problems found, rows written…).
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    # When it was last put on the task queue: none while the queue could not be reached.
    # The sweep (`services.requeue_waiting`) puts it there again if no worker took it.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="jobs_of_a_person")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
