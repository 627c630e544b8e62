from django.contrib import admin

from marsad.accounts import scope
from marsad.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nothing in the application changes or removes audit rows."""

    list_display = ["occurred_at", "actor_username", "action", "object_type", "object_repr", "ip_address", "request_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_username", "object_repr", "path", "request_id", "detail"]
    date_hierarchy = "occurred_at"

    def has_view_permission(self, request, obj=None):
        return scope.can_read_audit(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
