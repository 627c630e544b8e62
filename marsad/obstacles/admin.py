from django.contrib import admin

from marsad.obstacles.models import Escalation, Obstacle, Requirement
from marsad.search.admin_search import FoldedSearch
from marsad.web.admin import ScopedAdmin


class EscalationInline(admin.TabularInline):
    model = Escalation
    extra = 0
    fields = ["on", "from_level", "to_level", "automatic", "by", "reason"]
    readonly_fields = ["on", "from_level", "to_level", "automatic", "by", "reason"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Obstacle)
class ObstacleAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["title", "project", "category", "severity", "level", "status", "raised_on"]
    list_filter = ["level", "status", "category", "severity"]
    search_fields = ["title", "project__code", "project__name_ar"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "raised_by", "responsible_entity"]
    inlines = [EscalationInline]


@admin.register(Requirement)
class RequirementAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["description", "project", "kind", "status", "due_date", "is_gate"]
    list_filter = ["kind", "status", "is_gate"]
    search_fields = ["description", "project__code"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "responsible_entity"]
