from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    AUTHORITY = "authority", _("Authority")
    COMMISSION = "commission", _("Commission")
    BANK = "bank", _("Bank")
    GOVERNORATE = "governorate", _("Governorate")
    CENTRE = "centre", _("Centre")
    OTHER = "other", _("Other")


class StrategyKind(models.TextChoices):
    NATIONAL = "national", _("National strategy")
    SECTOR = "sector", _("Sector strategy")


class StrategyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    RETIRED = "retired", _("Retired")


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Included")
    PREPARATION = "preparation", _("In preparation")
    EXECUTION = "execution", _("In execution")
    PILOTING = "piloting", _("Piloting")
    IN_SERVICE = "in_service", _("In service")
    ON_HOLD = "on_hold", _("On hold")
    CANCELLED = "cancelled", _("Cancelled")


class ReportCadence(models.IntegerChoices):
    MONTHLY = 1, _("Monthly")
    QUARTERLY = 3, _("Quarterly")


# The statuses in which a project owes periodic progress reports.
REPORTING_STATUSES = ("approved", "preparation", "execution", "piloting")


class PhaseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Health(models.TextChoices):
    """The five-step rating; also the order from best to worst."""

    GREEN = "green", _("Green")
    AMBER_GREEN = "amber_green", _("Amber-green")
    AMBER = "amber", _("Amber")
    AMBER_RED = "amber_red", _("Amber-red")
    RED = "red", _("Red")

    @classmethod
    def rank(cls, value: str | None) -> int | None:
        """0 for green … 4 for red; None when unrated."""
        return [choice.value for choice in cls].index(value) if value else None
