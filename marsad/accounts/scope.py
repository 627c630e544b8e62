"""Who may read and who may change what: the one place Marsad decides access.

Pages, the API, the admin and (later) exports and PDF packs all call these functions;
none of them decides on its own. Each scoped model names, in `scope_entity_path`, the
lookup from the model to the entity that owns the record ("owner" for a project,
"project__owner" for a phase, "" for an entity itself). Models without it are
reference data (strategies, programmes) that every signed-in reader sees and only the
programme office and administrators change.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from marsad.accounts.models import Role

_SEES_EVERYTHING = {Role.COMMITTEE, Role.PMO, Role.ADMIN, Role.FOCAL_POINT}
_CHANGES_EVERYTHING = {Role.PMO, Role.ADMIN}


def _role(user) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def _entity_ids(user) -> set[int]:
    # Cached on the user object: one query per request, however many checks.
    if not hasattr(user, "_scope_entity_ids"):
        user._scope_entity_ids = set(user.entities.values_list("pk", flat=True))
    return user._scope_entity_ids


def can_use_pages(user) -> bool:
    """Signed-in people may use the pages; a data-feed account only pushes data."""
    role = _role(user)
    return role is not None and role != Role.DATA_FEED


def readable(user, queryset: QuerySet) -> QuerySet:
    """The part of `queryset` that `user` may read."""
    role = _role(user)
    if role is None or role == Role.DATA_FEED:
        return queryset.none()
    if role in _SEES_EVERYTHING:
        return queryset
    path = getattr(queryset.model, "scope_entity_path", None)
    if path is None:
        return queryset
    lookup = f"{path}__in" if path else "pk__in"
    return queryset.filter(**{lookup: _entity_ids(user)})


def _owning_entity_id(obj: Model) -> int | None:
    path = getattr(type(obj), "scope_entity_path", None)
    if path is None:
        return None
    if path == "":
        return obj.pk
    *hops, last = path.split("__")
    target = obj
    for hop in hops:
        target = getattr(target, hop)
        if target is None:
            return None
    return getattr(target, f"{last}_id")


def can_create(user, model: type[Model], *, entity_id: int | None = None) -> bool:
    """May `user` add a `model` record owned by `entity_id`?"""
    role = _role(user)
    if role in _CHANGES_EVERYTHING:
        return True
    if role == Role.FOCAL_POINT and getattr(model, "focal_points_create", False):
        return entity_id is not None and entity_id in _entity_ids(user)
    return False


def can_change(user, obj: Model) -> bool:
    """May `user` edit or delete `obj`?"""
    role = _role(user)
    if role in _CHANGES_EVERYTHING:
        return True
    if role == Role.FOCAL_POINT and getattr(type(obj), "scope_entity_path", None) not in (None, ""):
        return _owning_entity_id(obj) in _entity_ids(user)
    return False


def change_or_403(user, obj: Model) -> Model:
    """Return `obj` if `user` may change it, otherwise refuse."""
    if not can_change(user, obj):
        raise PermissionDenied
    return obj
