"""A backup taken while people keep writing restores to exactly what it captured:
every table's rows, every uploaded file — on SQLite and on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.db import connection as django_connection

from marsad.audit.models import AuditEvent
from marsad.operations import backups

pytestmark = pytest.mark.race

ROOT = Path(__file__).resolve().parents[3]
WRITTEN_TABLE = "audit_auditevent"  # the writer only adds rows here, in id order


class Writer(threading.Thread):
    """Someone working while the backup runs: one audit event after another."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.written = 0

    def run(self):
        try:
            while not self.stop.is_set():
                AuditEvent.objects.create(action="changed", actor_username="writer", detail=f"write {self.written}")
                self.written += 1
        finally:
            django_connection.close()


def rows(cursor, table) -> list[tuple]:
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 — table names from the manifest
    return sorted((tuple(str(value) for value in row) for row in cursor.fetchall()), key=repr)


def test_a_backup_taken_during_writes_restores_every_row_and_file(world, transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = settings.MEDIA_ROOT / "evidence" / "2026" / "11" / "تقرير.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 " + os.urandom(200_000))
    (settings.MEDIA_ROOT / "imports").mkdir()
    (settings.MEDIA_ROOT / "imports" / "values.dat").write_bytes(b"code,period,value\n")

    writer = Writer()
    writer.start()
    while writer.written < 20:  # writing is under way
        pass
    written_before = writer.written
    archive = backups.write_backup(tmp_path / "backups")
    written_during = writer.written - written_before
    writer.stop.set()
    writer.join()
    assert written_during > 0  # the backup was taken while writes went on

    # Restore into a new, empty database and media folder, as an operator would.
    database = connection.settings_dict
    restored_media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        url = f"sqlite:///{target}"
    else:
        name = f"marsad_restore_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(_conninfo(database, "postgres"), autocommit=True)
        admin.execute(f"CREATE DATABASE {name}")
        url = f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{name}"
    try:
        restored = subprocess.run(  # noqa: S603 — our own command
            [sys.executable, str(ROOT / "manage.py"), "restore", str(archive), "-v", "0"],
            cwd=ROOT,
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "marsad.settings_test",
                "DATABASE_URL": url,
                "MARSAD_MEDIA_ROOT": str(restored_media),
            },
            capture_output=True,
            text=True,
            check=False,
        )
        assert restored.returncode == 0, restored.stderr
        assert "Restored and verified" in restored.stdout

        # Every table's rows: equal to the source's, except the rows the writer added
        # after the backup's moment (only at the end of its table).
        manifest = _manifest(archive)
        if connection.vendor == "sqlite":
            source, copy = sqlite3.connect(database["NAME"]), sqlite3.connect(target)
        else:
            source, copy = psycopg.connect(_conninfo(database)), psycopg.connect(_conninfo(database, name))
        try:
            source_cursor, copy_cursor = source.cursor(), copy.cursor()
            for table in manifest["tables"]:
                got, had = rows(copy_cursor, table), rows(source_cursor, table)
                if table == WRITTEN_TABLE:
                    assert set(got) <= set(had)
                    assert written_before <= len(got) - _baseline(had, "writer") <= written_before + written_during
                else:
                    assert got == had, table
        finally:
            source.close()
            copy.close()
        for entry in manifest["files"]:
            assert (restored_media / entry["path"]).read_bytes() == (settings.MEDIA_ROOT / entry["path"]).read_bytes()
        assert {entry["path"] for entry in manifest["files"]} == {"evidence/2026/11/تقرير.pdf", "imports/values.dat"}

        # Restoring again over what is there is refused: restores go into empty places.
        again = subprocess.run(  # noqa: S603
            [sys.executable, str(ROOT / "manage.py"), "restore", str(archive)],
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "marsad.settings_test", "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=False,
        )
        assert again.returncode != 0 and "not empty" in again.stderr
    finally:
        if connection.vendor != "sqlite":
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.close()


def _baseline(rows_, actor) -> int:
    """Rows of the table that the writer did not add."""
    return sum(1 for row in rows_ if actor not in row)


def _manifest(archive):
    import json
    import tarfile

    with tarfile.open(archive) as opened:
        return json.loads(opened.extractfile("manifest.json").read())


def _conninfo(database, name=None):
    return psycopg.conninfo.make_conninfo(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or None,
        dbname=name or database["NAME"],
    )


def test_a_backup_on_a_full_disk_says_why_in_one_line_and_leaves_nothing(db, tmp_path):
    """The disk holding the archives fills while it is written: pg_dump's or the
    system's own words on one line, exit status 1, no partial archive. The disk is
    made "full" for the command's process by a limit on the size of any file it
    writes (the kernel's EFBIG), past the database but short of the uploaded files."""
    import resource
    import signal

    from marsad.conftest import worker_database_url

    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "big.bin").write_bytes(os.urandom(4 * 1024 * 1024))
    folder = tmp_path / "backups"
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "MARSAD_MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "marsad.settings_test",
    }
    root = Path(__file__).resolve().parents[3]

    def backup(limit=None):
        def fill_at_limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        return subprocess.run(  # noqa: S603 — our own command
            [sys.executable, "manage.py", "backup", "--out", str(folder), "-v", "0"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            preexec_fn=fill_at_limit if limit else None,  # noqa: PLW1509 — no threads here
            check=False,
        )

    whole = backup()
    assert whole.returncode == 0, whole.stderr
    (archive,) = folder.glob("*.tar")
    size = archive.stat().st_size
    archive.unlink()
    full = backup(limit=size - 2 * 1024 * 1024)  # room for the database, not the 4 MB file
    assert full.returncode == 1
    lines = full.stderr.strip().splitlines()
    assert len(lines) == 1, full.stderr
    assert lines[0].startswith("CommandError: No backup written: ")
    assert "File too large" in lines[0] and "Traceback" not in full.stderr
    assert list(folder.iterdir()) == []
