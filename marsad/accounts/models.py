from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from marsad.lib import digits as digit_systems


class Role(models.TextChoices):
    COMMITTEE = "committee", _("Committee member")
    PMO = "pmo", _("Programme office")
    FOCAL_POINT = "focal_point", _("Entity focal point")
    VIEWER = "viewer", _("Viewer")
    ADMIN = "admin", _("Administrator")
    DATA_FEED = "data_feed", _("Data feed")


class User(AbstractUser):
    """A person (or a feeding system) with one role and, for some roles, entities.

    Focal points edit their entities' records; viewers read only their entities'.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    entities = models.ManyToManyField(
        "portfolio.Entity",
        verbose_name=_("entities"),
        blank=True,
        related_name="members",
        help_text=_("For focal points: the entities whose records they edit. For viewers: the entities they may read."),
    )
    digits = models.CharField(
        _("digits"),
        max_length=4,
        choices=digit_systems.CHOICES,
        blank=True,
        help_text=_("The digits you read pages, documents and mails in; empty: the site's."),
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"], m2m_fields=[entities])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> "ApiTokenQuerySet":
        """Tokens not revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """An API token bound to one user, created and revoked by administrators.

    Only a hash of the key is stored: the key is shown once, when it is created.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the system that uses it.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
