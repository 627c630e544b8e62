"""Uploaded documents (report evidence, meeting documents): the fields every stored
file has (`StoredFile`), the checks before one is stored — its kind is read from its
first bytes (not its name), its size is limited, and an Office file (a zip) must not
unpack to more than the unpacked-size limit — and `store`, the one way to save one."""

import io
import zipfile
from typing import TypeVar

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class StoredFile(models.Model):
    """What is kept of an uploaded file besides the file itself (each subclass declares
    `file` with its own folder): the uploaded name for display, our stored name, the
    kind read from its bytes, its size, who uploaded it and when."""

    name = models.CharField(gettext_lazy("name"), max_length=255)
    stored_name = models.CharField(max_length=80, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(gettext_lazy("size"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return str(self.name)


MAX_UNPACKED_BYTES = 200 * 1024 * 1024

# What evidence may be: minutes and deliverables as PDF, Office files, photos.
SIGNATURES = [
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"PK\x03\x04", "application/zip", ""),  # Office files; checked further below
]
OFFICE = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"),
}


class AttachmentRefused(Exception):
    pass


S = TypeVar("S", bound="StoredFile")


def check_attachment(upload: UploadedFile) -> tuple[str, str]:
    """(content type, extension) of an acceptable evidence file; AttachmentRefused otherwise."""
    limit = settings.MARSAD_ATTACHMENT_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise AttachmentRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    head = upload.read(8)
    upload.seek(0)
    kind = next((kind for kind in SIGNATURES if head.startswith(kind[0])), None)
    if kind is None:
        raise AttachmentRefused(_("Attach a PDF, a Word, Excel or PowerPoint file, or a PNG or JPEG picture."))
    _signature, content_type, extension = kind
    if content_type != "application/zip":
        return content_type, extension
    try:
        members = zipfile.ZipFile(io.BytesIO(upload.read())).infolist()
    except zipfile.BadZipFile:
        raise AttachmentRefused(_("The file is damaged and cannot be opened.")) from None
    finally:
        upload.seek(0)
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise AttachmentRefused(_("The file would unpack to more than the limit allows."))
    names = {member.filename for member in members}
    if "[Content_Types].xml" in names:
        for prefix, (office_type, extension) in OFFICE.items():
            if any(name.startswith(prefix) for name in names):
                return office_type, extension
    raise AttachmentRefused(_("Attach a PDF, a Word, Excel or PowerPoint file, or a PNG or JPEG picture."))


def store(attachment: S, upload: UploadedFile) -> S:
    """Check `upload` and save it as `attachment`'s file under a name of ours (never the
    uploaded one), recording its kind and size. `attachment` is a `StoredFile`; it is saved."""
    import secrets

    content_type, extension = check_attachment(upload)
    attachment.name = (upload.name or "")[:255]
    attachment.stored_name = f"{secrets.token_hex(8)}{extension}"
    attachment.content_type = content_type
    attachment.size = upload.size or 0
    stored = attachment.file  # type: ignore[attr-defined]  # each kind of stored file declares its own
    stored.save(attachment.stored_name, upload, save=False)
    attachment.save()
    return attachment
