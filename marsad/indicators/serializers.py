from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marsad.indicators import periods
from marsad.indicators.choices import Frequency
from marsad.indicators.models import (
    VALUE_DIGITS,
    VALUE_PLACES,
    Dimension,
    DimensionValue,
    Indicator,
    Measurement,
    Target,
)
from marsad.lib.api_serializers import VersionedSerializer
from marsad.portfolio.models import Entity, Project, Strategy
from marsad.portfolio.serializers import CodeField

# Values one bulk request may carry (all written, or none).
MAX_BULK = 10_000


class DimensionValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = DimensionValue
        fields = ["code", "name_ar", "name_en"]


class DimensionSerializer(serializers.ModelSerializer):
    values = DimensionValueSerializer(many=True, read_only=True)

    class Meta:
        model = Dimension
        fields = ["position", "code", "name_ar", "name_en", "values"]


class TargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = Target
        fields = ["period", "value"]
        extra_kwargs = {"value": {"max_digits": VALUE_DIGITS, "decimal_places": VALUE_PLACES}}


class IndicatorSerializer(VersionedSerializer):
    owner = CodeField(slug_field="code", queryset=Entity.objects.all())
    strategy = CodeField(slug_field="code", queryset=Strategy.objects.all(), allow_null=True, required=False)
    projects = CodeField(slug_field="code", queryset=Project.objects.all(), many=True, required=False)
    numerator = CodeField(slug_field="code", queryset=Indicator.objects.all(), allow_null=True, required=False)
    denominator = CodeField(slug_field="code", queryset=Indicator.objects.all(), allow_null=True, required=False)
    dimensions = DimensionSerializer(many=True, read_only=True)
    targets = TargetSerializer(many=True, required=False, help_text=_("Replaces every target when sent."))

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name_ar", "name_en", "description", "unit", "direction", "frequency", "aggregation",
            "owner", "strategy", "projects", "baseline_value", "baseline_date", "numerator", "denominator",
            "factor", "is_public", "is_headline", "locked_through", "dimensions", "targets", "version",
        ]  # fmt: skip
        read_only_fields = ["locked_through"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # The indicator's own rules (formula terms, baseline) are its model's; these are its targets'.
        frequency = attrs.get("frequency", getattr(self.instance, "frequency", None)) or Frequency.MONTH
        seen = set()
        for target in attrs.get("targets", []):
            start = periods.period_start(target["period"], frequency)
            if start != target["period"]:
                raise serializers.ValidationError(
                    {"targets": _("A period is named by its first day, here %(start)s.") % {"start": start}}
                )
            if start in seen:
                raise serializers.ValidationError({"targets": _("Each period takes one target.")})
            seen.add(start)
        return attrs


class MeasurementSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    breakdown = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = ["id", "indicator", "period", "breakdown", "value", "source", "status", "updated_at"]

    def get_breakdown(self, measurement) -> dict[str, str]:
        codes = self.context.get("dimension_codes", {}).get(measurement.indicator_id, [])
        return dict(zip(codes, measurement.breakdown, strict=False))


class IncomingValueSerializer(serializers.Serializer):
    """One value sent to `measurements/bulk/` (documentation: the items are checked by
    `marsad.indicators.ingest`, the same code every import uses)."""

    indicator = serializers.CharField(help_text=_("The indicator's code."))
    period = serializers.DateField(help_text=_("The first day of the indicator's period."))
    breakdown = serializers.DictField(
        child=serializers.CharField(),
        required=False,
        help_text=_("The value of each of the indicator's dimensions, by dimension code."),
    )
    value = serializers.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)


class BulkSerializer(serializers.Serializer):
    values = serializers.ListField(child=IncomingValueSerializer(), min_length=1, max_length=MAX_BULK)


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class LockSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
    through = serializers.DateField(help_text=_("Validate and lock every period up to this date."))


class PointSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    actual = serializers.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, allow_null=True)
    target = serializers.DecimalField(max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, allow_null=True)
    met = serializers.BooleanField(
        allow_null=True, help_text=_("Null while the period runs, or when its values stop short of its end.")
    )
    complete = serializers.BooleanField()
    reported_through = serializers.DateField(
        allow_null=True, help_text=_("The last day with a value, when the values stop short of the period's end.")
    )
    note = serializers.CharField()


class SeriesSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    interval = serializers.CharField()
    first = serializers.DateField()
    last = serializers.DateField()
    total = serializers.DecimalField(
        max_digits=VALUE_DIGITS + 6,
        decimal_places=VALUE_PLACES,
        allow_null=True,
        help_text=_("Over the whole range: the cumulative total of a flow, the last value of a stock."),
    )
    points = PointSerializer(many=True)
    split = serializers.DictField(required=False)
