"""How far a rollout has come against where it should be: % live, the planned line,
the pace still needed, and the live count over time.

The planned line runs straight from no institution live on the start day to the
target on the deadline. A rollout is behind its trajectory when fewer institutions
are live than the whole number the line has passed today (a fraction of an
institution is not yet owed).
"""

import datetime
import math
from dataclasses import dataclass, field

from marsad.rollouts.models import Rollout, StageMove


@dataclass
class Standing:
    rollout: Rollout
    today: datetime.date
    participants: int
    live: int
    stage_counts: list = field(default_factory=list)  # [(stage, count)] in stage order
    lagging: int = 0  # institutions lagging (`ParticipantQuerySet.lagging`), where counted
    live_then: int | None = None  # institutions live at an earlier day (the last meeting), where asked

    @property
    def live_change(self) -> int | None:
        return None if self.live_then is None else self.live - self.live_then

    @property
    def last_order(self) -> int:
        return len(self.stage_counts)

    @property
    def target(self) -> int:
        return self.rollout.target_count or self.participants

    @property
    def percent_live(self) -> float | None:
        return 100 * self.live / self.target if self.target else None

    def planned_on(self, day: datetime.date) -> float:
        """How many institutions the straight line from start to deadline has live on `day`."""
        start, end = self.rollout.start_date, self.rollout.target_date
        if day <= start:
            return 0.0
        if day >= end or end == start:
            return float(self.target)
        return self.target * (day - start).days / (end - start).days

    @property
    def planned_now(self) -> int:
        return math.floor(self.planned_on(self.today))

    @property
    def behind(self) -> bool:
        return self.rollout.status == "active" and self.live < self.planned_now

    @property
    def shortfall(self) -> int:
        return max(self.planned_now - self.live, 0)

    @property
    def days_left(self) -> int:
        return (self.rollout.target_date - self.today).days

    @property
    def needed_per_month(self) -> float | None:
        """Institutions to bring live per 30 days from today to reach the target in time."""
        remaining = self.target - self.live
        if remaining <= 0:
            return 0.0
        if self.days_left <= 0:
            return None  # the deadline has passed
        return remaining * 30 / self.days_left


def standings(rollouts, today: datetime.date, *, stage_counts: dict | None = None) -> list[Standing]:
    """A Standing per rollout of a queryset `with_counts()`."""
    return [
        Standing(
            rollout,
            today,
            rollout.participant_count,
            rollout.live_count,
            (stage_counts or {}).get(rollout.pk, []),
        )
        for rollout in rollouts
    ]


def live_series(rollout: Rollout, until: datetime.date) -> list[tuple[datetime.date, int]]:
    """(day, institutions live at the end of it) at every day the count changed, from the
    start to `until` — the actual line of the trajectory chart."""
    steps: dict[datetime.date, int] = {}
    moves = StageMove.objects.filter(participant__rollout=rollout, reached_on__lte=until).values_list(
        "reached_on", "stage__is_live", "from_stage__is_live"
    )
    for day, to_live, from_live in moves:
        change = int(bool(to_live)) - int(bool(from_live))
        if change:
            steps[day] = steps.get(day, 0) + change
    points, live = [(rollout.start_date, 0)], 0
    for day in sorted(steps):
        live += steps[day]
        if day <= rollout.start_date:
            points[0] = (rollout.start_date, live)
        else:
            points.append((day, live))
    if points[-1][0] < until:
        points.append((until, live))
    return points


def chart(standing: Standing) -> dict:
    """The trajectory chart's data: the actual live count, the planned line, and the
    line needed from today's count to the target at the deadline."""
    rollout, today = standing.rollout, standing.today
    actual = live_series(rollout, min(today, max(rollout.target_date, today)))
    planned = [(rollout.start_date, 0), (rollout.target_date, standing.target)]
    needed = []
    if standing.live < standing.target and today < rollout.target_date:
        needed = [(today, standing.live), (rollout.target_date, standing.target)]
    as_pairs = lambda points: [[day.isoformat(), value] for day, value in points]  # noqa: E731
    return {
        "actual": as_pairs(actual),
        "planned": as_pairs(planned),
        "needed": as_pairs(needed),
        "target": standing.target,
        "deadline": rollout.target_date.isoformat(),
        # The chart as a table: each day the live count changed, with the plan's count
        # that day (the straight line from the start to the target at the deadline).
        "rows": [
            {"day": day, "live": live, "planned": _planned_on(rollout, standing.target, day)} for day, live in actual
        ],
    }


def _planned_on(rollout, target: int, day) -> int:
    """The planned line's count on `day`, in whole institutions."""
    span = (rollout.target_date - rollout.start_date).days
    if span <= 0 or day >= rollout.target_date:
        return target
    return round(target * max(0, (day - rollout.start_date).days) / span)


def live_on(rollout_ids, day: datetime.date) -> dict[int, int]:
    """Institutions live at the end of `day`, per rollout (every move in or out of the
    live stage is kept, and institutions start at the first stage)."""
    from django.db.models import Count, Q

    counted = (
        StageMove.objects.filter(participant__rollout__in=rollout_ids, reached_on__lte=day)
        .values("participant__rollout")
        .annotate(
            came=Count("pk", filter=Q(stage__is_live=True)),
            left=Count("pk", filter=Q(from_stage__is_live=True)),
        )
    )
    return {row["participant__rollout"]: row["came"] - row["left"] for row in counted}
