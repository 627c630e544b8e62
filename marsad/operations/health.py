"""Is this server alive, and can it serve? For load balancers, nginx, systemd and people.

`/health/` answers while the process runs, touching nothing else (liveness: restart it
if this fails). `/health/ready/` checks what serving needs (readiness: send it no
traffic while this fails): the database answers, every migration is applied, the job
queue is reachable, uploaded files can be written, and the disk has room. Bodies are
JSON with each check's outcome and time; they name no host, path, user or error text.
"""

import os
import shutil
import tempfile
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

_migrated = False  # once true in a process, it stays true (nothing un-applies meanwhile)


def database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def migrations() -> None:
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations not applied")
    _migrated = True


def job_queue() -> None:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq."):
        import django_rq

        django_rq.get_connection("default").ping()
    elif backend.startswith("django_tasks_db."):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()


def media() -> None:
    folder = settings.MEDIA_ROOT
    os.makedirs(folder, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=f".health-{uuid.uuid4().hex}-") as probe:
        probe.write(b"ok")
        probe.flush()


def disk() -> None:
    free = shutil.disk_usage(settings.MEDIA_ROOT).free
    if free < settings.MARSAD_HEALTH_MIN_FREE_MB * 1024 * 1024:
        raise RuntimeError("disk nearly full")


READINESS = {"database": database, "migrations": migrations, "job_queue": job_queue, "media": media, "disk": disk}


def readiness() -> tuple[bool, dict]:
    results, healthy = {}, True
    for name, check in READINESS.items():
        began = time.perf_counter()
        try:
            check()
            outcome: dict[str, Any] = {"ok": True}
        except Exception as error:  # noqa: BLE001 — any failure makes the server not ready
            # The kind of failure only: an exception's text may carry a host or a path.
            outcome = {"ok": False, "error": type(error).__name__}
            healthy = False
            if name == "database":
                connections[DEFAULT_DB_ALIAS].close()  # try afresh next time
        outcome["ms"] = round((time.perf_counter() - began) * 1000, 1)
        results[name] = outcome
    return healthy, results
