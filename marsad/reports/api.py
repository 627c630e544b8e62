from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.accounts import scope
from marsad.lib.records import record_assign, record_save
from marsad.reports import periods, services
from marsad.reports.models import PhaseUpdate, ProgressReport
from marsad.reports.serializers import ProgressReportSerializer, ReturnSerializer, StepSerializer
from marsad.web.api_views import ScopedModelViewSet


def _fields(data: dict) -> dict:
    return {
        name: data[name]
        for name in ("percent_complete", "forecast_go_live", "achievements", "next_steps")
        if name in data
    }


def _phase_updates(report, rows) -> None:
    for row in rows:
        update = PhaseUpdate.objects.filter(report=report, phase=row["phase"]).first() or PhaseUpdate(
            report=report, phase=row["phase"]
        )
        record_assign(update, {key: row[key] for key in ("percent_complete", "forecast_end", "done") if key in row})
        record_save(update)


class ProgressReportViewSet(ScopedModelViewSet):
    """Progress reports: written by the owner entity, reviewed by the programme office.

    Create or update a draft, then `submit`; the programme office `accept`s it (which
    updates the project and its phases) or `return`s it with a reason.
    """

    serializer_class = ProgressReportSerializer
    filterset_fields = ["status", "project__code", "period_start"]

    def base_queryset(self):
        return (
            ProgressReport.objects.select_related("project")
            .prefetch_related("phase_updates__phase")
            .order_by("project__code", "-period_start")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        project = data["project"]
        if not scope.can_create(self.request.user, ProgressReport, entity_id=project.owner_id):
            raise exceptions.PermissionDenied
        start = periods.period_start(data["period_start"], project.report_cadence_months)
        if ProgressReport.objects.filter(project=project, period_start=start).exists():
            raise exceptions.ValidationError({"period_start": _("This project already has a report for this period.")})
        with transaction.atomic():
            report = services.report_start(project=project, user=self.request.user, period_start=start)
            record_assign(report, _fields(data))
            record_save(report)
            _phase_updates(report, data.get("phase_updates", []))
        serializer.instance = self.base_queryset().get(pk=report.pk)

    def perform_update(self, serializer):
        report = serializer.instance
        if not report.is_editable:
            raise services.InvalidTransition(_("Only a draft or returned report can be changed."))
        data = serializer.validated_data
        with transaction.atomic():
            record_assign(report, _fields(data))
            record_save(report, version=data.pop("version"))
            _phase_updates(report, data.get("phase_updates", []))
        serializer.instance = self.base_queryset().get(pk=report.pk)

    def _step(self, request, step, serializer_class=StepSerializer, **extra):
        report = self.get_object()
        payload = serializer_class(data=request.data)
        payload.is_valid(raise_exception=True)
        step(report=report, user=request.user, **payload.validated_data, **extra)
        return Response(self.get_serializer(self.base_queryset().get(pk=report.pk)).data)

    @extend_schema(request=StepSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, **kwargs):
        """Send the report to the programme office for review."""
        return self._step(request, services.report_submit)

    @extend_schema(request=StepSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None, **kwargs):
        """Accept the report: the project and its phases take its figures."""
        return self._step(request, services.report_accept)

    @extend_schema(request=ReturnSerializer, responses=ProgressReportSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None, **kwargs):
        """Return the report to the entity with a reason."""
        return self._step(request, services.report_return, ReturnSerializer)
