from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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
    history = HistoricalRecords(excluded_fields=["last_login", "password"], m2m_fields=[entities])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username
