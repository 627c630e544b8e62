import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.accounts import scope
from marsad.indicators import periods, series, services
from marsad.indicators.choices import Frequency, Source
from marsad.indicators.ingest import NotGranted, ingest
from marsad.indicators.models import Dimension, Indicator, Measurement, Target
from marsad.indicators.serializers import (
    MAX_BULK,
    BulkResultSerializer,
    BulkSerializer,
    IndicatorSerializer,
    LockSerializer,
    MeasurementSerializer,
    SeriesSerializer,
)
from marsad.web.api_views import ScopedModelViewSet

MAX_POINTS = 5_000
DAYS_IN = {"day": 1, "week": 7, "month": 28, "quarter": 89, "year": 365}


def _date_param(request, name, default):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise exceptions.ValidationError({name: _("Enter a date as YYYY-MM-DD.")}) from None


class IndicatorViewSet(ScopedModelViewSet):
    """Indicator definitions with their breakdown dimensions and targets; `series` gives
    values grouped by period with targets, and the cumulative total over a range."""

    serializer_class = IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filterset_fields = ["owner__code", "strategy__code", "frequency", "unit", "is_headline"]

    def base_queryset(self):
        return Indicator.objects.for_list().prefetch_related("dimensions__values", "targets", "projects")

    def owning_entity_id(self, validated_data, instance=None):
        owner = validated_data.get("owner") or (instance.owner if instance else None)
        return owner.pk if owner else None

    def write_nested(self, indicator, name, rows):
        # Targets are replaced as a whole: the list sent is the indicator's targets.
        targets = [Target(indicator=indicator, **row) for row in rows]
        for target in targets:
            target.full_clean(exclude=["indicator"])
        indicator.targets.all().delete()
        Target.objects.bulk_create(targets)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "interval", enum=[f.value for f in Frequency], description="day, week, month, quarter or year"
            ),
            OpenApiParameter("first", OpenApiTypes.DATE, description="From this date (default: a year ago)"),
            OpenApiParameter("last", OpenApiTypes.DATE, description="Through this date (default: today)"),
            OpenApiParameter("split", str, description="A dimension's code: the series broken down by it"),
        ],
        responses=SeriesSerializer,
    )
    @action(detail=True, methods=["get"])
    def series(self, request, code=None, **kwargs):
        """Actual vs target per period, and the total over the range ("since 1 July 2023")."""
        indicator = self.get_object()
        interval = request.query_params.get("interval") or indicator.frequency
        if interval not in Frequency.values:
            raise exceptions.ValidationError({"interval": _("Choose day, week, month, quarter or year.")})
        if not periods.is_coarser_or_same(interval, indicator.frequency):
            raise exceptions.ValidationError(
                {
                    "interval": _("This indicator is measured %(frequency)s; ask for that or a longer period.")
                    % {"frequency": indicator.get_frequency_display()}
                }
            )
        today = timezone.localdate()
        last = _date_param(request, "last", today)
        year_before = last - datetime.timedelta(days=365) if last.toordinal() > 366 else datetime.date.min
        first = _date_param(request, "first", year_before)
        if first > last:
            raise exceptions.ValidationError({"first": _("The range must start before it ends.")})
        if (last - first).days // DAYS_IN[interval] > MAX_POINTS:
            raise exceptions.ValidationError(
                {"interval": _("Too many periods; choose a longer period or a shorter range.")}
            )
        data = {
            "indicator": indicator.code,
            "interval": interval,
            "first": first,
            "last": last,
            "total": series.range_value(indicator, first, last),
            "points": series.series(indicator, interval, first, last, today=today),
        }
        split = request.query_params.get("split")
        if split:
            dimension = Dimension.objects.filter(indicator=indicator, code=split[:40]).first()
            if dimension is None:
                raise exceptions.ValidationError({"split": _("This indicator has no such breakdown.")})
            table = series.split_series(indicator, dimension, interval, first, last)
            data["split"] = {
                code: {start.isoformat(): str(v) for start, v in sorted(values.items())}
                for code, values in table.items()
            }
        return Response(SeriesSerializer(data).data)

    @extend_schema(request=LockSerializer, responses=IndicatorSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, code=None, **kwargs):
        """Validate and lock every value up to a date (programme office)."""
        indicator = self.get_object()
        payload = LockSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.indicator_lock_through(indicator=indicator, user=request.user, **payload.validated_data)
        return Response(self.get_serializer(self.base_queryset().get(pk=indicator.pk)).data)


class MeasurementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Stored values. Send values with `bulk`: up to 10,000 per request, all or none;
    sending a value again changes nothing, a new value replaces the old one (kept in
    the history). A data feed reads and sends only the indicators granted to its token."""

    serializer_class = MeasurementSerializer
    scope_model = Measurement
    filterset_fields = {"indicator__code": ["exact"], "period": ["gte", "lte", "exact"], "status": ["exact"]}

    def get_queryset(self):
        qs = Measurement.objects.select_related("indicator").order_by("indicator_id", "period", "pk")
        return scope.readable(self.request.user, qs)

    def get_object(self):
        return scope.get_readable_or_404(self.request.user, Measurement.objects.all(), pk=self.kwargs["pk"])

    def get_serializer_context(self):
        context = super().get_serializer_context()
        codes = {}
        for dimension in Dimension.objects.order_by("position").values("indicator_id", "code"):
            codes.setdefault(dimension["indicator_id"], []).append(dimension["code"])
        context["dimension_codes"] = codes
        return context

    @extend_schema(request=BulkSerializer, responses=BulkResultSerializer)
    @action(detail=False, methods=["post"])
    def bulk(self, request, **kwargs):
        """Send many values at once (all are written, or none)."""
        items = request.data.get("values") if isinstance(request.data, dict) else None
        if not isinstance(items, list) or not items:
            raise exceptions.ValidationError({"values": _("Send a list of values.")})
        if len(items) > MAX_BULK:
            raise exceptions.ValidationError(
                {
                    "values": ngettext(
                        "Send at most %(count)s value at a time.", "Send at most %(count)s values at a time.", MAX_BULK
                    )
                    % {"count": MAX_BULK}
                }
            )

        def rows():
            for index, item in enumerate(items):
                if not isinstance(item, dict):
                    item = {}
                yield index, item.get("indicator"), item.get("period"), item.get("breakdown"), item.get("value")

        with transaction.atomic():
            try:
                counts, problems, _total = ingest(rows(), user=request.user, source=Source.API)
            except NotGranted as refused:
                raise exceptions.PermissionDenied(
                    _("You may not send values of %(code)s.") % {"code": refused}
                ) from None
            if problems:
                transaction.set_rollback(True)
                errors = {}
                for problem in problems:
                    errors.setdefault(str(problem.where), {}).setdefault(problem.field, []).append(problem.message)
                raise exceptions.ValidationError({"values": errors})
        return Response({"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged})
