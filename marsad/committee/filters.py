import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.accounts import scope
from marsad.committee.choices import DecisionKind, DecisionStatus, TaskStatus
from marsad.committee.models import Committee, Decision, Task
from marsad.lib.filters import StyledFilterSet
from marsad.portfolio.models import Entity


class TaskFilter(StyledFilterSet):
    entity = django_filters.ModelChoiceFilter(
        label=_("Entity"),
        queryset=Entity.objects.all(),
        to_field_name="code",
        method="filter_entity",
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices, empty_label=_("All"))
    overdue = django_filters.ChoiceFilter(
        label=_("Due date"), choices=[("yes", _("Overdue only"))], empty_label=_("All"), method="filter_overdue"
    )
    committee = django_filters.ModelChoiceFilter(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        to_field_name="code",
        field_name="decision__meeting__committee",
        empty_label=_("All"),
    )

    class Meta:
        model = Task
        fields = ["entity", "status", "overdue", "committee"]

    def filter_entity(self, queryset, name, value):
        # An entity's tasks: those it is assigned and those it coordinates on.
        return queryset.filter(Q(assigned_entity=value) | Q(coordinating_entities=value)).distinct()

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue(timezone.localdate()) if value == "yes" else queryset


class DecisionFilter(StyledFilterSet):
    committee = django_filters.ModelChoiceFilter(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        to_field_name="code",
        field_name="meeting__committee",
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=DecisionKind.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DecisionStatus.choices, empty_label=_("All"))

    class Meta:
        model = Decision
        fields = ["committee", "kind", "status"]


def filtered_decisions(request):
    return DecisionFilter(request.GET or None, queryset=Decision.objects.for_list(request.user))


def filtered_tasks(request):
    readable = scope.readable(request.user, Task.objects.for_list())
    return TaskFilter(request.GET or None, queryset=readable)
