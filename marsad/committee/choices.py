from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeKind(models.TextChoices):
    HIGHER = "higher", _("Higher committee")
    TECHNICAL = "technical", _("Technical committee")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Scheduled")
    HELD = "held", _("Held")
    APPROVED = "approved", _("Minutes approved")


class ItemKind(models.TextChoices):
    PROJECT = "project", _("Project")
    OBSTACLE = "obstacle", _("Obstacle")
    INDICATOR = "indicator", _("Indicator")
    STRATEGY = "strategy", _("Strategy")
    TASK = "task", _("Task")
    ROLLOUT = "rollout", _("Rollout")
    OTHER = "other", _("Other business")


class DecisionKind(models.TextChoices):
    INCLUDE_PROJECT = "include_project", _("Include projects in the programme")
    ALLOCATE_FUNDING = "allocate_funding", _("Allocate funding")
    ADOPT_STRATEGY = "adopt_strategy", _("Adopt a strategy")
    APPROVE_PHASE = "approve_phase", _("Approve a phase")
    APPROVE_REBASELINE = "approve_rebaseline", _("Approve a rebaseline")
    FORM_COMMITTEE = "form_committee", _("Form a committee")
    ASSIGN_TASK = "assign_task", _("Assign a task")
    REMOVE_OBSTACLE = "remove_obstacle", _("Remove an obstacle")
    ORDER_ROLLOUT = "order_rollout", _("Order a rollout")
    OTHER = "other", _("Other decision")


class DecisionStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    APPLIED = "applied", _("In effect")
    ANNULLED = "annulled", _("Annulled")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("Under way")
    DONE = "done", _("Completed")
    CANCELLED = "cancelled", _("Withdrawn")


OPEN_TASK_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
