import datetime

from django.conf import settings
from django.db import models

from marsad.obstacles.choices import OPEN_STATUSES, Level


def escalation_days() -> dict[str, int]:
    """Days an open obstacle may stay at one level, by severity, before it climbs."""
    return dict(settings.MARSAD_ESCALATION_DAYS)


class ObstacleQuerySet(models.QuerySet):
    def open(self):

        return self.filter(status__in=OPEN_STATUSES)

    def for_board(self):
        """What a card shows, in one query."""
        return self.select_related("project", "project__owner", "responsible_entity")

    def raised_before(self, day: datetime.date):
        return self.filter(raised_on__lte=day)

    def due_to_climb(self, today: datetime.date):
        """Open obstacles below the committee that have stayed at their level too long."""

        limits = models.Q()
        for severity, days in escalation_days().items():
            limits |= models.Q(severity=severity, level_since__lte=today - datetime.timedelta(days=days))
        return self.open().filter(limits, level__lt=Level.COMMITTEE)


def with_ages(obstacles, today: datetime.date | None = None) -> list:
    """The obstacles as a list, each with `age` (days open, or days it took to unblock)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    found = list(obstacles)
    for obstacle in found:
        obstacle.age = obstacle.age_days(today)
    return found
