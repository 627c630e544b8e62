from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from marsad.accounts import scope


class ScopedAdmin(SimpleHistoryAdmin):
    """Admin pages that read and write through `marsad.accounts.scope`, with history."""

    def get_queryset(self, request):
        return scope.readable(request.user, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self._exists(object_id):
            from marsad.audit.services import audit_refusal

            audit_refusal(request=request, reason=f"admin: {self.model._meta.label_lower} {object_id} outside scope")
        return obj

    def _exists(self, object_id) -> bool:
        try:
            return self.model._default_manager.filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or scope.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or scope.can_change(request.user, obj))
