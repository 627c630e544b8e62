from rest_framework import serializers

from marsad.lib.api_serializers import VersionedSerializer
from marsad.obstacles.choices import Level, ObstacleStatus
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Entity, Project
from marsad.portfolio.serializers import CodeField


class ObstacleSerializer(VersionedSerializer):
    project = CodeField(slug_field="code", queryset=Project.objects.all())
    responsible_entity = CodeField(slug_field="code", queryset=Entity.objects.all(), allow_null=True, required=False)
    age_days = serializers.SerializerMethodField()

    class Meta:
        model = Obstacle
        fields = [
            "id", "project", "title", "description", "category", "severity", "responsible_entity", "raised_on",
            "level", "level_since", "status", "resolution", "resolved_on", "decision_reference", "age_days", "version",
        ]  # fmt: skip
        read_only_fields = [
            "raised_on",
            "level",
            "level_since",
            "status",
            "resolution",
            "resolved_on",
            "decision_reference",
        ]

    def get_age_days(self, obstacle) -> int:
        return obstacle.age_days()


class EscalateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    reason = serializers.CharField()
    to_level = serializers.ChoiceField(choices=Level.choices, required=False)


class StatusSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    status = serializers.ChoiceField(choices=ObstacleStatus.choices)
    resolution = serializers.CharField(required=False, allow_blank=True, default="")
    decision_reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)


class RequirementSerializer(VersionedSerializer):
    project = CodeField(slug_field="code", queryset=Project.objects.all())
    responsible_entity = CodeField(slug_field="code", queryset=Entity.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Requirement
        fields = [
            "id", "project", "kind", "description", "quantity", "responsible_entity", "due_date", "status",
            "is_gate", "version",
        ]  # fmt: skip
