from django.conf import settings

from marsad.accounts import scope
from marsad.accounts.models import Role


def page_context(request):
    """Whether the page runs in demo mode; what the menu offers."""
    return {
        "demo_mode": settings.MARSAD_DEMO_MODE,
        "can_read_audit": scope.can_read_audit(getattr(request, "user", None)),
        "can_review": scope.can_review(getattr(request, "user", None), None),
        "shows_my_work": scope.role_of(getattr(request, "user", None)) == Role.FOCAL_POINT,
    }
