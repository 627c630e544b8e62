"""The obstacles' part of the project and entity pages (registered with the portfolio)."""

from django.db.models import F, Q

from marsad.accounts import scope
from marsad.obstacles.choices import RequirementStatus
from marsad.obstacles.models import Obstacle, Requirement
from marsad.obstacles.queries import with_ages


def project_obstacles(request, project, today) -> dict:
    obstacles = project.obstacles.select_related("responsible_entity").order_by("-level", "raised_on")
    return {
        "obstacles": with_ages(scope.readable(request.user, obstacles)),
        "requirements": scope.readable(request.user, project.requirements.select_related("responsible_entity")),
        "can_raise": scope.can_create(request.user, Obstacle, entity_id=project.owner_id),
    }


def entity_obstacles(request, entity, today) -> dict:
    obstacles = Obstacle.objects.for_board().open().filter(project__owner=entity).order_by("-level", "raised_on")
    return {"obstacles": with_ages(scope.readable(request.user, obstacles))}


def my_obstacles(request, _record, today) -> dict:
    """My work: the open obstacles on the focal point's entities' projects or theirs to
    remove, and the requirements theirs to provide or their projects need, not yet
    delivered (soonest due first)."""
    mine = scope.entity_ids(request.user)
    obstacles = (
        Obstacle.objects.for_board()
        .open()
        .filter(Q(project__owner__in=mine) | Q(responsible_entity__in=mine))
        .order_by("-level", "raised_on")
    )
    requirements = (
        Requirement.objects.select_related("project", "responsible_entity")
        .filter(Q(project__owner__in=mine) | Q(responsible_entity__in=mine))
        .exclude(status=RequirementStatus.DELIVERED)
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    return {
        "my_obstacles": with_ages(scope.readable(request.user, obstacles)),
        "my_requirements": scope.readable(request.user, requirements),
    }
