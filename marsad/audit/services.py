"""Writing the audit log."""

import datetime
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest

from marsad.audit.context import client_address, current_request
from marsad.audit.models import AuditAction, AuditEvent


def _jsonable(value: object) -> object:
    if isinstance(value, datetime.date | datetime.datetime | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):  # a stored file is recorded by its name
        return value.name
    return value


def audit_record(
    *,
    action: str,
    user: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one row to the audit log; the request (if any) gives address, path and id."""
    request = request or current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    return AuditEvent.objects.create(
        actor=user,
        actor_username=getattr(user, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before={k: _jsonable(v) for k, v in before.items()} if before is not None else None,
        after={k: _jsonable(v) for k, v in after.items()} if after is not None else None,
        ip_address=client_address(request) if request is not None else None,
        method=(request.method or "") if request is not None else "",
        path=request.get_full_path()[:500] if request is not None else "",
        request_id=getattr(request, "id", "") if request is not None else "",
        detail=detail,
    )


def audit_refusal(*, request: HttpRequest | None = None, reason: str = "") -> AuditEvent:
    """A refused action; `request` defaults to the current one."""
    return audit_record(action=AuditAction.REFUSED, request=request, detail=reason)
