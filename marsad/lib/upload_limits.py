"""The upload size limit, enforced while the body is read.

Django's own handlers read a whole upload (to memory or a temporary file) before any
view can look at its size, so a 5 GB body would be read to the end to be refused. This
handler, first in FILE_UPLOAD_HANDLERS, refuses a body whose declared length is over
the limit before reading its file (the form's fields before it, the CSRF token among
them, are read), and stops reading one that grows past it (a body sent without a
length). The view then finds `request.upload_too_large` (the message)
and no file. nginx's `client_max_body_size` (deploy/nginx) refuses earlier still.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.utils.translation import gettext as _


def upload_limit() -> int:
    return max(
        settings.MARSAD_IMPORT_MAX_BYTES, settings.MARSAD_IMPORT_MAX_CSV_BYTES, settings.MARSAD_ATTACHMENT_MAX_BYTES
    )


class LimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(
        self, input_data: Any, META: dict[str, Any], content_length: int, boundary: str, encoding: str | None = None
    ) -> None:
        self.limit = upload_limit()
        self.declared = content_length or 0
        self.received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        # The form's other fields (the CSRF token) came first and are read; the file's
        # bytes are not, when the body says beforehand that it is too large.
        if self.declared > self.limit:
            self._refuse(self.declared)
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse(self.received)
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int) -> None:
        return None  # stored by the next handler

    def _refuse(self, size: int) -> NoReturn:
        if self.request is not None:
            message = _("The file is %(size)s MB or more; the limit is %(limit)s MB.") % {
                "size": round(size / 1048576, 1),
                "limit": round(self.limit / 1048576, 1),
            }
            setattr(self.request, "upload_too_large", message)  # noqa: B010 — read by the view
        raise StopUpload(connection_reset=True)
