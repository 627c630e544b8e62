"""Go-live gates: a project does not enter service while a gate requirement is undelivered."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from marsad.lib import formatting
from marsad.obstacles.choices import RequirementStatus
from marsad.obstacles.models import Requirement


def unmet_gates(project):

    if project.pk is None:
        return Requirement.objects.none()
    return Requirement.objects.filter(project=project, is_gate=True).exclude(status=RequirementStatus.DELIVERED)


def check_can_enter_service(project) -> None:
    """ValidationError on `status` naming each requirement that blocks going live."""
    blocking = list(unmet_gates(project))
    if blocking:
        names = formatting.join_list(
            f"«{requirement.description}» ({requirement.get_status_display()})" for requirement in blocking
        )
        raise ValidationError(
            {"status": _("The project cannot enter service until these are delivered: %(names)s") % {"names": names}}
        )
