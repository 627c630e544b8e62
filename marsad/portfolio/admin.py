from django.contrib import admin

from marsad.lib.admin import ScopedAdmin
from marsad.portfolio.models import Entity, Phase, Programme, Project, Strategy


@admin.register(Entity)
class EntityAdmin(ScopedAdmin):
    list_display = ["code", "name_ar", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "name_ar", "name_en"]
    autocomplete_fields = ["parent"]


@admin.register(Strategy)
class StrategyAdmin(ScopedAdmin):
    list_display = ["code", "name_ar", "kind", "status", "owner", "adopted_on"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "name_ar", "name_en"]
    autocomplete_fields = ["owner"]


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
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
class ProjectAdmin(ScopedAdmin):
    list_display = ["code", "name_ar", "owner", "programme", "status", "plan_year", "is_priority", "is_public"]
    list_filter = ["status", "is_priority", "is_public", "plan_year", "programme", "owner"]
    search_fields = ["code", "name_ar", "name_en", "description"]
    autocomplete_fields = ["owner", "participants", "programme"]
    list_select_related = ["owner", "programme"]
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(ScopedAdmin):
    list_display = ["project", "order", "name_ar", "weight", "status", "percent_complete"]
    list_filter = ["status"]
    search_fields = ["name_ar", "name_en", "project__code", "project__name_ar"]
    autocomplete_fields = ["project"]
    list_select_related = ["project"]
