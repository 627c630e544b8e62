from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marsad.accounts import scope
from marsad.lib.api_serializers import ShownPercentField, VersionedSerializer
from marsad.portfolio.baselines import LOCKED
from marsad.portfolio.models import Entity, Phase, Programme, Project, Strategy


class CodeField(serializers.SlugRelatedField):
    """A related record named by its code, among the records the caller may read: a
    code out of their reach is answered exactly like a code that does not exist, so
    nobody can probe which codes exist. A value no code can be is refused before it
    reaches the database (PostgreSQL rejects NUL bytes with an error)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        request = self.context.get("request")
        return scope.readable(request.user, queryset) if request is not None else queryset

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data or len(data) > 100:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:100])
        return super().to_internal_value(data)


class EntitySerializer(VersionedSerializer):
    parent = CodeField(slug_field="code", queryset=Entity.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Entity
        fields = ["id", "code", "name_ar", "name_en", "kind", "parent", "version"]


class StrategySerializer(VersionedSerializer):
    owner = CodeField(slug_field="code", queryset=Entity.objects.all())

    class Meta:
        model = Strategy
        fields = [
            "id",
            "code",
            "name_ar",
            "name_en",
            "kind",
            "status",
            "description",
            "owner",
            "start_year",
            "end_year",
            "adopted_on",
            "version",
        ]


class ProgrammeSerializer(VersionedSerializer):
    strategy = CodeField(slug_field="code", queryset=Strategy.objects.all())

    class Meta:
        model = Programme
        fields = ["id", "code", "name_ar", "name_en", "strategy", "description", "order", "version"]


class ProjectSerializer(VersionedSerializer):
    owner = CodeField(slug_field="code", queryset=Entity.objects.all())
    participants = CodeField(slug_field="code", queryset=Entity.objects.all(), many=True, required=False)
    programme = CodeField(slug_field="code", queryset=Programme.objects.all(), allow_null=True, required=False)
    execution_percent = ShownPercentField()
    slippage_days = serializers.IntegerField(read_only=True, allow_null=True)
    schedule_health = serializers.CharField(read_only=True, help_text=_("Computed from slippage; empty when unrated."))
    current_phase = serializers.SerializerMethodField()
    baseline_slippage_days = serializers.IntegerField(read_only=True, allow_null=True)
    is_stale = serializers.BooleanField(
        read_only=True, help_text=_("No accepted progress report for the last period that is due.")
    )
    last_accepted_period = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name_ar",
            "name_en",
            "description",
            "owner",
            "participants",
            "programme",
            "plan_year",
            "is_priority",
            "status",
            "current_phase",
            "execution_percent",
            "reported_percent",
            "original_baseline_start",
            "original_baseline_go_live",
            "baseline_start",
            "baseline_go_live",
            "forecast_start",
            "forecast_go_live",
            "actual_start",
            "actual_go_live",
            "slippage_days",
            "baseline_slippage_days",
            "schedule_health",
            "is_stale",
            "last_accepted_period",
            "owner_health",
            "pmo_health",
            "funding_currency",
            "funding_allocated",
            "funding_spent",
            "is_public",
            "report_cadence_months",
            "updated_at",
            "version",
        ]
        read_only_fields = ["updated_at"]

    def get_current_phase(self, project) -> str | None:
        return getattr(project, "current_phase_ar", None)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            for name in LOCKED:
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError(
                        {name: _("Baselines and budget move only through an approved rebaseline (POST …/rebaseline/).")}
                    )

        return attrs


class PhaseSerializer(VersionedSerializer):
    project = CodeField(slug_field="code", queryset=Project.objects.all())

    class Meta:
        model = Phase
        fields = [
            "id",
            "project",
            "order",
            "name_ar",
            "name_en",
            "weight",
            "status",
            "percent_complete",
            "baseline_start",
            "baseline_end",
            "forecast_start",
            "forecast_end",
            "actual_start",
            "actual_end",
            "version",
        ]


class RebaselineSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the project you read."))
    reason = serializers.CharField(help_text=_("Why the baseline moves; kept with the approval."))
    baseline_start = serializers.DateField(required=False, allow_null=True)
    baseline_go_live = serializers.DateField(required=False, allow_null=True)
    funding_allocated = serializers.DecimalField(
        max_digits=18, decimal_places=2, min_value=0, required=False, allow_null=True
    )


class RebaselineRecordSerializer(serializers.Serializer):
    reason = serializers.CharField()
    approved_at = serializers.DateTimeField()
    previous_start = serializers.DateField(allow_null=True)
    previous_go_live = serializers.DateField(allow_null=True)
    previous_funding = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    new_start = serializers.DateField(allow_null=True)
    new_go_live = serializers.DateField(allow_null=True)
    new_funding = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
