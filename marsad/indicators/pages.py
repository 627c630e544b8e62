"""The indicators' part of the project page (registered with the portfolio)."""

from marsad.accounts import scope
from marsad.indicators.models import Indicator
from marsad.indicators.series import latest


def project_indicators(request, project, today) -> dict:
    """The indicators that show what the project delivers, with their latest values."""
    linked = scope.readable(request.user, project.indicators.for_list().prefetch_related("targets")).order_by("code")
    return {"indicators": latest(list(linked), today)}


def entity_indicators(request, entity, today) -> dict:
    """The indicators the entity owns, with their latest values (its scorecard)."""

    owned = scope.readable(request.user, Indicator.objects.for_list().filter(owner=entity)).order_by("code")
    return {"indicators": latest(list(owned), today)}
