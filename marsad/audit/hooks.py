"""Where the audit log hears about sign-ins and record changes."""

from typing import Any

from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest
from simple_history.signals import post_create_historical_record

from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record

_HISTORY_ACTIONS = {"+": AuditAction.CREATED, "~": AuditAction.CHANGED, "-": AuditAction.DELETED}
# Secrets, and bookkeeping that moves with every save (the version of a record).
_NOT_AUDITED_FIELDS = {"password", "last_login", "version"}


def _fields(record: Any) -> dict[str, Any]:
    return {
        field.attname: getattr(record, field.attname)
        for field in record.instance_type._meta.concrete_fields
        if field.attname not in _NOT_AUDITED_FIELDS and hasattr(record, field.attname)
    }


def on_history(sender: Any, instance: Any, history_instance: Any, **kwargs: Any) -> None:
    """Every create, update and delete of a model with history, with before and after."""
    action = _HISTORY_ACTIONS[history_instance.history_type]
    now = _fields(history_instance)
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    if action == AuditAction.CREATED:
        after = now
    elif action == AuditAction.DELETED:
        before = now
    else:
        previous = history_instance.prev_record
        earlier = _fields(previous) if previous is not None else {}
        changed = [name for name, value in now.items() if earlier.get(name) != value]
        if not changed:
            return  # a save that changed nothing
        before = {name: earlier.get(name) for name in changed}
        after = {name: now[name] for name in changed}
    audit_record(
        action=action,
        user=history_instance.history_user,
        obj=instance,
        before=before,
        after=after,
    )


def on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.SIGN_IN, user=user, request=request)


def on_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.SIGN_OUT, user=user, request=request)


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any] | None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = (credentials or {}).get("username", "")
    audit_record(
        action=AuditAction.SIGN_IN_FAILED,
        request=request,
        object_type="auth.user",
        object_repr=username,
        detail=username,
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.LOCKED_OUT,
        request=request,
        object_type="auth.user",
        object_repr=username or "",
        detail=username or "",
    )


def connect() -> None:
    post_create_historical_record.connect(on_history, dispatch_uid="marsad-audit-history")
    auth_signals.user_logged_in.connect(on_sign_in, dispatch_uid="marsad-audit-sign-in")
    auth_signals.user_logged_out.connect(on_sign_out, dispatch_uid="marsad-audit-sign-out")
    auth_signals.user_login_failed.connect(on_sign_in_failed, dispatch_uid="marsad-audit-sign-in-failed")
    try:
        from axes.signals import user_locked_out
    except ImportError:  # pragma: no cover - axes is a dependency
        return
    user_locked_out.connect(on_locked_out, dispatch_uid="marsad-audit-locked-out")
