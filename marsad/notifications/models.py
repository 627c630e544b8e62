from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.notifications.choices import Kind
from marsad.notifications.texts import text


class Channel(models.TextChoices):
    EMAIL = "email", _("In the app and by e-mail")
    IN_APP = "in_app", _("In the app only")
    DIGEST = "digest", _("In the weekly digest only")
    OFF = "off", _("Off")


# Things a person must hear of, whatever they chose: they can be moved from e-mail to
# the app, not turned off or left to the weekly digest.
MANDATORY = frozenset({Kind.REPORT_RETURNED, Kind.TASK_ASSIGNED, Kind.DECISION})
# Updates that would crowd the inbox are in the app by default; the rest also by e-mail.
DEFAULT_CHANNELS = dict.fromkeys(Kind, Channel.EMAIL) | {
    Kind.TASK_UPDATED: Channel.IN_APP,
    Kind.REPORT_ACCEPTED: Channel.IN_APP,
    Kind.PHASE_END_NEAR: Channel.DIGEST,
}


class Preferences(models.Model):
    """How one person wants to hear of each kind of thing, the language of their mail,
    and whether they receive the weekly digest. Only choices that differ from the
    defaults are kept, so a kind added later starts at its default for everyone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    channels = models.JSONField(_("channels"), default=dict, blank=True)
    digest = models.BooleanField(_("weekly digest by e-mail"), default=True)
    language = models.CharField(_("language of e-mails"), max_length=5, choices=settings.LANGUAGES, default="ar")

    class Meta:
        verbose_name = _("notification preferences")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def channel(self, kind: str) -> str:
        return channel_for(kind, self.channels)


def channel_for(kind: str, chosen: dict[str, str]) -> str:
    """The channel a kind goes by, from a person's choices (a mandatory kind never goes
    quieter than the app)."""
    channel = chosen[kind] if kind in chosen else DEFAULT_CHANNELS.get(Kind(kind), Channel.EMAIL)
    if kind in MANDATORY and channel not in (Channel.EMAIL, Channel.IN_APP):
        return Channel.IN_APP
    return channel


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The notifications addressed to `user`, newest first."""
        return self.filter(recipient=user).order_by("-created_at", "-pk")

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unread_count(self, user) -> int:
        """How many of `user`'s notifications are unread: one query, on an index."""
        return self.filter(recipient=user, read_at__isnull=True).count()


class Notification(models.Model):
    """One thing one person should hear of. `key` names the event and its date (a
    report's due date, a task's), so the same reminder is never made twice for the
    same person, however often the reminder job runs."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200)
    # What the text names, in both languages, and the date it is about: the text is
    # written when it is read, in the reader's language.
    data = models.JSONField(default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_notification_per_event")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:

        return text(self)


class MailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Not sent: unsubscribed")


class MailQuerySet(models.QuerySet):
    def due(self, now):
        """Mails to send now: waiting, and past their next attempt's time."""
        return self.filter(status=MailStatus.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")


class Mail(models.Model):
    """One e-mail to one person, written when it was made (in their language) and kept
    until it is sent; a failed attempt is tried again later, then recorded as failed.
    `key` is the notification's (or the digest's week), so a mail is never made twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="mails"
    )
    key = models.CharField(max_length=200)
    kind = models.CharField(_("kind"), max_length=30)  # a notification Kind, or "digest"
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"))
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MailStatus.choices, default=MailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = MailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="one_mail_per_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_due")]

    def __str__(self):
        return f"{self.to}: {self.subject}"


class EventCursor(models.Model):
    """How far the notifier has read the audit log: the last row it turned into
    notifications. Moved in the same transaction as the notifications it made."""

    name = models.CharField(max_length=50, unique=True)
    last_id = models.BigIntegerField(default=0)

    def __str__(self):
        return f"{self.name}: {self.last_id}"
