"""Raising, escalating and resolving obstacles; the automatic climb by age.

Who may do what is asked of `marsad.accounts.scope`: a focal point raises, escalates
and resolves obstacles on their own entity's projects; the programme office does so
anywhere; only the programme office puts an obstacle before the committee.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib.records import record_save, save_if_current
from marsad.lib.versioning import claim_version
from marsad.obstacles.choices import OPEN_STATUSES, Level, ObstacleStatus
from marsad.obstacles.models import Escalation, Obstacle
from marsad.portfolio.models import Project


def obstacle_raise(*, project: Project, user, **fields) -> Obstacle:
    if not scope.can_create(user, Obstacle, entity_id=project.owner_id):
        raise PermissionDenied
    level = fields.pop("level", Level.PROJECT)
    if level == Level.COMMITTEE and not scope.may_put_before_committee(user):
        raise PermissionDenied(_("Only the programme office puts an obstacle before the committee."))
    today = timezone.localdate()
    obstacle = Obstacle(project=project, raised_by=user, level=level, level_since=today, **fields)
    return record_save(obstacle)


def obstacle_escalate(*, obstacle: Obstacle, user, version: int, reason: str, to_level: int | None = None) -> Obstacle:
    """Move an open obstacle up the ladder (one level unless `to_level` says), with a reason."""
    scope.change_or_403(user, obstacle)
    to_level = to_level or obstacle.level + 1
    if not obstacle.is_open:
        raise ValidationError({"status": _("Only an open obstacle can be escalated.")})
    if to_level <= obstacle.level or to_level > Level.COMMITTEE:
        raise ValidationError({"level": _("An obstacle escalates to a higher level of the ladder.")})
    if to_level == Level.COMMITTEE and not scope.may_put_before_committee(user):
        raise PermissionDenied(_("Only the programme office puts an obstacle before the committee."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the obstacle needs a higher level.")})
    today = timezone.localdate()
    with deferred.writing():
        Escalation.objects.create(
            obstacle=obstacle, from_level=obstacle.level, to_level=to_level, reason=reason.strip(), by=user, on=today
        )
        obstacle.level, obstacle.level_since = to_level, today
        save_if_current(obstacle, version)
    return obstacle


def obstacle_set_status(
    *, obstacle: Obstacle, user, version: int, status: str, resolution: str = "", decision_reference: str = ""
) -> Obstacle:
    scope.change_or_403(user, obstacle)
    if status not in ObstacleStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if status in (ObstacleStatus.RESOLVED, ObstacleStatus.CLOSED) and not resolution.strip():
        raise ValidationError({"resolution": _("Say how the obstacle was removed, or why it is not one.")})
    obstacle.status = status
    if status in OPEN_STATUSES:
        obstacle.resolved_on = None
    else:
        obstacle.resolution = resolution.strip()
        obstacle.resolved_on = obstacle.resolved_on or timezone.localdate()
        obstacle.decision_reference = decision_reference.strip() or obstacle.decision_reference
    save_if_current(obstacle, version)
    return obstacle


def escalate_aged(today: datetime.date | None = None) -> list[Obstacle]:
    """Move up every open obstacle that has stayed too long at its level (see
    `queries.escalation_days`). Safe to run as often as cron likes: an obstacle that
    climbs today starts a new wait at its new level, and a unique constraint stops a
    second automatic climb to the same level on the same day."""
    today = today or timezone.localdate()
    climbed = []
    for obstacle in Obstacle.objects.due_to_climb(today).select_related("project"):
        waited = (today - obstacle.level_since).days
        try:
            with deferred.writing():
                Escalation.objects.create(
                    obstacle=obstacle,
                    from_level=obstacle.level,
                    to_level=obstacle.level + 1,
                    reason=_("Open for %(days)s days at this level.") % {"days": waited},
                    automatic=True,
                    on=today,
                )
                claim_version(obstacle, obstacle.version)
                obstacle.level, obstacle.level_since = obstacle.level + 1, today
                obstacle.save(update_fields=["level", "level_since", "version"])
        except IntegrityError:
            continue  # another run climbed it a moment ago
        climbed.append(obstacle)
    return climbed
