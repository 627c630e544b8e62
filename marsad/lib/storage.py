"""Uploaded files on disk: Django's file system storage, which never leaves half a file.

When the disk fills (or the volume turns read-only) in the middle of a write, Django's
storage raises and leaves the truncated file behind, which nothing refers to and
nothing removes. Here the partial file goes at once, and the error goes on to the
error pages (`web.errors`: 507, "no room to store files")."""

import os
from typing import Any

from django.core.files.storage import FileSystemStorage

from marsad.lib.outage import is_storage_full


class MediaStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            saved: str = super()._save(name, content)  # type: ignore[misc]  # Django's own, untyped
            return saved
        except OSError as error:
            # Only a file this call created: `save` chose a free name just before, and
            # Django opens it with O_EXCL, so another writer's file is never removed.
            if is_storage_full(error) and not existed and os.path.lexists(path):
                os.remove(path)
            raise
