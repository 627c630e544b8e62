from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.obstacles import services
from marsad.obstacles.models import Obstacle, Requirement
from marsad.obstacles.serializers import EscalateSerializer, ObstacleSerializer, RequirementSerializer, StatusSerializer
from marsad.web.api_views import ScopedModelViewSet


class ProjectOwned:
    def owning_entity_id(self, validated_data, instance=None):
        project = validated_data.get("project") or (instance.project if instance else None)
        return project.owner_id if project else None


class ObstacleViewSet(ProjectOwned, ScopedModelViewSet):
    """Obstacles in projects' way. Raise one with POST; move it up the ladder with
    `escalate`, and change its status (resolve it) with `status`."""

    serializer_class = ObstacleSerializer
    filterset_fields = ["level", "status", "category", "severity", "project__code"]

    def base_queryset(self):
        return Obstacle.objects.for_board().order_by("-level", "raised_on", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = services.obstacle_raise(project=data.pop("project"), user=self.request.user, **data)

    def _act(self, request, step, payload_class):
        obstacle = self.get_object()
        payload = payload_class(data=request.data)
        payload.is_valid(raise_exception=True)
        step(obstacle=obstacle, user=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.base_queryset().get(pk=obstacle.pk)).data)

    @extend_schema(request=EscalateSerializer, responses=ObstacleSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None, **kwargs):
        """Move the obstacle up the ladder with a reason (committee level: programme office only)."""
        return self._act(request, services.obstacle_escalate, EscalateSerializer)

    @extend_schema(request=StatusSerializer, responses=ObstacleSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None, **kwargs):
        """Mark the obstacle as being removed, resolved (with how) or closed as not an obstacle."""
        return self._act(request, services.obstacle_set_status, StatusSerializer)


class RequirementViewSet(ProjectOwned, ScopedModelViewSet):
    """What projects need secured; a go-live gate blocks entering service until delivered."""

    serializer_class = RequirementSerializer
    filterset_fields = ["kind", "status", "is_gate", "project__code"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]

    def base_queryset(self):
        return Requirement.objects.select_related("project", "responsible_entity").order_by("due_date", "pk")
