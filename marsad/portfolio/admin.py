from django.contrib import admin

from marsad.portfolio.baselines import LOCKED
from marsad.portfolio.models import Entity, Phase, Programme, Project, Rebaseline, Strategy
from marsad.search.admin_search import FoldedSearch
from marsad.web.admin import ScopedAdmin


@admin.register(Entity)
class EntityAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["code", "name_ar", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name_ar", "name_en"]
    autocomplete_fields = ["parent"]


@admin.register(Strategy)
class StrategyAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["code", "name_ar", "kind", "status", "owner", "adopted_on"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name_ar", "name_en"]
    autocomplete_fields = ["owner"]


@admin.register(Programme)
class ProgrammeAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["code", "name_ar", "strategy", "order"]
    list_filter = ["strategy"]
    search_fields = ["code", "name_ar", "name_en"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = [
        "order",
        "name_ar",
        "name_en",
        "weight",
        "status",
        "percent_complete",
        "baseline_start",
        "baseline_end",
        "forecast_end",
        "actual_end",
    ]


@admin.register(Project)
class ProjectAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["code", "name_ar", "owner", "programme", "status", "plan_year", "is_priority", "is_public"]
    list_filter = ["status", "is_priority", "is_public", "plan_year", "programme", "owner"]
    search_fields = ["code", "name_ar", "name_en", "description"]
    autocomplete_fields = ["owner", "participants", "programme"]
    list_select_related = ["owner", "programme"]
    inlines = [PhaseInline]

    def get_readonly_fields(self, request, obj=None):
        # Once a project exists its baseline and budget move only through a rebaseline.
        return list(LOCKED) if obj is not None else []


@admin.register(Rebaseline)
class RebaselineAdmin(ScopedAdmin):
    """Rebaselines are approved on the project page and never edited."""

    list_display = ["project", "approved_at", "approved_by", "new_go_live", "new_funding"]
    list_select_related = ["project", "approved_by"]
    search_fields = ["project__code", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Phase)
class PhaseAdmin(ScopedAdmin):
    list_display = ["project", "order", "name_ar", "weight", "status", "percent_complete"]
    list_filter = ["status"]
    search_fields = ["name_ar", "name_en", "project__code", "project__name_ar"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
