from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marsad.lib.api_serializers import VersionedSerializer
from marsad.lib.dates import validate_sane_date
from marsad.portfolio.models import Phase, Project
from marsad.portfolio.serializers import CodeField
from marsad.reports.models import PhaseUpdate, ProgressReport


class PhaseUpdateSerializer(serializers.ModelSerializer):
    phase = serializers.PrimaryKeyRelatedField(queryset=Phase.objects.all())
    phase_name = serializers.CharField(source="phase.name_ar", read_only=True)

    class Meta:
        model = PhaseUpdate
        fields = ["phase", "phase_name", "percent_complete", "forecast_end", "done"]


class ProgressReportSerializer(VersionedSerializer):
    project = CodeField(slug_field="code", queryset=Project.objects.all())
    period_start = serializers.DateField(
        validators=[validate_sane_date],
        help_text=_("Any day of the period; the report is for the whole period it falls in."),
    )
    phase_updates = PhaseUpdateSerializer(many=True, required=False)
    due_date = serializers.DateField(read_only=True)

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "project",
            "period_start",
            "due_date",
            "status",
            "percent_complete",
            "forecast_go_live",
            "achievements",
            "next_steps",
            "phase_updates",
            "return_reason",
            "accepted_percent",
            "submitted_at",
            "reviewed_at",
            "version",
        ]
        read_only_fields = ["status", "return_reason", "accepted_percent", "submitted_at", "reviewed_at"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            for name in ("project", "period_start"):
                if name in attrs and attrs[name] != getattr(self.instance, name):
                    raise serializers.ValidationError({name: _("A report's project and period do not change.")})
        return attrs


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version of the report you read."))


class ReturnSerializer(StepSerializer):
    reason = serializers.CharField(help_text=_("Why the report goes back to the entity."))
