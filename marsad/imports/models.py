from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    """An uploaded workbook between its dry run and its apply, and the record of it after.

    Keeping the checked file means the apply writes exactly what the dry run showed,
    without a second upload. It is kept on disk, not in the database, and read as a
    stream: a CSV export of a million values is a file of tens of megabytes.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, not applied")
        REFUSED = "refused", _("Refused by the check")
        APPLIED = "applied", _("Applied")
        EXPIRED = "expired", _("Not applied in time; its file was removed")

    kind = models.CharField(_("kind"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHECKING)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.kind}: {self.file_name}"
