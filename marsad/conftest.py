"""Named people for every role and a small portfolio, shared by all tests.

- pmo: the programme office (changes everything)
- committee: a committee member (reads everything)
- focal_health / focal_finance: focal points of the Ministries of Health / Finance
- viewer_health: a viewer granted the Ministry of Health only
- admin: an administrator
- feed: a data-feed account (no pages)
"""

import datetime
import os
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.accounts import two_factor
from marsad.accounts.middleware import RENEWED_AT, SIGNED_IN_AT
from marsad.accounts.models import Role, User
from marsad.lib import deferred
from marsad.portfolio import feeds
from marsad.portfolio.models import Entity, Phase, Project

PASSWORD = "correct-horse-battery-staple"


def make_user(username, role, entities=(), **extra):
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)
    user.entities.set(entities)
    return user


def make_project(code, owner, **fields):
    fields.setdefault("name_ar", f"مشروع {code}")
    fields.setdefault("name_en", f"Project {code}")
    return Project.objects.create(code=code, owner=owner, **fields)


def make_phase(project, order, weight, percent, **fields):
    fields.setdefault("name_ar", f"المرحلة {order}")
    return Phase.objects.create(project=project, order=order, weight=weight, percent_complete=percent, **fields)


@pytest.fixture
def world(db):
    moct = Entity.objects.create(
        code="MOCT", name_ar="وزارة الاتصالات وتقانة المعلومات", name_en="Ministry of Communications"
    )
    nans = Entity.objects.create(
        code="NANS", name_ar="الهيئة الوطنية لخدمات الشبكة", name_en="NANS", kind="agency", parent=moct
    )
    health = Entity.objects.create(code="MOH", name_ar="وزارة الصحة", name_en="Ministry of Health")
    finance = Entity.objects.create(code="MOF", name_ar="وزارة المالية", name_en="Ministry of Finance")
    today = datetime.date(2026, 11, 28)
    health_registry = make_project(
        "NHR",
        health,
        name_ar="السجل الوطني الصحي",
        name_en="National Health Registry",
        status="execution",
        original_baseline_go_live=datetime.date(2027, 3, 1),
        baseline_go_live=datetime.date(2027, 3, 1),
        forecast_go_live=datetime.date(2027, 7, 1),
    )
    make_phase(health_registry, 1, 1, 100, status="done")
    make_phase(health_registry, 2, 3, 20, status="in_progress")
    tax = make_project(
        "ITAS",
        finance,
        name_ar="نظام الإدارة الضريبية المتكامل",
        name_en="Integrated Tax Administration System",
        status="execution",
        reported_percent=35,
        original_baseline_go_live=datetime.date(2027, 1, 1),
        forecast_go_live=datetime.date(2027, 1, 1),
    )
    cert = make_project(
        "CERT",
        nans,
        name_ar="مركز الاستجابة للطوارئ المعلوماتية",
        name_en="Computer Emergency Response Centre",
        status="in_service",
        is_priority=True,
        original_baseline_go_live=datetime.date(2026, 1, 1),
        actual_go_live=datetime.date(2026, 2, 1),
    )
    return SimpleNamespace(
        today=today,
        moct=moct,
        nans=nans,
        health=health,
        finance=finance,
        health_registry=health_registry,
        tax=tax,
        cert=cert,
        pmo=make_user("pmo", Role.PMO, [moct]),
        committee=make_user("committee", Role.COMMITTEE),
        focal_health=make_user("focal.health", Role.FOCAL_POINT, [health]),
        focal_finance=make_user("focal.finance", Role.FOCAL_POINT, [finance]),
        viewer_health=make_user("viewer", Role.VIEWER, [health]),
        admin=make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True),
        feed=make_user("feed", Role.DATA_FEED),
    )


class VerifiedClient(Client):
    """A test client whose `force_login` leaves the session as a real sign-in does: any
    two-factor step owed completed, and stamped with the sign-in's time (the session
    limits' start and last renewal), so the first page after it writes no session.

    Tests of two-factor sign-in itself use a plain `Client`.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session[SIGNED_IN_AT] = timezone.now().isoformat()
        session[RENEWED_AT] = int(timezone.now().timestamp())
        if two_factor.is_required(user) or two_factor.has_device(user):
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
                user=user, name="test", confirmed=True
            )
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    return VerifiedClient()


def set_language(client, language):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


@pytest.fixture(scope="session", autouse=True)
def _end_stray_postgres_sessions(django_db_setup, django_db_blocker):
    """Let the test database be dropped at the end of a PostgreSQL run.

    A live-server request the browser abandoned (HTMX cancels a superseded request)
    can leave its thread's connection open, which blocks DROP DATABASE.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def redis_url():
    """The real Redis (`scripts/ensure-redis`), a database of this test worker's own,
    emptied: 15, 14… for pytest-xdist's gw0, gw1…"""
    import redis

    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
    url = f"redis://127.0.0.1:6379/{15 - worker}"
    redis.Redis.from_url(url).flushdb()
    return url


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rolled-back tests reuse the same portfolio
    versions (`portfolio.freshness`), so a list cached by one must not reach the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def workers(transactional_db, settings):
    """Start background workers (`manage.py db_worker`) in their own processes, on the
    test database, as production runs them; jobs asked for meanwhile go on the database
    queue instead of running at once. Workers still alive at the end are killed."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "DJANGO_SETTINGS_MODULE": "marsad.settings_test",
        "MARSAD_TASKS": "database",
        "MARSAD_JOB_HEARTBEAT_SECONDS": "1",
    }
    root = Path(__file__).resolve().parent.parent
    started = []

    def start():
        # The test's own progress interval (a test may write progress more often, to
        # see a bar move over fewer rows).
        progress = {"MARSAD_JOB_PROGRESS_SECONDS": str(settings.MARSAD_JOB_PROGRESS_SECONDS)}
        worker = subprocess.Popen(  # noqa: S603 — our own worker, fixed arguments
            [sys.executable, str(root / "manage.py"), "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=root,
            env=env | progress,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def worker_database_url() -> str:
    """The test database, as another process (a worker, a command) reaches it."""
    from pathlib import Path

    from django.db import connection

    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(database['NAME']).resolve()}"
    host = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{database['USER']}@{host}/{database['NAME']}"


@pytest.fixture
def figure_refreshes(monkeypatch):
    """Each time projects' stored figures are recomputed, the ids recomputed: a list
    that grows by one set per refresh (`portfolio.figures.refresh_now`)."""
    calls = []
    handler = deferred._handlers[feeds.FIGURES]

    def counted(ids):
        calls.append(set(ids))
        handler(ids)

    monkeypatch.setitem(deferred._handlers, feeds.FIGURES, counted)
    return calls


def pytest_terminal_summary(terminalreporter):
    """What the fuzz tests covered (their `fuzzed` property), so every run's output
    says how many routes and requests they sent."""
    lines = [
        value
        for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "fuzzed"
    ]
    if lines:
        terminalreporter.section("fuzzed")
        for line in sorted(lines):
            terminalreporter.write_line(line)
