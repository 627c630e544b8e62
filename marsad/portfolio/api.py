import django_filters
from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from marsad.lib import caching
from marsad.portfolio import baselines, freshness, tally
from marsad.portfolio.filters import ProjectFilter
from marsad.portfolio.models import Entity, Phase, Programme, Project, Strategy
from marsad.portfolio.serializers import (
    EntitySerializer,
    PhaseSerializer,
    ProgrammeSerializer,
    ProjectSerializer,
    RebaselineRecordSerializer,
    RebaselineSerializer,
    StrategySerializer,
)
from marsad.web.api_views import ScopedModelViewSet


class EntityViewSet(ScopedModelViewSet):
    """Ministries, agencies, authorities, banks: the entity tree."""

    serializer_class = EntitySerializer
    lookup_field = "code"
    filterset_fields = ["kind"]
    ordering_fields = ["code", "name_ar"]

    def base_queryset(self):
        return Entity.objects.select_related("parent").order_by("code")


class StrategyViewSet(ScopedModelViewSet):
    """National strategies and sector plans."""

    serializer_class = StrategySerializer
    lookup_field = "code"
    filterset_fields = ["kind", "status"]
    ordering_fields = ["code", "adopted_on"]

    def base_queryset(self):
        return Strategy.objects.select_related("owner").order_by("code")


class ProgrammeViewSet(ScopedModelViewSet):
    """A strategy's programmes, which group its projects."""

    serializer_class = ProgrammeSerializer
    lookup_field = "code"
    filterset_fields = ["strategy__code"]
    ordering_fields = ["code", "order"]

    def base_queryset(self):
        return Programme.objects.select_related("strategy").order_by("order", "code")


class ProjectViewSet(ScopedModelViewSet):
    """Projects with computed execution %, slippage and schedule health.

    Filters and `sort` are the portfolio page's, so a page's URL query string works here too.
    """

    serializer_class = ProjectSerializer
    lookup_field = "code"
    filterset_class = ProjectFilter
    # `sort` (from ProjectFilter) orders, with missing figures last on every database.
    filter_backends = [DjangoFilterBackend]

    def base_queryset(self):
        return Project.objects.for_list().prefetch_related("participants").order_by("code")

    def list(self, request, *args, **kwargs):
        # The same list for the same reader, query and data is served from the cache as
        # the JSON already rendered (`freshness`: any write, or a new day, makes a new key).
        if request.accepted_renderer.format != "json":
            return super().list(request, *args, **kwargs)

        def render() -> bytes:
            data = super(ProjectViewSet, self).list(request, *args, **kwargs).data
            return request.accepted_renderer.render(data, request.accepted_media_type, self.get_renderer_context())

        content = caching.cached(freshness.list_key(request, "projects-api"), render)
        return HttpResponse(content, content_type=request.accepted_renderer.media_type)

    def paginate_queryset(self, queryset):
        # The number of rows from the kept counts when they answer the query (`tally`).
        asked = ProjectFilter(self.request.query_params or None, queryset=queryset, request=self.request)
        counted = tally.counts_for(self.request.user, asked)
        return self.paginator.paginate_counted(
            queryset, self.request, self, counted["total"] if counted is not None else None
        )

    def owning_entity_id(self, validated_data, instance=None):
        owner = validated_data.get("owner") or (instance.owner if instance else None)
        return owner.pk if owner else None

    @extend_schema(request=RebaselineSerializer, responses={201: RebaselineRecordSerializer})
    @action(detail=True, methods=["post"])
    def rebaseline(self, request, code=None, **kwargs):
        """Move the baseline dates or budget, with a reason (programme office only)."""
        project = self.get_object()
        payload = RebaselineSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        record = baselines.rebaseline(
            project=project, user=request.user, version=data.pop("version"), reason=data.pop("reason"), **data
        )
        return Response(RebaselineRecordSerializer(record).data, status=201)


class PhaseFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code")

    class Meta:
        model = Phase
        fields = ["project", "status"]


class PhaseViewSet(ScopedModelViewSet):
    """A project's ordered, weighted phases; their progress makes the project's execution %."""

    serializer_class = PhaseSerializer
    filterset_class = PhaseFilter
    ordering_fields = ["order", "baseline_end"]
    http_method_names = [*ScopedModelViewSet.http_method_names, "delete"]

    def base_queryset(self):
        return Phase.objects.select_related("project").order_by("project__code", "order")

    def paginate_queryset(self, queryset):
        # The number of rows from the kept counts when they answer the query (`tally`).
        asked = ProjectFilter(self.request.query_params or None, queryset=queryset, request=self.request)
        counted = tally.counts_for(self.request.user, asked)
        return self.paginator.paginate_counted(
            queryset, self.request, self, counted["total"] if counted is not None else None
        )

    def owning_entity_id(self, validated_data, instance=None):
        project = validated_data.get("project") or (instance.project if instance else None)
        return project.owner_id if project else None
