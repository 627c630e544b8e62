"""The obstacles' part of the project and entity pages (registered with the portfolio)."""

from marsad.accounts import scope
from marsad.obstacles.models import Obstacle
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
