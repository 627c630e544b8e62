"""A running job's progress and heartbeat, kept in the `jobs` cache.

The worker writes them while the job's own transaction is still open (on SQLite no
other connection could write to the database meanwhile), and every web server reads
them: the cache is a folder under `var/` on one machine, Redis when web servers and
workers are several (`MARSAD_REDIS_URL`).

The heartbeat is written every few seconds by a thread beside the work, so a worker
killed mid-job (kill -9, a power cut) is noticed: a running job whose heartbeat is
older than `MARSAD_JOB_LOST_AFTER` seconds is marked failed (`services.mark_lost`).
"""

import threading
import time

from django.conf import settings
from django.core.cache import caches

KEEP_SECONDS = 7 * 24 * 3600


def _cache():
    return caches["jobs"]


def report(job, *, phase: str = "", done: int = 0, total: int | None = None) -> None:
    _cache().set(
        f"job:{job.token}:progress",
        {"phase": phase, "done": done, "total": total, "at": time.time()},
        KEEP_SECONDS,
    )


def read(job) -> dict | None:
    return _cache().get(f"job:{job.token}:progress")


def beat(job) -> None:
    _cache().set(f"job:{job.token}:beat", time.time(), KEEP_SECONDS)


def last_beat(job) -> float | None:
    return _cache().get(f"job:{job.token}:beat")


class Tracker:
    """What the work calls as it goes: `tracker.phase("checking")`, then
    `tracker(done, total)` as often as it likes (written at most twice a second)."""

    def __init__(self, job):
        self.job = job
        self.current = ""
        self.done = 0
        self.total = None
        self._written = 0.0

    def phase(self, name: str, total: int | None = None) -> None:
        self.current, self.done, self.total = name, 0, total
        self._write()

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if time.monotonic() - self._written >= settings.MARSAD_JOB_PROGRESS_SECONDS:
            self._write()

    def _write(self) -> None:
        self._written = time.monotonic()
        report(self.job, phase=self.current, done=self.done, total=self.total)


class Heartbeat:
    """Beats for a job from a thread while the work runs (`with Heartbeat(job):`)."""

    def __init__(self, job):
        self.job = job
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"job-{job.pk}-heartbeat", daemon=True)

    def _run(self) -> None:
        every = settings.MARSAD_JOB_HEARTBEAT_SECONDS
        while not self._stop.is_set():
            beat(self.job)
            self._stop.wait(every)

    def __enter__(self):
        beat(self.job)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        return False
