"""Following a task: the assigned entity reports what it did and where the task stands."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.committee.choices import TaskStatus
from marsad.committee.models import Task, TaskUpdate
from marsad.lib import deferred
from marsad.lib.versioning import claim_version

# What the assigned entity may set; withdrawing a task is the committee's (annulment).
REPORTABLE = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.DONE)


def task_update(*, task: Task, user, version: int, text: str, status: str) -> TaskUpdate:
    """Log an update by the assigned entity (or the programme office) and move the status."""
    if not scope.can_change(user, task):
        raise PermissionDenied(_("Only the focal points of the assigned entity report on this task."))
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError({"status": _("This task was withdrawn; it takes no more updates.")})
    if status not in REPORTABLE:
        raise ValidationError({"status": _("Choose a status from the list.")})
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    with deferred.writing():
        claim_version(task, version)
        task.status = status
        task.done_on = (task.done_on or timezone.localdate()) if status == TaskStatus.DONE else None
        task.save()
        return TaskUpdate.objects.create(task=task, text=text.strip(), status=status, author=user)
