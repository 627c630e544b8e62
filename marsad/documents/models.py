"""Documents Marsad generated (meeting packs, project one-pagers, entity scorecards):
the PDF as it was made, when its data were read, who asked, and its SHA-256.

A document is written once. The one change it takes is being **issued** (a meeting
pack the programme office marks as the one the committee was given); an issued
document can then be neither changed nor deleted, by any way in: `save()`, `delete()`
and the query set's `update()` and `delete()` refuse (the admin and the API offer no
way to try).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PACK = "pack", _("Meeting pack")
    ONE_PAGER = "one_pager", _("Project one-pager")
    SCORECARD = "scorecard", _("Entity scorecard")


# The record each kind of document is about.
SUBJECT_FIELD: dict[str, str] = {
    DocumentKind.PACK: "meeting",
    DocumentKind.ONE_PAGER: "project",
    DocumentKind.SCORECARD: "entity",
}


class IssuedDocumentError(ValidationError):
    """An issued document is the record of what the committee was given: it stays as it is."""

    def __init__(self):
        super().__init__(_("This document was issued: it is kept as it is and cannot be changed or deleted."))


class DocumentQuerySet(models.QuerySet):
    def issued(self):
        return self.filter(issued_at__isnull=False)

    def of_subject(self, kind: str, subject) -> "DocumentQuerySet":
        return self.filter(kind=kind, **{SUBJECT_FIELD[kind]: subject})

    def update(self, **kwargs):
        # The one allowed change: a document not yet issued becomes issued.
        changing_issued = self.filter(issued_at__isnull=False).exists()
        if changing_issued:
            raise IssuedDocumentError()
        return super().update(**kwargs)

    def delete(self):
        if self.filter(issued_at__isnull=False).exists():
            raise IssuedDocumentError()
        return super().delete()


class Document(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    meeting = models.ForeignKey(
        "committee.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    project = models.ForeignKey(
        "portfolio.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entity = models.ForeignKey(
        "portfolio.Entity", verbose_name=_("entity"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # 1, 2, 3… per kind and record: a pack made again after one was issued is a new version.
    version = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10)
    # The digits it is written in (lib.digits): its requester's at the time.
    digits = models.CharField(_("digits"), max_length=4, default="latn")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to="documents/%Y/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    pages = models.PositiveIntegerField(_("pages"))
    # When the data in it were read: the PDF shows it on every page's cover.
    data_as_of = models.DateTimeField(_("data as of"))
    # The portfolio's write counter when it was made (`portfolio.freshness`): a
    # one-pager asked for again with nothing changed since is served as it is.
    portfolio_version = models.PositiveBigIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "meeting", "version"], name="one_pack_per_version"),
            models.CheckConstraint(
                condition=models.Q(issued_at__isnull=True) | models.Q(kind="pack"), name="only_packs_are_issued"
            ),
        ]
        indexes = [models.Index(fields=["kind", "requested_by", "-created_at"], name="documents_of_a_person")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and Document.objects.filter(pk=self.pk, issued_at__isnull=False).exists():
            raise IssuedDocumentError()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:download", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.pk is not None and Document.objects.filter(pk=self.pk, issued_at__isnull=False).exists():
            raise IssuedDocumentError()
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.issued_at is not None

    @property
    def subject(self):
        return getattr(self, SUBJECT_FIELD[self.kind])

    @property
    def filename(self) -> str:
        subject = self.subject
        if self.kind == DocumentKind.PACK:
            code = f"{subject.committee.code}-{subject.number}-v{self.version}"
        else:
            code = subject.code
        return f"marsad-{self.kind.replace('_', '-')}-{code}-{self.language}.pdf"
