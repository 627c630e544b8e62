"""Portfolio filters, shared by the portfolio page and the projects API.

The query string is the whole state of a view (`?entity=MOH&status=execution&sort=-slippage`),
so a filtered portfolio can be bookmarked and sent to a colleague.
"""

import django_filters
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from marsad.accounts import scope
from marsad.portfolio import tally
from marsad.portfolio.choices import Health, ProjectStatus
from marsad.portfolio.models import Entity, Programme, Project
from marsad.search.queries import matching

SORTS = {
    "code": ("code",),
    "name": ("name_ar",),
    "slippage": ("slippage_days",),
    "percent": ("execution_percent",),
    "go_live": ("expected_go_live",),
}
# The query value meaning "none" (no programme, no rating).
NONE = "none"
# The sorts by a stored figure (`ProjectFigures`).
STORED_SORTS = {"slippage", "percent", "go_live"}


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    entity = django_filters.ModelChoiceFilter(
        label=_("Entity"),
        queryset=Entity.objects.all(),
        to_field_name="code",
        method="filter_entity",
        help_text=_("Projects owned by this entity or by any entity under it."),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner entity"),
        queryset=Entity.objects.all(),
        to_field_name="code",
        help_text=_("Projects owned by this entity itself (not by the entities under it)."),
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=Programme.objects.all(),
        to_field_name="code",
        null_label=_("No programme"),
        null_value=NONE,
    )
    # No join duplicates a project, so no DISTINCT (it would make every count a subquery).
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=ProjectStatus.choices, distinct=False)
    health = django_filters.MultipleChoiceFilter(
        label=_("Schedule health"),
        choices=[*Health.choices, (NONE, _("Not rated"))],
        field_name="schedule_health",
        method="filter_health",
        distinct=False,
    )
    priority = django_filters.BooleanFilter(label=_("Priority projects only"), field_name="is_priority")
    stale = django_filters.BooleanFilter(
        label=_("Stale"), field_name="is_stale", help_text=_("No accepted report for the last period that is due.")
    )
    plan_year = django_filters.NumberFilter(label=_("Plan year"))
    go_live_from = django_filters.DateFilter(
        label=_("Expected go-live from"),
        method="filter_go_live",
        help_text=_("Actual go-live, else forecast, else baseline; cancelled projects are left out."),
    )
    go_live_to = django_filters.DateFilter(label=_("Expected go-live until"), method="filter_go_live")
    overdue = django_filters.BooleanFilter(
        label=_("Overdue for service"),
        method="filter_overdue",
        help_text=_("Not in service, and its expected go-live has passed."),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_sort",
        empty_label=_("Most at risk first"),
        choices=[
            ("code", _("Code")),
            ("-slippage", _("Most slippage first")),
            ("slippage", _("Least slippage first")),
            ("-percent", _("Highest execution first")),
            ("percent", _("Lowest execution first")),
            ("go_live", _("Earliest go-live first")),
            ("-go_live", _("Latest go-live first")),
            ("name", _("Name")),
        ],
    )

    class Meta:
        model = Project
        fields = [
            "q", "entity", "owner", "programme", "status", "health", "priority", "stale", "plan_year",
            "go_live_from", "go_live_to", "overdue", "sort",
        ]  # fmt: skip

    def filter_text(self, queryset, name, value):
        # Through the search index: "اتمتة" finds "أتمتة", "MOH-" a code, in either language.
        found = matching(Project, value)
        return queryset if found is None else queryset.filter(pk__in=found)

    def filter_health(self, queryset, name, values):
        # "none": projects the computed health cannot rate (no original baseline).
        if not values:
            return queryset
        return queryset.filter(schedule_health__in=["" if value == NONE else value for value in values])

    def filter_go_live(self, queryset, name, day):
        lookup = "gte" if name == "go_live_from" else "lte"
        return queryset.exclude(status=ProjectStatus.CANCELLED).filter(**{f"expected_go_live__{lookup}": day})

    def filter_overdue(self, queryset, name, value):
        # The stored day the project turns red for its passed go-live (`figures.red_from`).
        overdue = Q(figures__red_from__lte=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    @extend_schema_field(OpenApiTypes.STR)  # an entity code
    def filter_entity(self, queryset, name, entity):
        return queryset.filter(owner__in=Entity.objects.descendant_ids([entity.pk]))

    def filter_sort(self, queryset, name, value):
        descending = value.startswith("-")
        fields = SORTS.get(value.lstrip("-"), SORTS["code"])
        # Projects without the figure go last either way, on SQLite as on PostgreSQL.
        ordering = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in fields]
        if value.lstrip("-") in STORED_SORTS:
            # Every project has its figures row; saying so joins it as an inner join, so
            # the page is read from the stored figures' index in order (ties by id).
            return queryset.filter(figures__isnull=False).order_by(*ordering, "pk")
        return queryset.order_by(*ordering, "code")


def by_risk(projects):
    """The portfolio's default order: the most at risk first (computed health, then the
    longest slippage, ties by id), so the page opens on what needs attention.

    The rank is kept in the stored figures for the day the tally counts (`tally.risk`):
    on PostgreSQL the page is read in order from its index and stops there."""
    tally.ensure(timezone.localdate())
    slipped = F("slippage_days").desc(nulls_last=True)
    return projects.filter(figures__isnull=False).order_by("figures__risk", slipped, "pk")


def sorted_as_asked(request, project_filter, projects):
    """The rows as filtered and sorted on screen: by the chosen sort, else by risk."""
    filtered = project_filter.qs if project_filter.is_bound else projects
    return (
        filtered
        if request.GET.get("sort") in dict(project_filter.filters["sort"].extra["choices"])
        else by_risk(filtered)
    )


def filtered_projects(request):
    """The portfolio as filtered and sorted on screen (a request, or a job's `Asker`)."""
    projects = scope.readable(request.user, Project.objects.for_list())
    project_filter = ProjectFilter(request.GET or None, queryset=projects, request=request)
    return sorted_as_asked(request, project_filter, projects)
