from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.accounts import scope
from marsad.lib import deferred
from marsad.reports import periods, services
from marsad.reports.models import ProgressReport
from marsad.reports.serializers import ProgressReportSerializer, ReturnSerializer, StepSerializer
from marsad.web.api_views import ScopedModelViewSet


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
        with deferred.writing():
            report = services.report_start(project=project, user=self.request.user, period_start=start)
            services.report_save(
                report=report, user=self.request.user, values=data, phases=data.get("phase_updates", [])
            )
        serializer.instance = self.base_queryset().get(pk=report.pk)

    def perform_update(self, serializer):
        data = serializer.validated_data
        services.report_save(
            report=serializer.instance,
            user=self.request.user,
            values=data,
            phases=data.get("phase_updates", []),
            version=data.pop("version"),
        )
        serializer.instance = self.base_queryset().get(pk=serializer.instance.pk)

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
