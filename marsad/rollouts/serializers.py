from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marsad.committee.models import Decision
from marsad.lib import formatting
from marsad.lib.api_serializers import VersionedSerializer
from marsad.portfolio.models import Entity, Programme, Project
from marsad.portfolio.serializers import CodeField
from marsad.rollouts.models import Participant, Rollout, Stage
from marsad.rollouts.services import find_stage
from marsad.rollouts.trajectory import Standing


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["order", "name_ar", "name_en", "is_live"]
        read_only_fields = ["order", "is_live"]


class RolloutSerializer(VersionedSerializer):
    lead_entity = CodeField(slug_field="code", queryset=Entity.objects.all())
    project = CodeField(slug_field="code", queryset=Project.objects.all(), allow_null=True, required=False)
    programme = CodeField(slug_field="code", queryset=Programme.objects.all(), allow_null=True, required=False)
    decision = serializers.PrimaryKeyRelatedField(queryset=Decision.objects.all(), allow_null=True, required=False)
    stages = StageSerializer(many=True, required=False, help_text=_("In order; the last one is live. Set on creation."))
    institutions = serializers.ListField(
        child=serializers.CharField(max_length=40),
        write_only=True,
        required=False,
        help_text=_("Codes of the institutions to add at the first stage."),
    )
    participant_count = serializers.IntegerField(read_only=True)
    live_count = serializers.IntegerField(read_only=True)
    percent_live = serializers.SerializerMethodField()
    behind_trajectory = serializers.SerializerMethodField()

    class Meta:
        model = Rollout
        fields = [
            "id", "code", "name_ar", "name_en", "capability", "lead_entity", "project", "programme", "decision",
            "description", "institution_kind", "start_date", "target_date", "target", "target_count", "status",
            "stages", "institutions", "participant_count", "live_count", "percent_live", "behind_trajectory",
            "version",
        ]  # fmt: skip

    def _standing(self, rollout):

        return Standing(rollout, timezone.localdate(), rollout.participant_count, rollout.live_count)

    def get_percent_live(self, rollout) -> float | None:
        value = self._standing(rollout).percent_live
        return formatting.rounded(value)

    def get_behind_trajectory(self, rollout) -> bool:
        return self._standing(rollout).behind

    def validate_institutions(self, codes):
        found = {e.code: e for e in Entity.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise serializers.ValidationError(_("No entity has these codes: %(codes)s") % {"codes": ", ".join(unknown)})
        return [found[code] for code in codes]


class ParticipantSerializer(VersionedSerializer):
    rollout = serializers.SlugRelatedField(slug_field="code", read_only=True)
    institution = serializers.SlugRelatedField(source="entity", slug_field="code", read_only=True)
    institution_name = serializers.CharField(source="entity.name", read_only=True)
    stage = serializers.CharField(help_text=_("The stage's number (1 = first) or its name."))
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    is_live = serializers.BooleanField(source="stage.is_live", read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id", "rollout", "institution", "institution_name", "stage", "stage_name", "is_live",
            "stage_reached_on", "forecast_live", "evidence", "notes", "version",
        ]  # fmt: skip

    def to_representation(self, participant):
        data = super().to_representation(participant)
        data["stage"] = participant.stage.order
        return data

    def validate_stage(self, value):
        stages = list(self.instance.rollout.stages.order_by("order")) if self.instance else []
        stage = find_stage(stages, value)
        if stage is None:
            raise serializers.ValidationError(_("Choose one of this rollout's stages."))
        return stage


class StageRowSerializer(serializers.Serializer):
    institution = serializers.CharField(max_length=40)
    stage = serializers.CharField(required=False)
    stage_reached_on = serializers.DateField(required=False, allow_null=True)
    forecast_live = serializers.DateField(required=False, allow_null=True)
    evidence = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class StageBulkSerializer(serializers.Serializer):
    rows = StageRowSerializer(many=True, allow_empty=False)


class StageBulkResultSerializer(serializers.Serializer):
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
