"""An import's file is kept while it is needed and for the audit after, then removed;
files no import names are removed too."""

import datetime
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from marsad.imports.models import ImportBatch

pytestmark = pytest.mark.django_db


def batch(user, status, **times):
    made = ImportBatch(kind="projects", file_name="p.xlsx", sha256="0" * 64, uploaded_by=user, status=status)
    made.file.save("projects.dat", ContentFile(b"data"), save=False)
    made.save()
    ImportBatch.objects.filter(pk=made.pk).update(**times)
    made.refresh_from_db()
    return made


def test_clean_uploads_removes_what_is_no_longer_needed_and_keeps_the_rest(world, settings):
    settings.MARSAD_IMPORT_KEEP_DAYS = 90
    settings.MARSAD_IMPORT_ABANDONED_HOURS = 24
    now = timezone.now()
    old_applied = batch(world.pmo, "applied", applied_at=now - datetime.timedelta(days=91))
    recent_applied = batch(world.pmo, "applied", applied_at=now - datetime.timedelta(days=5))
    abandoned = batch(world.pmo, "checked", uploaded_at=now - datetime.timedelta(hours=30))
    waiting = batch(world.pmo, "checked", uploaded_at=now - datetime.timedelta(hours=2))
    folder = settings.MEDIA_ROOT / "imports" / "stray"
    folder.mkdir(parents=True, exist_ok=True)
    orphan, fresh = folder / "left-behind.dat", folder / "being-saved.dat"
    orphan.write_bytes(b"x")
    fresh.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(orphan, (two_hours_ago, two_hours_ago))
    paths = {b.pk: b.file.path for b in (old_applied, recent_applied, abandoned, waiting)}

    call_command("clean_uploads", verbosity=0)

    assert not os.path.exists(paths[old_applied.pk]) and os.path.exists(paths[recent_applied.pk])
    assert not os.path.exists(paths[abandoned.pk]) and os.path.exists(paths[waiting.pk])
    abandoned.refresh_from_db()
    assert abandoned.status == "expired" and not abandoned.file
    assert not orphan.exists() and fresh.exists()  # one still being written is left alone
