"""Checks on an uploaded spreadsheet before anything parses it.

An .xlsx file is a zip archive. We look at the bytes, not the name: it must be a zip
holding a workbook, no bigger than the size limit, and its members must not unpack to
more than the unpacked-size limit (a small archive can expand to gigabytes).
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # a member that unpacks to more than 200 times its packed size is refused


class UploadRefused(Exception):
    """The file is refused before parsing; the message says why, for the user."""


def _limit(name, default):
    return int(getattr(settings, name, default))


def check_spreadsheet(upload) -> bytes:
    """The upload's bytes, once they are known to be a sane .xlsx workbook."""
    max_bytes = _limit("MARSAD_IMPORT_MAX_BYTES", MAX_BYTES)
    if upload.size > max_bytes:
        raise UploadRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(max_bytes / 1048576, 1)}
        )
    data = upload.read(max_bytes + 1)
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRefused(_("This is not an Excel workbook (.xlsx), whatever its name says."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadRefused(_("The workbook is damaged and cannot be opened.")) from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRefused(_("This is not an Excel workbook (.xlsx), whatever its name says."))
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(_("The workbook has too many parts to be a data sheet."))
    unpacked = sum(member.file_size for member in members)
    max_unpacked = _limit("MARSAD_IMPORT_MAX_UNPACKED_BYTES", MAX_UNPACKED_BYTES)
    too_dense = any(member.file_size > MAX_RATIO * max(member.compress_size, 1) for member in members)
    if unpacked > max_unpacked or too_dense:
        raise UploadRefused(
            _("The workbook would unpack to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(unpacked / 1048576, 1), "limit": round(max_unpacked / 1048576, 1)}
        )
    return data
