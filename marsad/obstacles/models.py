import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.accounts.scope import Access
from marsad.lib.dates import BoundedDateField
from marsad.lib.versioning import Versioned
from marsad.obstacles.choices import (
    OPEN_STATUSES,
    Level,
    ObstacleCategory,
    ObstacleStatus,
    RequirementKind,
    RequirementStatus,
    Severity,
)
from marsad.obstacles.queries import ObstacleQuerySet
from marsad.portfolio.feeds import FeedsProjectFigures
from marsad.portfolio.models import Entity, Project
from marsad.search.index import Indexed, Searched

OWNED_BY_PROJECT: dict[str, Any] = {"entity": "project__owner", "participants": "project__participants"}


class Obstacle(Indexed, FeedsProjectFigures, Versioned):
    """Something in a project's way, and who is working to remove it."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="obstacles")
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=ObstacleCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    raised_on = BoundedDateField(_("raised on"), default=timezone.localdate)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_entity = models.ForeignKey(
        Entity,
        verbose_name=_("responsible entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obstacles_to_remove",
        help_text=_("The entity that must act to remove the obstacle."),
    )
    level = models.PositiveSmallIntegerField(_("escalation level"), choices=Level.choices, default=Level.PROJECT)
    level_since = BoundedDateField(_("at this level since"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_on = BoundedDateField(_("resolved on"), null=True, blank=True)
    # The committee decision that removed it; a link once decisions are recorded.
    decision_reference = models.CharField(_("decision"), max_length=100, blank=True)
    history = HistoricalRecords()

    objects = ObstacleQuerySet.as_manager()

    # The entity responsible for removing it reads it (and is told of it), though it
    # may take no part in the project.
    access = Access(**OWNED_BY_PROJECT, focal_points_create=True, readers=("responsible_entity",))

    searched = Searched(
        title=("title",), body=("description", "resolution", "decision_reference"), entity="project__owner", order=10
    )

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["-level", "raised_on", "pk"]
        indexes = [
            # What awaits the committee, oldest first: the dashboard reads its first rows
            # from here instead of sorting every open obstacle.
            models.Index(
                fields=["level", "raised_on", "id"],
                condition=models.Q(status__in=["open", "in_progress"]),
                name="open_obstacles_by_level_age",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("obstacles:obstacle_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def clean(self):
        errors = {}
        if self.status and not self.is_open and not self.resolution.strip():
            errors["resolution"] = _("Say how the obstacle was removed, or why it is not one.")
        if self.resolved_on and self.raised_on and self.resolved_on < self.raised_on:
            errors["resolved_on"] = _("An obstacle cannot be resolved before it was raised.")
        if self.pk and Obstacle.objects.filter(pk=self.pk).exclude(project_id=self.project_id).exists():
            errors["project"] = _("An obstacle stays with its project.")
        if errors:
            raise ValidationError(errors)

    def age_days(self, today: datetime.date | None = None) -> int:
        """Days since it was raised; for a resolved one, the days it took to unblock."""
        end = self.resolved_on if not self.is_open and self.resolved_on else (today or timezone.localdate())
        return (end - self.raised_on).days


class Escalation(models.Model):
    """One step of an obstacle up (or down) the ladder, by a person or by age."""

    obstacle = models.ForeignKey(
        Obstacle, verbose_name=_("obstacle"), on_delete=models.CASCADE, related_name="escalations"
    )
    from_level = models.PositiveSmallIntegerField(_("from"), choices=Level.choices)
    to_level = models.PositiveSmallIntegerField(_("to"), choices=Level.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    automatic = models.BooleanField(_("automatic"), default=False)
    on = BoundedDateField(_("on"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    access = Access(
        entity="obstacle__project__owner",
        participants="obstacle__project__participants",
        readers=("obstacle__responsible_entity",),
    )

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["obstacle", "at", "pk"]
        constraints = [
            # The automatic climb happens once per obstacle, level and day, however often cron runs.
            models.UniqueConstraint(
                fields=["obstacle", "to_level", "on"],
                condition=models.Q(automatic=True),
                name="one_automatic_escalation_per_level_and_day",
            )
        ]

    def __str__(self):
        return f"{self.obstacle}: {self.from_level} → {self.to_level}"


class Requirement(Indexed, Versioned):
    """What a project needs secured: infrastructure, equipment, staff, training, funding, licences."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="requirements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequirementKind.choices)
    description = models.CharField(_("description"), max_length=500)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    responsible_entity = models.ForeignKey(
        Entity,
        verbose_name=_("responsible entity"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirements_to_secure",
    )
    due_date = BoundedDateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.REQUESTED
    )
    is_gate = models.BooleanField(
        _("go-live gate"), default=False, help_text=_("The project cannot enter service until this is delivered.")
    )
    history = HistoricalRecords()

    # Like an obstacle's: the entity that is to provide it reads it.
    access = Access(**OWNED_BY_PROJECT, focal_points_create=True, readers=("responsible_entity",))

    searched = Searched(
        title=("description",), body=("get_kind_display",), entity="project__owner", order=15, related=("project",)
    )

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["project", "due_date", "pk"]

    def get_absolute_url(self):
        return reverse("portfolio:project_detail", args=[self.project.code]) + "#requirements"

    def __str__(self):
        return self.description

    @property
    def is_overdue(self) -> bool:
        return (
            self.status != RequirementStatus.DELIVERED
            and self.due_date is not None
            and self.due_date < timezone.localdate()
        )
