import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q

from marsad.rollouts.choices import RolloutStatus


def stall_days() -> int:
    """An institution not yet live that has not moved for this many days is lagging."""
    return settings.MARSAD_ROLLOUT_STALL_DAYS


class RolloutQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=RolloutStatus.ACTIVE)

    def with_counts(self):
        """Each rollout with how many institutions take part and how many are live."""
        return self.select_related("lead_entity").annotate(
            participant_count=Count("participants", distinct=True),
            live_count=Count("participants", filter=Q(participants__stage__is_live=True), distinct=True),
        )


class ParticipantQuerySet(models.QuerySet):
    def for_matrix(self):
        return self.select_related("entity", "stage", "rollout")

    def live(self):
        return self.filter(stage__is_live=True)

    def lagging(self, today: datetime.date):
        """Not live, and either not moved for `stall_days()`, or forecast after its
        rollout's deadline, or with no forecast once the deadline has passed."""
        since = today - datetime.timedelta(days=stall_days())
        return self.exclude(stage__is_live=True).filter(
            Q(stage_reached_on__lt=since)
            | Q(stage_reached_on__isnull=True, rollout__start_date__lt=since)
            | Q(forecast_live__gt=F("rollout__target_date"))
            | Q(forecast_live__isnull=True, rollout__target_date__lt=today)
        )
