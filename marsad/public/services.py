from django.db import transaction

from marsad.accounts import scope
from marsad.accounts.models import Role
from marsad.committee import decisions
from marsad.committee.models import Decision
from marsad.indicators.models import Indicator
from marsad.lib.records import record_save
from marsad.portfolio.models import Project
from marsad.public.models import Disclosure


def may_publish(user) -> bool:
    return scope.role_of(user) in (Role.PMO, Role.ADMIN)


def candidates(kind: str) -> list:
    """The records of `kind` the programme office may publish fields of."""
    if kind == "project":
        return list(Project.objects.filter(is_public=True).order_by("code"))
    if kind == "indicator":
        return list(Indicator.objects.filter(is_public=True).order_by("code"))
    return list(Decision.objects.select_related("meeting__committee").order_by("-meeting__date", "number"))


@transaction.atomic
def disclosure_set(*, kind: str, object_id: int, shown: list[str], user) -> Disclosure:
    """Record which fields of one record the public sees."""
    disclosure = Disclosure.objects.filter(kind=kind, object_id=object_id).first() or Disclosure(
        kind=kind, object_id=object_id
    )
    if disclosure.pk and disclosure.shown == shown:
        return disclosure
    disclosure.shown = shown
    disclosure.updated_by = user
    return record_save(disclosure)


def decision_publish(decision: Decision, *, user, published: bool) -> Decision:
    return decisions.decision_publish(decision=decision, user=user, published=published)
