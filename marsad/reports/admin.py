from django.contrib import admin

from marsad.reports.models import PhaseUpdate, ProgressReport
from marsad.web.admin import ScopedAdmin


class PhaseUpdateInline(admin.TabularInline):
    model = PhaseUpdate
    extra = 0
    fields = ["phase", "percent_complete", "forecast_end", "done"]
    raw_id_fields = ["phase"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ScopedAdmin):
    """For corrections by administrators; reports are written and reviewed on their pages."""

    list_display = ["project", "period_start", "status", "submitted_at", "reviewed_by"]
    list_filter = ["status", "period_start"]
    search_fields = ["project__code", "project__name_ar"]
    list_select_related = ["project", "reviewed_by"]
    raw_id_fields = ["project", "created_by", "reviewed_by"]
    readonly_fields = ["accepted_percent", "version"]
    inlines = [PhaseUpdateInline]
