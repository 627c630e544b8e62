"""One archive holding everything Marsad keeps: the database and the uploaded files.

`write_backup()` takes the database as one consistent moment while writes go on —
PostgreSQL: `pg_dump -Fc` reading a snapshot exported by a repeatable-read transaction
that also counts every table's rows; SQLite: its online backup API into a copy, whose
rows are then counted — and adds every file under MEDIA_ROOT with its SHA-256. The
manifest (`manifest.json`) lists the counts and the checksums.

`restore_backup()` restores into an empty database of the same engine and an empty
media folder, then checks every table's row count and every file's checksum against
the manifest. Moving between engines is not a restore (dump and load the data).
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED_FILES = (".health-",)  # the health check's probe files


class RestoreRefused(Exception):
    """Why a restore cannot go ahead, or did not verify (for the operator)."""


class BackupFailed(Exception):
    """Why no backup was written, in one line for the operator (a full disk, pg_dump's
    own message); no partial archive is left behind."""


def _cause(error: BaseException) -> str:
    """One line: what the operating system, SQLite or pg_dump said."""
    if isinstance(error, subprocess.CalledProcessError):
        said = (error.stderr or b"").decode(errors="replace").strip().splitlines()
        return f"{Path(error.cmd[0]).name}: {said[-1] if said else f'exit status {error.returncode}'}"
    if isinstance(error, OSError) and error.strerror:
        return f"{error.strerror}: {error.filename}" if error.filename else error.strerror
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _pg_params(database: dict) -> tuple[list[str], dict, str]:
    """(pg_dump/pg_restore connection arguments, environment, psycopg conninfo)."""
    args = ["-h", database.get("HOST") or "127.0.0.1", "-p", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["-U", database["USER"]]
    env = {**os.environ}
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]  # never on a command line
    conninfo = psycopg.conninfo.make_conninfo(
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        dbname=database["NAME"],
    )
    return args, env, conninfo


def _program(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RestoreRefused(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor, tables) -> dict[str, int]:
    found = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")  # noqa: S608 — names from the catalogue
        found[table] = cursor.fetchone()[0]
    return found


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [name for (name,) in rows]


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [name for (name,) in cursor.fetchall()]


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.name.startswith(SKIPPED_FILES))


def write_backup(folder: Path, progress=None) -> Path:
    """Write a backup archive into `folder`; returns its path. Raises BackupFailed,
    leaving nothing under `folder`, when it cannot (a full disk, pg_dump refusing)."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    archive_path = folder / f"marsad-backup-{stamp}.tar"
    partial = archive_path.with_suffix(".tar.partial")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _write_backup(archive_path, partial, progress)
    except (OSError, sqlite3.Error, subprocess.CalledProcessError, tarfile.TarError) as error:
        partial.unlink(missing_ok=True)
        raise BackupFailed(_cause(error)) from error
    return archive_path


def _write_backup(archive_path: Path, partial: Path, progress) -> None:
    """Write the archive as `partial`, then give it its name: a complete archive, or none."""
    connection = connections["default"]
    database = connection.settings_dict
    folder = archive_path.parent
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as scratch:
        work = Path(scratch)
        if progress:
            progress.phase("database")
        if connection.vendor == "postgresql":
            dump, counts = _dump_postgresql(database, work)
        elif connection.vendor == "sqlite":
            dump, counts = _copy_sqlite(database, work)
        else:
            raise RestoreRefused(f"Backups cover SQLite and PostgreSQL, not {connection.vendor}.")
        files = _media_files()
        if progress:
            progress.phase("files", len(files))
        root = Path(settings.MEDIA_ROOT)
        listed = []
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=dump.name)
            for done, path in enumerate(files, 1):
                try:
                    name = path.relative_to(root).as_posix()
                    listed.append({"path": name, "sha256": _sha256(path), "size": path.stat().st_size})
                    archive.add(path, arcname=f"media/{name}")
                except FileNotFoundError:
                    continue  # removed while the backup ran (a cleaned-up upload)
                if progress:
                    progress(done, len(files))
            manifest = {
                "format": FORMAT,
                "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
                "engine": connection.vendor,
                "database_file": dump.name,
                "database_sha256": _sha256(dump),
                "tables": counts,
                "files": listed,
            }
            manifest_path = work / MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
            archive.add(manifest_path, arcname=MANIFEST)
        partial.rename(archive_path)


def _dump_postgresql(database: dict, work: Path) -> tuple[Path, dict[str, int]]:
    args, env, conninfo = _pg_params(database)
    dump = work / "database.dump"
    with psycopg.connect(conninfo) as snapshot_holder:
        # One moment for the counts and the dump: pg_dump reads the snapshot this
        # transaction exports, and the transaction stays open until it has.
        snapshot_holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        exported = snapshot_holder.execute("SELECT pg_export_snapshot()").fetchone()
        snapshot = exported[0] if exported else None
        with snapshot_holder.cursor() as cursor:
            counts = _counts(cursor, _pg_tables(cursor))
        subprocess.run(  # noqa: S603 — pg_dump with arguments built here
            [
                _program("pg_dump"),
                *args,
                "-Fc",
                f"--snapshot={snapshot}",
                "--no-owner",
                "-f",
                str(dump),
                database["NAME"],
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        snapshot_holder.rollback()
    return dump, counts


def _copy_sqlite(database: dict, work: Path) -> tuple[Path, dict[str, int]]:
    copy_path = work / "database.sqlite3"
    source = sqlite3.connect(database["NAME"], timeout=30)
    copy = sqlite3.connect(copy_path)
    try:
        source.backup(copy)  # all pages in one step: one consistent moment
        counts = _counts(copy.cursor(), _sqlite_tables(copy))
    finally:
        copy.close()
        source.close()
    return copy_path, counts


def restore_backup(archive_path: Path, progress=None) -> dict:
    """Restore an archive into the configured (empty) database and media folder, and
    verify them; returns the manifest."""
    connection = connections["default"]
    database = connection.settings_dict
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive_path) as archive, tempfile.TemporaryDirectory(prefix="marsad-restore-") as scratch:
        work = Path(scratch)
        manifest_file = archive.extractfile(MANIFEST)
        if manifest_file is None:
            raise RestoreRefused(f"{archive_path} holds no {MANIFEST}")
        manifest = json.loads(manifest_file.read())
        if manifest.get("format") != FORMAT:
            raise RestoreRefused("This archive was written by another version of the backup format.")
        if manifest["engine"] != connection.vendor:
            raise RestoreRefused(
                f"The archive holds a {manifest['engine']} database; this Marsad uses {connection.vendor}."
            )
        if connection.introspection.table_names():
            raise RestoreRefused("The database is not empty: restore into a new, empty database.")
        if root.is_dir() and any(root.iterdir()):
            raise RestoreRefused(f"The media folder is not empty: {root}")
        connection.close()
        archive.extract(manifest["database_file"], work, filter="data")
        dump = work / manifest["database_file"]
        if _sha256(dump) != manifest["database_sha256"]:
            raise RestoreRefused("The database in the archive is damaged (its checksum differs).")
        if progress:
            progress.phase("database")
        if connection.vendor == "postgresql":
            args, env, conninfo = _pg_params(database)
            subprocess.run(  # noqa: S603 — pg_restore with arguments built here
                [
                    _program("pg_restore"),
                    *args,
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "-d",
                    database["NAME"],
                    str(dump),
                ],
                check=True,
                env=env,
                capture_output=True,
            )
            with psycopg.connect(conninfo) as restored, restored.cursor() as cursor:
                counts = _counts(cursor, _pg_tables(cursor))
        else:
            target = Path(database["NAME"])
            source = sqlite3.connect(dump)
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
                counts = _counts(copy.cursor(), _sqlite_tables(copy))
            finally:
                copy.close()
                source.close()
        if counts != manifest["tables"]:
            differing = sorted(
                t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t)
            )
            raise RestoreRefused(f"Row counts differ from the backup's in: {', '.join(differing)}")
        files = manifest["files"]
        if progress:
            progress.phase("files", len(files))
        for done, entry in enumerate(files, 1):
            member = archive.getmember(f"media/{entry['path']}")
            archive.extract(member, work, filter="data")
            extracted = work / "media" / entry["path"]
            if _sha256(extracted) != entry["sha256"]:
                raise RestoreRefused(f"A file in the archive is damaged: {entry['path']}")
            destination = root / entry["path"]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(extracted, destination)
            if _sha256(destination) != entry["sha256"]:
                raise RestoreRefused(f"A file did not restore intact: {entry['path']}")
            if progress:
                progress(done, len(files))
    return manifest
