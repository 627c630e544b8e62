from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from marsad.public import fields


class Disclosure(models.Model):
    """Which fields of one public record the public sees; a record without one shows
    its kind's defaults (`fields.defaults`)."""

    kind = models.CharField(_("kind"), max_length=20, choices=list(fields.KINDS.items()))
    object_id = models.PositiveBigIntegerField(_("record"))
    shown = models.JSONField(_("fields shown"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("public fields of a record")
        verbose_name_plural = _("public fields of records")
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_disclosure_per_record")]

    def __str__(self):
        return f"{self.kind} {self.object_id}"

    def clean(self):
        known = fields.keys(self.kind) if self.kind in fields.BY_KIND else []
        unknown = [key for key in self.shown or [] if key not in known]
        if not isinstance(self.shown, list) or unknown:
            raise ValidationError({"shown": _("Unknown fields: %(fields)s") % {"fields": ", ".join(map(str, unknown))}})
