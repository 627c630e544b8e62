from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.accounts import scope
from marsad.rollouts import services
from marsad.rollouts.models import Participant, Rollout
from marsad.rollouts.serializers import (
    ParticipantSerializer,
    RolloutSerializer,
    StageBulkResultSerializer,
    StageBulkSerializer,
)
from marsad.web.api_views import ScopedModelViewSet


class RolloutViewSet(ScopedModelViewSet):
    """Capabilities going live across many institutions. POST defines one with its
    stages and institutions (programme office); `participants` lists its rows;
    `bulk-stages` moves many rows at once — every row or none, and sending the same
    rows again changes nothing."""

    serializer_class = RolloutSerializer
    lookup_field = "code"
    filterset_fields = ["capability", "status", "lead_entity__code"]

    def base_queryset(self):
        return (
            Rollout.objects.with_counts()
            .select_related("project", "programme")
            .prefetch_related("stages")
            .order_by("target_date", "code")
        )

    def owning_entity_id(self, validated_data, instance=None):
        lead = validated_data.get("lead_entity") or (instance.lead_entity if instance else None)
        return lead.pk if lead else None

    def perform_create(self, serializer):
        if not scope.can_create(self.request.user, Rollout):
            raise PermissionDenied
        data = dict(serializer.validated_data)
        data.pop("version", None)
        stages = [(s["name_ar"], s.get("name_en", "")) for s in data.pop("stages", [])] or None
        institutions = data.pop("institutions", [])
        rollout = services.rollout_create(user=self.request.user, stages=stages, institutions=institutions, **data)
        serializer.instance = self.reloaded(rollout)

    def perform_update(self, serializer):
        if "stages" in serializer.validated_data or "institutions" in serializer.validated_data:
            raise ValidationError({"stages": _("A rollout's stages are set when it is defined.")})
        super().perform_update(serializer)

    @extend_schema(request=None, responses=ParticipantSerializer(many=True))
    @action(detail=True, methods=["get"])
    def participants(self, request, code=None, **kwargs):
        """The rollout's institutions and the stage each has reached (those you may read)."""
        rollout = self.get_object()
        rows = scope.readable(request.user, Participant.objects.for_matrix().filter(rollout=rollout))
        page = self.paginate_queryset(rows.order_by("entity__code"))
        return self.get_paginated_response(ParticipantSerializer(page, many=True).data)

    @extend_schema(request=StageBulkSerializer, responses=StageBulkResultSerializer)
    @action(detail=True, methods=["post"], url_path="bulk-stages")
    def bulk_stages(self, request, code=None, **kwargs):
        """Move many institutions' rows at once. Refused whole (400, each message naming
        "row N: field") if any row is wrong; a row equal to what is stored is counted
        unchanged, so a retried batch changes nothing."""
        rollout = self.get_object()
        if not scope.may_change_some(request.user, Participant):
            raise PermissionDenied(scope.refusal_reason(request.user))
        payload = StageBulkSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = services.bulk_update(rollout=rollout, user=request.user, rows=payload.validated_data["rows"])
        return Response({"changed": result.changed, "unchanged": result.unchanged})


class ParticipantViewSet(ScopedModelViewSet):
    """Institutions' rows in rollouts. PATCH moves one (stage by number or name, the day
    reached, forecast, evidence, notes): the leading entity's focal points any row, an
    institution's own focal points its row, the programme office all."""

    serializer_class = ParticipantSerializer
    filterset_fields = ["rollout__code", "entity__code", "stage__order"]
    http_method_names = ["get", "put", "patch", "head", "options"]

    def base_queryset(self):
        return Participant.objects.for_matrix().order_by("rollout__code", "entity__code")

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        participant = serializer.instance
        version = data.pop("version", None) or participant.version
        services.participant_update(participant=participant, user=self.request.user, version=version, **data)
        serializer.instance = self.reloaded(participant)
