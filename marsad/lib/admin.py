from simple_history.admin import SimpleHistoryAdmin

from marsad.accounts import scope


class ScopedAdmin(SimpleHistoryAdmin):
    """Admin pages that read and write through `marsad.accounts.scope`, with history."""

    def get_queryset(self, request):
        return scope.readable(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or scope.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or scope.can_change(request.user, obj))
