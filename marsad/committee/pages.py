"""The committee's part of the project, entity and strategy pages (registered with the portfolio)."""

from django.db.models import Q

from marsad.accounts import scope
from marsad.committee.models import Decision, Task


def project_decisions(request, project, today) -> dict:
    return {
        "decisions": project.decisions.for_list(request.user),
        "tasks": scope.readable(request.user, Task.objects.for_list().filter(decision__projects=project)),
    }


def entity_tasks(request, entity, today) -> dict:
    """Its tasks: assigned to it first, then those it coordinates on."""
    tasks = Task.objects.for_list().filter(Q(assigned_entity=entity) | Q(coordinating_entities=entity)).distinct()
    return {"tasks": scope.readable(request.user, tasks).order_by("status", "due_date", "pk")}


def entity_decisions(request, entity, today) -> dict:
    """Decisions that concern the entity: about its projects, led by it, or assigning it tasks."""
    concerning = Q(projects__owner=entity) | Q(lead_entity=entity) | Q(tasks__assigned_entity=entity)
    decision_ids = Decision.objects.filter(concerning).values("pk")
    decisions = scope.readable(request.user, Decision.objects.filter(pk__in=decision_ids))
    return {"decisions": decisions.for_list(request.user)}


def my_open_tasks(request, _record, today) -> dict:
    """The committee's open tasks assigned to the focal point's entities."""
    tasks = Task.objects.for_list().open().filter(assigned_entity__in=scope.entity_ids(request.user))
    return {"tasks": scope.readable(request.user, tasks)}


def strategy_decisions(request, strategy, today) -> dict:
    return {"decisions": strategy.decisions.for_list(request.user)}
