from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPORT_DUE_SOON = "report_due_soon", _("Progress report due soon")
    REPORT_DUE_TODAY = "report_due_today", _("Progress report due today")
    REPORT_OVERDUE = "report_overdue", _("Progress report overdue")
    TASK_DUE_SOON = "task_due_soon", _("Task due soon")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    GO_LIVE_NEAR = "go_live_near", _("Go-live near")
    GO_LIVE_MISSED = "go_live_missed", _("Go-live missed")


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
        from marsad.notifications.texts import text

        return text(self)
