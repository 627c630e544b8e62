"""API tokens: issue (shown once), check, revoke."""

import datetime
import hashlib
import hmac
import secrets
from functools import cache

from django.db import transaction
from django.utils import timezone

from marsad.accounts.models import ApiToken, User
from marsad.audit.models import AuditAction
from marsad.audit.services import audit_record
from marsad.lib import rows

# A token's last-used time is written at most this often, not on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User, name: str, created_by: User | None) -> tuple[ApiToken, str]:
    """Create a token for `user`; returns it and the key, which is never stored."""
    prefix = secrets.token_hex(6)
    key = f"{prefix}.{secrets.token_urlsafe(32)}"
    token = ApiToken(user=user, name=name, prefix=prefix, key_hash=_hash(key), created_by=created_by)
    token.full_clean()
    token.save()
    audit_record(action=AuditAction.TOKEN_CREATED, user=created_by, obj=token, detail=f"for {user.username}")
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, revoked_by: User | None) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit_record(action=AuditAction.TOKEN_REVOKED, user=revoked_by, obj=token, detail=f"for {token.user.username}")


@cache
def _active_token_sql() -> str:
    # Asked on every API request: written once, not compiled each time (`lib.rows`).
    # The same rows as ApiToken.objects.active().select_related("user").filter(prefix=…).
    token, user = ApiToken._meta.db_table, User._meta.db_table
    return (
        f"SELECT {rows.columns(ApiToken, 't')}, {rows.columns(User, 'u')} "  # noqa: S608 — table names, not input
        f"FROM {token} t JOIN {user} u ON u.id = t.user_id WHERE t.prefix = %s AND t.revoked_at IS NULL"
    )


def api_token_for(key: str) -> ApiToken | None:
    """The active token a presented key is, with its active user, or None."""
    prefix, _dot, _secret = key.partition(".")
    found = rows.fetch_one(_active_token_sql(), [prefix], (ApiToken, User))
    if found is None:
        return None
    token: ApiToken = found[0]
    user: User = found[1]
    token.user = user
    if not hmac.compare_digest(token.key_hash, _hash(key)) or not user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
