from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from marsad.accounts import scope


class ScopedPermission(BasePermission):
    """DRF's door into `marsad.accounts.scope`.

    Reads are limited by the view's queryset (views call `scope.readable`); writes on
    an object ask `scope.can_change`; creation is checked by the view with
    `scope.can_create` once it knows the owning entity.
    """

    def has_permission(self, request: Any, view: Any) -> bool:
        # The model the view serves: declared (`scope_model`) or its serializer's.
        serializer_class = view.get_serializer_class() if hasattr(view, "get_serializer_class") else None
        model = getattr(view, "scope_model", None) or getattr(getattr(serializer_class, "Meta", None), "model", None)
        if not scope.can_use_api(request.user, model):
            return False
        if getattr(view, "action", None) == "create":
            # Refuse a create the role can never make before looking at the data;
            # which entity it is for is checked once the data is valid.
            model = view.get_serializer_class().Meta.model
            return scope.may_create_some(request.user, model)
        return True

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return scope.can_change(request.user, obj)
