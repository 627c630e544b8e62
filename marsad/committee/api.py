from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.committee import decisions, tasks
from marsad.committee.models import AgendaItem, Committee, Decision, Meeting, Task
from marsad.committee.serializers import (
    AgendaItemSerializer,
    AnnulSerializer,
    CommitteeSerializer,
    DecisionSerializer,
    MeetingSerializer,
    TaskReportSerializer,
    TaskSerializer,
)
from marsad.web.api_views import ScopedModelViewSet, ScopedReadOnlyViewSet


class CommitteeViewSet(ScopedModelViewSet):
    """The Higher Committee and the technical committees it formed."""

    serializer_class = CommitteeSerializer
    lookup_field = "code"
    filterset_fields = ["kind", "is_active"]

    def base_queryset(self):
        return Committee.objects.select_related("parent", "chair_entity").prefetch_related("members").order_by("code")


class MeetingViewSet(ScopedModelViewSet):
    """Committee meetings: planned, held, minutes approved (recorded by the programme office)."""

    serializer_class = MeetingSerializer
    filterset_fields = ["committee__code", "status", "date"]

    def base_queryset(self):
        return Meeting.objects.select_related("committee").prefetch_related("attending_entities").order_by("-date")


class AgendaItemViewSet(ScopedModelViewSet):
    """The items of meetings' agendas, in order, each pointing at what it is about."""

    serializer_class = AgendaItemSerializer
    filterset_fields = ["meeting", "kind"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]

    def base_queryset(self):
        return AgendaItem.objects.select_related("project", "indicator", "strategy", "presenter_entity").order_by(
            "meeting", "order", "pk"
        )


class DecisionViewSet(ScopedModelViewSet):
    """Typed decisions of held meetings. POST records one; `apply` puts it into effect
    (once: applying again changes nothing); `annul` undoes its effects with a reason."""

    serializer_class = DecisionSerializer
    filterset_fields = ["meeting", "kind", "status"]
    http_method_names = ["get", "post", "head", "options"]

    def base_queryset(self):
        return Decision.objects.for_list(self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        projects, others = data.pop("projects", []), data.pop("other_entities", [])
        serializer.instance = decisions.record(
            meeting=data.pop("meeting"), user=self.request.user, projects=projects, other_entities=others, **data
        )

    def _answer(self, decision):
        return Response(self.get_serializer(self.base_queryset().get(pk=decision.pk)).data)

    @extend_schema(request=None, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None, **kwargs):
        """Put the decision into effect; a decision already applied is left as it is."""
        decision = self.get_object()
        decisions.apply(decision=decision, user=request.user)
        return self._answer(decision)

    @extend_schema(request=AnnulSerializer, responses=DecisionSerializer)
    @action(detail=True, methods=["post"])
    def annul(self, request, pk=None, **kwargs):
        """Annul the decision and undo its effects (each one nobody has changed since)."""
        decision = self.get_object()
        payload = AnnulSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        decisions.annul(decision=decision, user=request.user, reason=payload.validated_data["reason"])
        return self._answer(decision)


class TaskViewSet(ScopedReadOnlyViewSet):
    """Tasks assigned by decisions. They are created by applying a decision; the
    assigned entity reports progress with `updates`."""

    serializer_class = TaskSerializer
    filterset_fields = ["status", "assigned_entity__code", "decision", "decision__meeting"]

    def base_queryset(self):
        return Task.objects.for_list().prefetch_related("updates__author")

    @extend_schema(request=TaskReportSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None, **kwargs):
        """Report progress: what was done and the status after it (assigned entity's focal points)."""
        task = self.get_object()
        payload = TaskReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        tasks.task_update(task=task, user=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.base_queryset().get(pk=task.pk)).data)
