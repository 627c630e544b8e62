"""Mail written to a folder, one .eml file per mail, so a person can open each one in
a mail program (Django's own file backend puts a whole connection's mails in one file)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class FolderBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        folder = Path(settings.MARSAD_EMAIL_FOLDER)
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes(linesep="\r\n"))
        return len(email_messages)
