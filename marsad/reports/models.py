from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.accounts.scope import Access
from marsad.lib.attachments import StoredFile
from marsad.lib.dates import BoundedDateField
from marsad.lib.versioning import Versioned
from marsad.portfolio.feeds import FeedsProjectFigures
from marsad.portfolio.models import PERCENT_VALIDATORS, Phase, Project
from marsad.reports import periods
from marsad.reports.queries import ProgressReportQuerySet


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ProgressReport(FeedsProjectFigures, Versioned):
    """One project's progress report for one reporting period.

    Draft → submitted → accepted, or returned with a reason (then fixed and submitted
    again). Accepting it updates the project and its phases (see services.py). Every
    version is kept in its history.
    """

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="reports")
    period_start = BoundedDateField(_("period"), help_text=_("The first day of the reporting period."))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    percent_complete = models.DecimalField(
        _("execution %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("For a project without phases; with phases it comes from the phase updates."),
    )
    forecast_go_live = BoundedDateField(_("forecast go-live"), null=True, blank=True)
    achievements = models.TextField(_("achievements this period"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    # The project's execution % once this report was applied: the S-curve's actual line.
    accepted_percent = models.FloatField(_("execution % when accepted"), null=True, blank=True, editable=False)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = ProgressReportQuerySet.as_manager()

    access = Access(
        entity="project__owner",
        participants="project__participants",
        focal_points_create=True,  # the owner entity's focal points write their reports
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period_start"], name="one_report_per_project_period"),
        ]

    def __str__(self):
        return f"{self.project.code} {self.period_start:%Y-%m}"

    def clean(self):
        if self.period_start and self.project_id:
            start = periods.period_start(self.period_start, self.project.report_cadence_months)
            if start != self.period_start:
                raise ValidationError(
                    {"period_start": _("A reporting period begins on the first day of its month or quarter.")}
                )

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("reports:report_detail", args=[self.pk])

    @property
    def period_end(self):
        return periods.period_end(self.period_start, self.project.report_cadence_months)

    @property
    def due_date(self):
        return periods.due_date(self.period_start, self.project.report_cadence_months)

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def submitted_on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return self.submitted_at.date() <= self.due_date


class PhaseUpdate(models.Model):
    """What a report says about one phase."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="phase_updates"
    )
    phase = models.ForeignKey(Phase, verbose_name=_("phase"), on_delete=models.CASCADE, related_name="+")
    percent_complete = models.DecimalField(
        _("execution %"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    forecast_end = BoundedDateField(_("forecast end"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase update")
        verbose_name_plural = _("phase updates")
        ordering = ["phase__order"]
        constraints = [models.UniqueConstraint(fields=["report", "phase"], name="one_update_per_phase")]

    def __str__(self):
        return f"{self.report} · {self.phase}"


def _evidence_path(instance, filename):
    # The stored name is ours (report id and a counter), never the uploaded one.
    return f"evidence/{instance.report.project_id}/{instance.report_id}/{instance.stored_name}"


class ReportAttachment(StoredFile):
    """Evidence attached to a report: minutes of acceptance, screenshots, deliverables."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_evidence_path)
    history = HistoricalRecords()

    access = Access(entity="report__project__owner", participants="report__project__participants")

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "pk"]


class ReportingShare(models.Model):
    """What one project counts in the kept reporting rates (`kept.py`): the owner and
    cadence it is counted under and, for each kept period it owes, whether its report
    arrived and whether on time. A write takes these out of the counts and puts the
    project's new ones in, so the counts never need summing over every project."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, primary_key=True, related_name="+")
    owner_id = models.IntegerField()
    cadence = models.PositiveSmallIntegerField()
    public = models.BooleanField(default=False)
    # [[period start (ISO), received (0/1), on time (0/1)], …]: the kept periods it owes.
    periods = models.JSONField(default=list)

    def __str__(self):
        return str(self.project_id)


class ReportingCount(models.Model):
    """Of an owner's projects reporting at one cadence, public or not, how many owed the
    report of one period, how many sent it and how many on time (`kept.py`). Public and
    not apart, so that a reader of the public projects and of their own entity's reads
    counts too."""

    owner_id = models.IntegerField()
    cadence = models.PositiveSmallIntegerField()
    public = models.BooleanField(default=False)
    period_start = models.DateField()
    expected = models.IntegerField(default=0)
    received = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner_id", "cadence", "public", "period_start"], name="one_count_per_period"
            )
        ]

    def __str__(self):
        return f"{self.owner_id}/{self.cadence}/{self.period_start}: {self.on_time}/{self.expected}"


class ReportingWindow(models.Model):
    """One row: the periods the counts are kept for, as the latest period due of each
    cadence ({cadence: ISO date}); null until counted. A new period falling due moves
    it, and the counts are made afresh for the new periods."""

    latest = models.JSONField(null=True)

    def __str__(self):
        return str(self.latest)
