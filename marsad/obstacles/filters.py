import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.accounts import scope
from marsad.lib.filters import StyledFilterSet
from marsad.obstacles.choices import Level, ObstacleCategory, ObstacleStatus, RequirementKind, RequirementStatus
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Entity


class ObstacleFilter(StyledFilterSet):
    entity = django_filters.ModelChoiceFilter(
        label=_("Entity"),
        queryset=Entity.objects.all(),
        to_field_name="code",
        field_name="project__owner",
        empty_label=_("All"),
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=ObstacleCategory.choices, empty_label=_("All"))
    level = django_filters.ChoiceFilter(label=_("Escalation level"), choices=Level.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ObstacleStatus.choices,
        empty_label=_("Open and being removed"),
        method="filter_status",
    )
    older_than = django_filters.NumberFilter(label=_("Older than (days)"), method="filter_age", min_value=0)

    class Meta:
        model = Obstacle
        fields = ["entity", "category", "level", "status", "older_than"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value) if value else queryset

    def filter_age(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(raised_on__lt=timezone.localdate() - datetime.timedelta(days=int(value)))

    @property
    def qs(self):
        queryset = super().qs
        chosen = self.form.cleaned_data.get("status") if self.is_bound and self.form.is_valid() else None
        return queryset if chosen else queryset.open()


class RequirementFilter(StyledFilterSet):
    entity = django_filters.ModelChoiceFilter(
        label=_("Entity"),
        queryset=Entity.objects.all(),
        to_field_name="code",
        field_name="project__owner",
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RequirementKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RequirementStatus.choices, empty_label=_("All"))
    gates = django_filters.BooleanFilter(label=_("Go-live gates only"), field_name="is_gate")

    class Meta:
        model = Requirement
        fields = ["entity", "kind", "status", "gates"]


def filtered_obstacles(request):
    readable = scope.readable(request.user, Obstacle.objects.for_board())
    return ObstacleFilter(request.GET or None, queryset=readable.order_by("raised_on", "pk"))


def filtered_requirements(request):
    readable = scope.readable(
        request.user, Requirement.objects.select_related("project", "project__owner", "responsible_entity")
    )
    return RequirementFilter(request.GET or None, queryset=readable.order_by("due_date", "pk"))
