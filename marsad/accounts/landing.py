"""Where each person starts after signing in: where their work is."""

from typing import Any

from django.urls import reverse

from marsad.accounts.models import Role
from marsad.accounts.scope import role_of


def landing_url(user: Any) -> str:
    """A focal point starts on My work (the reports, rollout rows, obstacles and tasks
    their entity owes); everyone else on the dashboard, which opens with what needs a
    decision."""
    if role_of(user) == Role.FOCAL_POINT:
        return reverse("reports:my_work")
    return reverse("home")
