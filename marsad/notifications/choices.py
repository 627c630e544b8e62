from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # Reminders: made from dates, by the daily job.
    REPORT_DUE_SOON = "report_due_soon", _("Progress report due soon")
    REPORT_DUE_TODAY = "report_due_today", _("Progress report due today")
    REPORT_OVERDUE = "report_overdue", _("Progress report overdue")
    TASK_DUE_SOON = "task_due_soon", _("Task due soon")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    GO_LIVE_NEAR = "go_live_near", _("Go-live near")
    GO_LIVE_MISSED = "go_live_missed", _("Go-live missed")
    PHASE_END_NEAR = "phase_end_near", _("Phase end near")
    PHASE_END_MISSED = "phase_end_missed", _("Phase end missed")
    ROLLOUT_OVERDUE = "rollout_overdue", _("Rollout past its deadline")
    OBSTACLE_AWAITING = "obstacle_awaiting", _("Obstacle awaiting the committee")
    # Events: made from what people did, as the audit log recorded it.
    REPORT_RETURNED = "report_returned", _("Progress report returned")
    REPORT_ACCEPTED = "report_accepted", _("Progress report accepted")
    TASK_ASSIGNED = "task_assigned", _("Task assigned")
    TASK_UPDATED = "task_updated", _("Task updated")
    OBSTACLE_RAISED = "obstacle_raised", _("Obstacle raised")
    OBSTACLE_ESCALATED = "obstacle_escalated", _("Obstacle escalated")
    OBSTACLE_RESOLVED = "obstacle_resolved", _("Obstacle resolved")
    DECISION = "decision", _("Committee decision")
    REBASELINE_REQUESTED = "rebaseline_requested", _("Rebaseline requested")
    REBASELINE_DECIDED = "rebaseline_decided", _("Rebaseline decided")
    PACK_ISSUED = "pack_issued", _("Meeting pack issued")
