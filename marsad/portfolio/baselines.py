"""Governed baselines: a project's baseline dates and budget move only through an
approved rebaseline with a reason (a programme-office act today; a committee decision
once decisions exist). Every rebaseline is kept; the original baseline never moves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.lib.versioning import claim_version
from marsad.portfolio.models import Project, Rebaseline, RebaselineRequest

# Project field -> the Rebaseline fields that record its old and new value.
GOVERNED = {
    "baseline_start": ("previous_start", "new_start"),
    "baseline_go_live": ("previous_go_live", "new_go_live"),
    "funding_allocated": ("previous_funding", "new_funding"),
}
# Fields nobody sets directly once a project exists.
LOCKED = (*GOVERNED, "original_baseline_start", "original_baseline_go_live")


def _changes(project: Project, reason: str, new_values: dict) -> dict:
    """The values of `new_values` (GOVERNED fields) that move the baseline, checked:
    a reason, a real change, a go-live not before the start."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for moving the baseline.")})
    unknown = set(new_values) - set(GOVERNED)
    if unknown:
        raise ValidationError({name: _("This field is not part of the baseline.") for name in unknown})
    changes = {name: value for name, value in new_values.items() if getattr(project, name) != value}
    if not changes:
        raise ValidationError({"reason": _("The new baseline is the same as the current one: nothing to approve.")})
    start = changes.get("baseline_start", project.baseline_start)
    go_live = changes.get("baseline_go_live", project.baseline_go_live)
    if start and go_live and go_live < start:
        raise ValidationError({"baseline_go_live": _("The go-live date cannot be before the start date.")})
    return changes


def rebaseline(*, project: Project, user, version: int, reason: str, **new_values) -> Rebaseline:
    """Move the baseline to `new_values` (any of GOVERNED), recording who, when and why."""
    if not scope.can_approve_rebaseline(user, project):
        raise PermissionDenied
    changes = _changes(project, reason, new_values)
    record = Rebaseline(project=project, reason=reason.strip(), approved_by=user)
    for name, (previous, new) in GOVERNED.items():
        setattr(record, previous, getattr(project, name))
        setattr(record, new, changes.get(name, getattr(project, name)))
    with deferred.writing():
        claim_version(project, version)
        for name, value in changes.items():
            setattr(project, name, value)
        # The first approved plan is the original baseline, which never moves again.
        project.original_baseline_start = project.original_baseline_start or project.baseline_start
        project.original_baseline_go_live = project.original_baseline_go_live or project.baseline_go_live
        project.save()
        record.save()
    return record


# A request's fields -> the project fields they would move.
REQUESTED = {"new_start": "baseline_start", "new_go_live": "baseline_go_live", "new_funding": "funding_allocated"}


def request_rebaseline(*, project: Project, user, reason: str, **new_values) -> RebaselineRequest:
    """The owner entity (or the programme office) asks for new baseline dates or budget;
    the request waits for the committee's decision (see `marsad.committee.agenda`).
    Checked as an approval would be, so what is asked can be granted as it stands."""
    if not scope.can_create(user, RebaselineRequest, entity_id=project.owner_id):
        raise PermissionDenied
    asked = {REQUESTED[name]: value for name, value in new_values.items() if value is not None}
    try:
        changes = _changes(project, reason, asked)
    except ValidationError as invalid:
        as_requested = {field: name for name, field in REQUESTED.items()}
        raise ValidationError(
            {as_requested.get(name, name): errors for name, errors in invalid.message_dict.items()}
        ) from None
    values = {name: changes[field] for name, field in REQUESTED.items() if field in changes}
    return RebaselineRequest.objects.create(project=project, requested_by=user, reason=reason.strip(), **values)
