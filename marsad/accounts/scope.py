"""Who may read and who may change what: the one place Marsad decides access.

Pages, the API, the admin, exports, PDF packs and imports all call these functions;
none of them decides on its own.

A scoped model declares `access = Access(entity=..., participants=..., public=...)`:
the lookup to the entity that owns a record, to the entities taking part in it, and to
its "public" flag. Models without `access` are reference data (entities, strategies,
programmes): every signed-in reader sees them and only the programme office and
administrators change them.

Reading, by role:
- committee member, programme office, administrator: everything;
- focal point: the records of their entities and of projects their entities take part
  in, the records their entities are named to act on (`readers`: an obstacle they are
  responsible for removing), plus public records;
- viewer: the same, for the entities granted to them, read only;
- anonymous visitor: public records only;
- data feed: nothing through pages or the portfolio API; through the API, with the
  token it was issued, the indicators granted to that token and their values.

Changing: the programme office and administrators change everything; a focal point
changes the records their own entities own (and, where a model says so with
`own_row`, the fields it allows of their entity's own row in a record another entity
owns); nobody else changes anything. Reviewing
(accepting or returning a submitted report) is the programme office's alone.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from marsad.accounts.models import Role
from marsad.audit.services import audit_refusal

# The request's user: a User, AnonymousUser, or None (outside a request).
Someone = Any
M = TypeVar("M", bound=Model)
O = TypeVar("O", bound=Model)  # noqa: E741
QS = TypeVar("QS", bound=QuerySet[Any])  # a model's own QuerySet class keeps its methods

_READS_EVERYTHING = {Role.COMMITTEE, Role.PMO, Role.ADMIN}
_CHANGES_EVERYTHING = {Role.PMO, Role.ADMIN}


@dataclass(frozen=True)
class Access:
    """How a model's records belong to entities (see the module docstring)."""

    entity: str
    participants: str | None = None
    public: str | None = None
    # May a focal point add records of this kind for their own entity?
    focal_points_create: bool = False
    # The fields a focal point may set on their entity's records; None: all of them.
    # The others (owner, programme-office rating, public flag…) are the programme office's.
    focal_point_fields: tuple[str, ...] | None = None
    # The lookup to the indicator a record belongs to: data feeds read (and send)
    # only what concerns the indicators granted to their token.
    feed: str | None = None
    # The lookup to an entity whose own focal points may also change the record (its
    # `focal_point_fields` only) though another entity owns it: an institution taking
    # part in a rollout updates its own row of the rollout its leader owns.
    own_row: str | None = None
    # Lookups to more entities whose focal points and viewers may read (never change)
    # the record: the entity responsible for removing an obstacle reads it, though it
    # takes no part in the project.
    readers: tuple[str, ...] = ()


def role_of(user: Someone) -> str | None:
    """The user's effective role; None for anonymous or disabled accounts."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return str(user.role)


def entity_ids(user: Someone) -> set[int]:
    """The entities a focal point acts for, or a viewer is granted."""
    # Cached on the user object: one query per request, however many checks.
    if not hasattr(user, "_scope_entity_ids"):
        user._scope_entity_ids = set(user.entities.values_list("pk", flat=True))
    found: set[int] = user._scope_entity_ids
    return found


def can_use_pages(user: Someone) -> bool:
    """Signed-in people may use the pages; a data-feed account only pushes data."""
    role = role_of(user)
    return role is not None and role != Role.DATA_FEED


def feed_indicator_ids(user: Someone) -> set[int]:
    """The indicators granted to the API token a data feed signed in with."""
    token = getattr(user, "api_token", None)
    if role_of(user) != Role.DATA_FEED or token is None:
        return set()
    if not hasattr(user, "_scope_feed_ids"):
        user._scope_feed_ids = set(token.indicators.values_list("pk", flat=True))
    granted: set[int] = user._scope_feed_ids
    return granted


def can_use_api(user: Someone, model: type[Model] | None) -> bool:
    """People who may use the pages may use the API; a data feed only the parts that
    serve its granted indicators, and only with its token."""
    if can_use_pages(user):
        return True
    access: Access | None = getattr(model, "access", None)
    return (
        role_of(user) == Role.DATA_FEED
        and getattr(user, "api_token", None) is not None
        and access is not None
        and access.feed is not None
    )


def can_write_values(user: Someone, indicator: Any) -> bool:
    """May `user` send values of `indicator` (by hand, import or API)?

    The programme office: any; a focal point: their entities' indicators; a data feed:
    those granted to its token. A computed (formula) indicator takes no values at all.
    """
    role = role_of(user)
    if role in _CHANGES_EVERYTHING:
        return True
    if role == Role.FOCAL_POINT:
        return indicator.owner_id in entity_ids(user)
    if role == Role.DATA_FEED:
        return indicator.pk in feed_indicator_ids(user)
    return False


def may_write_some_values(user: Someone, indicators: QuerySet[Any]) -> bool:
    """Could `user` send values of at least one of `indicators`?"""
    role = role_of(user)
    if role in _CHANGES_EVERYTHING:
        return indicators.exists()
    if role == Role.FOCAL_POINT:
        return indicators.filter(owner__in=entity_ids(user)).exists()
    if role == Role.DATA_FEED:
        return indicators.filter(pk__in=feed_indicator_ids(user)).exists()
    return False


def can_lock_values(user: Someone, indicator: Model) -> bool:
    """Validating and locking past periods is the programme office's."""
    return role_of(user) in _CHANGES_EVERYTHING


def settable_fields(user: Someone, model: type[Model]) -> frozenset[str] | None:
    """The fields `user` may set on the `model` records they may change; None: all."""
    access: Access | None = getattr(model, "access", None)
    if role_of(user) in _CHANGES_EVERYTHING or access is None or access.focal_point_fields is None:
        return None
    return frozenset(access.focal_point_fields)


def unsettable_changes(
    user: Someone, model: type[Model], data: dict[str, Any], instance: Model | None = None
) -> list[str]:
    """The fields in `data` that `user` would change but may not set.

    A field sent with the value it already has is no change (an API client may send the
    whole record back), so only real changes count.
    """
    allowed = settable_fields(user, model)
    if allowed is None:
        return []
    return sorted(name for name, value in data.items() if name not in allowed and _changes(instance, name, value))


def _changes(instance: Model | None, name: str, value: Any) -> bool:
    if instance is None or instance.pk is None:
        return True
    current = getattr(instance, name)
    if hasattr(current, "all"):  # a many-to-many field
        return {item.pk for item in current.all()} != {item.pk for item in value}
    return bool(current != value)


def readable(user: Someone, queryset: QS) -> QS:
    """The part of `queryset` that `user` may read."""
    role = role_of(user)
    access: Access | None = getattr(queryset.model, "access", None)
    if role == Role.DATA_FEED:
        if access is None or access.feed is None:
            return queryset.none()
        return queryset.filter(**{f"{access.feed}__in": feed_indicator_ids(user)})
    if access is None or role in _READS_EVERYTHING:
        return queryset
    allowed = Q(**{access.public: True}) if access.public else Q(pk__in=[])
    if role in (Role.FOCAL_POINT, Role.VIEWER):
        ids = entity_ids(user)
        allowed |= Q(**{f"{access.entity}__in": ids})
        for lookup in access.readers:
            allowed |= Q(**{f"{lookup}__in": ids})
        if access.participants:
            taking_part = queryset.model._default_manager.filter(**{f"{access.participants}__in": ids}).values("pk")
            allowed |= Q(pk__in=taking_part)
    return queryset.filter(allowed)


def withhold(user: Someone, records: list[M]) -> list[M]:
    """`records` as `user` may see them: one that names a record `user` may not read
    (through its model's `mentions` fields: an agenda item about a private project) is
    counted but not named — its model's `withhold()` blanks what would name it. One
    query per field mentioned, however many records. The records are changed in place:
    for showing only, never for saving."""
    if not records or role_of(user) in _READS_EVERYTHING:
        return records
    model = type(records[0])
    hidden: set[Any] = set()
    for name in model.mentions:  # type: ignore[attr-defined]
        field = model._meta.get_field(name)
        attname, related_model = f"{name}_id", field.related_model  # a foreign key
        named = {getattr(record, attname) for record in records} - {None}
        if not named or not (isinstance(related_model, type) and issubclass(related_model, Model)):
            continue
        visible = set(readable(user, related_model._default_manager.filter(pk__in=named)).values_list("pk", flat=True))
        hidden |= {record.pk for record in records if getattr(record, attname) in named - visible}
    for record in records:
        if record.pk in hidden:
            record.withhold()  # type: ignore[attr-defined]
    return records


def reads_every(user: Someone, model: type[Model]) -> bool:
    """Does `user` read every record of `model`? (Counts kept over all of them are then theirs.)"""
    role = role_of(user)
    if role == Role.DATA_FEED:
        return False
    return role in _READS_EVERYTHING or getattr(model, "access", None) is None and role is not None


def can_read(user: Someone, obj: Model) -> bool:
    return readable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def entities_reading(obj: Model) -> set[int] | None:
    """The entities whose focal points and viewers may read `obj`: its owner and the
    entities taking part in it; None when every reader may (reference data, or a
    public record). Used to tell people of a record without telling the others."""
    access: Access | None = getattr(type(obj), "access", None)
    if access is None:
        return None
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if access.public and rows.filter(**{access.public: True}).exists():
        return None
    lookups = [access.entity, *([access.participants] if access.participants else []), *access.readers]
    return {entity_id for row in rows.values_list(*lookups) for entity_id in row if entity_id is not None}


def owning_entity_id(obj: Model) -> int | None:
    """The entity that owns `obj` (saved or not), by its model's `access` declaration."""
    access: Access | None = getattr(type(obj), "access", None)
    return _owning_entity_id(obj, access) if access is not None and access.entity else None


def _owning_entity_id(obj: Model, access: Access) -> int | None:
    return _entity_id_at(obj, access.entity)


def _entity_id_at(obj: Model, lookup: str) -> int | None:
    *hops, last = lookup.split("__")
    target = obj
    for hop in hops:
        target = getattr(target, hop)
        if target is None:
            return None
    found: int | None = getattr(target, f"{last}_id")
    return found


def can_create(user: Someone, model: type[Model], *, entity_id: int | None = None) -> bool:
    """May `user` add a `model` record owned by `entity_id`?"""
    role = role_of(user)
    if role in _CHANGES_EVERYTHING:
        return True
    access: Access | None = getattr(model, "access", None)
    if role == Role.FOCAL_POINT and access is not None and access.focal_points_create:
        return entity_id is not None and entity_id in entity_ids(user)
    return False


def may_create_some(user: Someone, model: type[Model]) -> bool:
    """Could `user` create a `model` record for at least one entity?"""
    role = role_of(user)
    if role in _CHANGES_EVERYTHING:
        return True
    access: Access | None = getattr(model, "access", None)
    return role == Role.FOCAL_POINT and access is not None and access.focal_points_create


def may_change_some(user: Someone, model: type[Model]) -> bool:
    """Could `user` change at least one `model` record (e.g. to be offered an import)?"""
    role = role_of(user)
    if role in _CHANGES_EVERYTHING:
        return True
    return role == Role.FOCAL_POINT and getattr(model, "access", None) is not None and bool(entity_ids(user))


def can_change(user: Someone, obj: Model) -> bool:
    """May `user` edit or delete `obj`?"""
    role = role_of(user)
    if role in _CHANGES_EVERYTHING:
        return True
    access: Access | None = getattr(type(obj), "access", None)
    if role == Role.FOCAL_POINT and access is not None:
        mine = entity_ids(user)
        if _owning_entity_id(obj, access) in mine:
            return True
        return access.own_row is not None and _entity_id_at(obj, access.own_row) in mine
    return False


def can_review(user: Someone, obj: Model) -> bool:
    """May `user` accept or return what an entity submitted (a progress report)?
    The programme office reviews; the entity that wrote it does not."""
    return role_of(user) in _CHANGES_EVERYTHING


def can_approve_rebaseline(user: Someone, project: Model) -> bool:
    """Moving a project's baseline needs an approval: the programme office's."""
    return role_of(user) in _CHANGES_EVERYTHING


def may_put_before_committee(user: Someone) -> bool:
    """Escalating an obstacle to the Higher Committee is the programme office's call."""
    return role_of(user) in _CHANGES_EVERYTHING


def change_or_403(user: Someone, obj: O) -> O:
    """Return `obj` if `user` may change it, otherwise refuse."""
    if not can_change(user, obj):
        raise PermissionDenied(refusal_reason(user, obj))
    return obj


def refusal_reason(user: Someone, obj: Model | None = None) -> str:
    """Why a change is refused, in words the person can act on (translated)."""
    from django.utils.translation import gettext as _

    role = role_of(user)
    if role is None:
        return _("Sign in to make changes.")
    if role == Role.FOCAL_POINT:
        return _("You can change only the records of the entities you act for.")
    if role in (Role.VIEWER, Role.COMMITTEE):
        return _("Your role lets you read, not change, records.")
    return _("Your role does not allow this change.")


def get_readable_or_404(user: Someone, queryset: QuerySet[M], **lookup: Any) -> M:
    """The record `user` may read, or 404. Asking for one they may not read is refused
    (and audited) with the same 404 as a missing record, so its existence stays hidden."""
    from django.core.exceptions import ValidationError
    from django.http import Http404

    try:
        found = readable(user, queryset).filter(**lookup).first()
    except (ValueError, ValidationError):  # e.g. letters where a number id belongs
        raise Http404 from None
    if found is not None:
        return found
    if queryset.filter(**lookup).exists():
        audit_refusal(request=None, reason=f"read outside scope: {queryset.model._meta.label_lower} {lookup}")
    raise Http404


def can_read_audit(user: Someone) -> bool:
    """The audit log is read by the programme office and administrators."""
    return role_of(user) in _CHANGES_EVERYTHING


# --- saved portfolio views: a person's own, and those the programme office published ---


def saved_views(user: Someone, queryset: QS) -> QS:
    """The saved views `user` may use: their own and the published ones."""
    if not can_use_pages(user):
        return queryset.none()
    return queryset.filter(Q(owner=user) | Q(is_published=True))


def can_publish_views(user: Someone) -> bool:
    return role_of(user) in _CHANGES_EVERYTHING


def can_change_view(user: Someone, view: Any) -> bool:
    """Its owner renames or deletes a view; the programme office any (it publishes them)."""
    return can_use_pages(user) and (view.owner_id == user.pk or can_publish_views(user))


# --- generated documents: meeting packs, project one-pagers, entity scorecards ---


def documents(user: Someone, queryset: QS) -> QS:
    """The generated documents `user` may open: those made for them (each holds only
    what its requester may read), and, for those who read everything, the issued
    meeting packs: the record of what the committee was given."""
    if not can_use_pages(user):
        return queryset.none()
    if role_of(user) in _READS_EVERYTHING:
        return queryset.filter(Q(requested_by=user) | Q(issued_at__isnull=False))
    return queryset.filter(requested_by=user)


@dataclass(frozen=True)
class Reach:
    """What a reader of some of a model's records reads, in the parts kept counts answer
    without listing the records: every record of the entities `owners`, every public
    record (`public`), and `others` (the rest: records taken part in, neither owned nor
    public). Their union is exactly `readable(user, …)`."""

    owners: frozenset[int]
    public: bool
    others: QuerySet[Any]


def reach(user: Someone, queryset: QS) -> Reach | None:
    """`user`'s reading of `queryset`'s model as a `Reach`; None when they read every
    record (the counts over all of them are theirs)."""
    if reads_every(user, queryset.model):
        return None
    access: Access | None = getattr(queryset.model, "access", None)
    role = role_of(user)
    owners = frozenset(entity_ids(user)) if role in (Role.FOCAL_POINT, Role.VIEWER) and access else frozenset()
    public = bool(access and access.public) and role != Role.DATA_FEED
    others = readable(user, queryset).exclude(**{f"{access.entity}__in": owners}) if access else queryset.none()
    if public and access and access.public:
        others = others.exclude(**{access.public: True})
    return Reach(owners, public, others)


def reads_everything(user: Someone) -> bool:
    return role_of(user) in _READS_EVERYTHING


def can_issue_documents(user: Someone) -> bool:
    """Marking a meeting pack as the one issued to the committee is the programme office's."""
    return role_of(user) in _CHANGES_EVERYTHING
