from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", _("Signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("Failed sign-in")
    SIGN_OUT = "sign_out", _("Signed out")
    LOCKED_OUT = "locked_out", _("Locked out")
    REFUSED = "refused", _("Refused action")
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    DELETED = "deleted", _("Deleted")
    TOKEN_CREATED = "token_created", _("API token created")
    TOKEN_REVOKED = "token_revoked", _("API token revoked")
    TWO_FACTOR = "two_factor", _("Two-factor sign-in")
    DOWNLOADED = "downloaded", _("Downloaded")
    ISSUED = "issued", _("Issued")


class ImmutableAuditError(Exception):
    """Audit rows are written once and never changed or removed by the application."""


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableAuditError("audit rows cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableAuditError("audit rows cannot be deleted")

    def search(self, text: str) -> "AuditQuerySet":
        """Rows whose actor, object, path or address contains `text`."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(actor_username__icontains=text)
            | models.Q(object_repr__icontains=text)
            | models.Q(object_type__icontains=text)
            | models.Q(path__icontains=text)
            | models.Q(ip_address__icontains=text)
            | models.Q(detail__icontains=text)
            | models.Q(request_id=text)
        )


class AuditEvent(models.Model):
    """Who did what, when (UTC), from where; with before and after for changes."""

    occurred_at = models.DateTimeField(_("when (UTC)"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too, so the row still says who it was if the account is removed.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True, db_index=True)
    detail = models.TextField(_("detail"), blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableAuditError("audit rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableAuditError("audit rows cannot be deleted")


class RequestCount(models.Model):
    """How many requests one key (an address and what it asked for) made in one window:
    the rate limits' counters, shared by every worker on one machine (marsad.audit.rates;
    Redis holds them instead when MARSAD_REDIS_URL is set)."""

    key = models.CharField(max_length=200)
    slot = models.BigIntegerField(help_text="the window's number: seconds since the epoch // its length")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "slot"], name="request_count_key_slot")]
        indexes = [models.Index(fields=["slot"])]

    def __str__(self) -> str:
        return f"{self.key} @ {self.slot}: {self.count}"
