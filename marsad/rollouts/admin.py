from django.contrib import admin

from marsad.rollouts import services
from marsad.rollouts.models import Participant, Rollout, Stage, StageMove
from marsad.search.admin_search import FoldedSearch
from marsad.web.admin import ScopedAdmin


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "name_ar", "name_en", "is_live"]
    # Stages are set when the rollout is defined (the last one is live); only their names change here.
    readonly_fields = ["order", "is_live"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rollout)
class RolloutAdmin(FoldedSearch, ScopedAdmin):
    list_display = ["code", "name_ar", "capability", "lead_entity", "target_date", "status"]
    list_filter = ["capability", "status"]
    search_fields = ["code", "name_ar", "name_en"]
    raw_id_fields = ["lead_entity", "project", "programme", "decision"]
    inlines = [StageInline]


class StageMoveInline(admin.TabularInline):
    model = StageMove
    extra = 0
    fields = ["reached_on", "from_stage", "stage", "evidence", "by", "at"]
    readonly_fields = ["reached_on", "from_stage", "stage", "evidence", "by", "at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Participant)
class ParticipantAdmin(ScopedAdmin):
    list_display = ["entity", "rollout", "stage", "stage_reached_on", "forecast_live"]
    list_filter = ["rollout"]
    search_fields = ["entity__code", "entity__name_ar", "rollout__code"]
    list_select_related = ["entity", "rollout", "stage"]
    raw_id_fields = ["rollout", "entity", "stage", "updated_by"]
    inlines = [StageMoveInline]

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # Through the rollouts' write path, so a stage changed here is kept as a move too.
        before = Participant.objects.select_related("stage").get(pk=obj.pk).stage
        version = form.cleaned_data["opened_version"] if getattr(form, "checks_version", False) else None
        services.save(obj, request.user, version=version, moved_from=before)
