"""Test settings: the real settings with speed-ups that do not change behaviour."""

import os
from pathlib import Path

os.environ.setdefault("MARSAD_DEBUG", "0")
os.environ.setdefault("MARSAD_SECRET_KEY", "test-only-secret-key-not-for-production")
os.environ.setdefault("MARSAD_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from marsad.settings import *  # noqa: E402,F403
from marsad.settings import STORAGES  # noqa: E402

# Under pytest-xdist each worker ("gw0", "gw1"…) keeps its scratch folders apart (its
# test database is apart already: pytest-django names it after the worker). A process
# a test starts (a job worker, a command) inherits the variable, so it finds the same.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
SCRATCH = BASE_DIR / "var" / (f"test-{WORKER}" if WORKER else "test")  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    # Shared by the processes of one worker, as in production (a folder); each worker's own.
    "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": SCRATCH / "cache"},
    # Shared with the workers some tests start: a folder of the tests' own.
    "jobs": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": SCRATCH / "jobs",
    },
}
# Jobs run as they are asked for, inside the request, unless a test starts a worker
# (MARSAD_TASKS=database or rq in the worker's environment, and the test's settings).
if "MARSAD_TASKS" not in os.environ:
    TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        # The database queue's own pages (its admin) have a backend to show.
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
# Serve static files from the finders so tests need no collectstatic step.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None  # type: ignore[assignment]  # no proxy in front of the test client
SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
SECURE_HSTS_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than Django's shared in-memory database: the browser tests' live
    # server thread then has its own connection, as a real server would, instead of
    # sharing the test thread's (which deadlocked once the database was first opened
    # by the live server).
    (BASE_DIR / "var").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405

# Evidence files written by tests go to a scratch folder, never beside real uploads.
MEDIA_ROOT = Path(os.environ.get("MARSAD_MEDIA_ROOT") or SCRATCH / "media")
