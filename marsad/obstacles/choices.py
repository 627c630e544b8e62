from django.db import models
from django.utils.translation import gettext_lazy as _


class ObstacleCategory(models.TextChoices):
    FUNDING = "funding", _("Funding")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    EQUIPMENT = "equipment", _("Equipment")
    STAFF = "staff", _("Staff and skills")
    LEGAL = "legal", _("Legal and regulatory")
    PROCUREMENT = "procurement", _("Procurement")
    COORDINATION = "coordination", _("Coordination between entities")
    TECHNICAL = "technical", _("Technical")
    SECURITY = "security", _("Security")


class Severity(models.TextChoices):
    """From least to most severe."""

    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Level(models.IntegerChoices):
    """The escalation ladder: who is working to remove the obstacle."""

    PROJECT = 1, _("Project")
    PROGRAMME_OFFICE = 2, _("Programme office")
    COMMITTEE = 3, _("Higher Committee")


class ObstacleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("Being removed")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed: not an obstacle")


OPEN_STATUSES = (ObstacleStatus.OPEN, ObstacleStatus.IN_PROGRESS)


class RequirementKind(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    EQUIPMENT = "equipment", _("Equipment")
    STAFF = "staff", _("Technical staff")
    TRAINING = "training", _("Training")
    FUNDING = "funding", _("Funding")
    LICENCE = "licence", _("Licence")


class RequirementStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SECURED = "secured", _("Secured")
    DELIVERED = "delivered", _("Delivered")
