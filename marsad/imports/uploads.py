"""Checks on an uploaded spreadsheet before anything parses it.

An .xlsx file is a zip archive. We look at the bytes, not the name: it must be a zip
holding a workbook, no bigger than the size limit, and its members must not unpack to
more than the unpacked-size limit (a small archive can expand to gigabytes).
A CSV file (for the large exports of other systems) must be UTF-8 text, without the
NUL bytes of a binary file; it has a limit of its own, since it is read as a stream.
"""

import codecs
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

SNIFF_BYTES = 64 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 200  # a member that unpacks to more than 200 times its packed size is refused


class UploadRefused(Exception):
    """The file is refused before parsing; the message says why, for the user."""


def check_upload(upload) -> str:
    """ "xlsx" or "csv": what the uploaded file is, once it is known to be sane.
    The file is left at its start, unread by any parser."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        check_spreadsheet(upload)
        upload.seek(0)
        return "xlsx"
    max_bytes = settings.MARSAD_IMPORT_MAX_CSV_BYTES
    if upload.size > max_bytes:
        raise UploadRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(max_bytes / 1048576, 1)}
        )
    try:
        # The sniffed block may end inside a character: decode incrementally.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        raise UploadRefused(_("This is neither an Excel workbook (.xlsx) nor a UTF-8 CSV file.")) from None
    if b"\x00" in head or not head.strip():
        raise UploadRefused(_("This is neither an Excel workbook (.xlsx) nor a UTF-8 CSV file."))
    return "csv"


def check_spreadsheet(upload) -> bytes:
    """The upload's bytes, once they are known to be a sane .xlsx workbook."""
    max_bytes = settings.MARSAD_IMPORT_MAX_BYTES
    if upload.size > max_bytes:
        raise UploadRefused(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(max_bytes / 1048576, 1)}
        )
    upload.seek(0)
    if not upload.read(4).startswith(b"PK\x03\x04"):
        raise UploadRefused(_("This is not an Excel workbook (.xlsx), whatever its name says."))
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadRefused(_("The workbook is damaged and cannot be opened.")) from None
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadRefused(_("This is not an Excel workbook (.xlsx), whatever its name says."))
    if len(members) > MAX_MEMBERS:
        raise UploadRefused(_("The workbook has too many parts to be a data sheet."))
    unpacked = sum(member.file_size for member in members)
    max_unpacked = MAX_UNPACKED_BYTES
    too_dense = any(member.file_size > MAX_RATIO * max(member.compress_size, 1) for member in members)
    if unpacked > max_unpacked or too_dense:
        raise UploadRefused(
            _("The workbook would unpack to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(unpacked / 1048576, 1), "limit": round(max_unpacked / 1048576, 1)}
        )
    upload.seek(0)
    return upload.read()
