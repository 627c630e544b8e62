"""Marsad at national scale, as it runs in production: PostgreSQL, gunicorn (4 workers,
debug off), measured from outside over HTTP. `bench/run.py scale` (part of `make bench`).

It builds a throw-away database `marsad_bench` on the local PostgreSQL (DATABASE_URL's
server, default 127.0.0.1:5432), grows the portfolio to 2,000, 5,000 and 20,000
projects (4 phases each, six months of accepted reports for those in execution, an
obstacle for one project in ten, change history before the last meeting and since),
and at each size times, with sequential requests (server time plus loopback):

- the dashboard `/` and the league table `/entities/`;
- the portfolio page, plain, sorted (`?sort=-slippage`) and filtered and sorted;
- a project's page, the meeting page (changes since the last meeting; its snapshots
  are built first, as they are once per meeting day), `/rollouts/`;
- a selective search, `/public/`;
- the projects API at 50 and 500 per page;

each twice: served again while nothing changed (the shared cache current, as between
writes) and on a cold cache (the cache emptied before every request, so everything
is built afresh). The targets (issue 33): every page's cold median at the largest
size ≤ 1.3× at the smallest, its cold p95 ≤ 200 ms, `/public/` ≤ 200 KB. The load
average is printed beside each size.

At the largest size locust (the same load generator, the same server) runs the
minimal DRF endpoint and `/api/v1/projects/` with a token and with a session cookie,
interleaved, for requests per second side by side; then 50 people signing in and
working (`bench/locustfile.py`: the committee's pages, the portfolio, projects, the API
and changes) for two minutes: errors and the p95 of each page. `BENCH_SIZES` (e.g.
`2000,20000`) and `BENCH_LOAD=0` (pages only) narrow a run.
"""

import csv
import datetime
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "marsad_bench"
PORT = 8765
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "2000,5000,20000").split(","))
SAMPLES = 40
WARM_UPS = 30  # so each of the 4 workers has served (and cached) the page
PASSWORD = "bench-password-1"  # noqa: S105 — a throw-away bench database

os.environ.update(
    DATABASE_URL=f"{SERVER}/{DATABASE}",
    DJANGO_SETTINGS_MODULE="bench.server_settings",
    MARSAD_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
    MARSAD_ALLOWED_HOSTS="127.0.0.1,localhost",
    MARSAD_SECURE_COOKIES="0",
    MARSAD_SSL_REDIRECT="0",
    # One address (the bench's) asks for /public/ far more often than a reader may.
    MARSAD_PUBLIC_REQUESTS_PER_MINUTE="100000",
)
os.environ.pop("MARSAD_DEBUG", None)
sys.path.insert(0, str(ROOT))


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # served as in production


def base_data(today):
    from marsad.accounts.models import Role, User
    from marsad.accounts.tokens import api_token_issue
    from marsad.committee.models import Committee, Meeting
    from marsad.portfolio.models import Entity

    entities = [
        Entity.objects.create(code=f"E{n:02d}", name_ar=f"وزارة {n}", name_en=f"Ministry {n}") for n in range(30)
    ]
    committee = User.objects.create_user("bench-committee", password=PASSWORD, role=Role.COMMITTEE)
    hashed = committee.password  # one Argon2 hash for every bench person (same password)
    people = []
    for n in range(10):
        user = User.objects.create(username=f"bench-focal-{n}", password=hashed, role=Role.FOCAL_POINT)
        user.entities.add(entities[n])
        people.append((user.username, entities[n], True))
    for n in range(5):
        user = User.objects.create(username=f"bench-member-{n}", password=hashed, role=Role.COMMITTEE)
        people.append((user.username, None, False))
    _token, key = api_token_issue(user=committee, name="bench", created_by=None)
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    earlier = Meeting.objects.create(
        committee=higher, number=1, date=today - datetime.timedelta(days=60), status="approved"
    )
    meeting = Meeting.objects.create(committee=higher, number=2, date=today - datetime.timedelta(days=3), status="held")
    return entities, committee, people, key, earlier, meeting


def grow(total: int, entities, rng: random.Random, today) -> None:
    """Add projects up to `total`, with phases, reports, obstacles and history."""
    from marsad.obstacles.models import Obstacle
    from marsad.portfolio import figures
    from marsad.portfolio.models import Phase, Project
    from marsad.reports import periods
    from marsad.reports.models import ProgressReport

    start = Project.objects.count()
    statuses = ["execution"] * 5 + ["piloting", "approved", "preparation", "in_service", "proposed"]
    before = datetime.datetime.combine(today - datetime.timedelta(days=90), datetime.time(10), tzinfo=datetime.UTC)
    since = datetime.datetime.combine(today - datetime.timedelta(days=20), datetime.time(10), tzinfo=datetime.UTC)
    projects = []
    for n in range(start, total):
        status = rng.choice(statuses)
        go_live = today + datetime.timedelta(days=rng.randint(-60, 500))
        projects.append(
            Project(
                code=f"B-{n:05d}",
                name_ar=f"مشروع التحول الرقمي رقم {n}",
                name_en=f"Digital project {n}",
                owner=entities[n % len(entities)],
                status=status,
                original_baseline_start=today - datetime.timedelta(days=400),
                baseline_start=today - datetime.timedelta(days=400),
                actual_start=today - datetime.timedelta(days=380),
                original_baseline_go_live=go_live,
                baseline_go_live=go_live,
                forecast_go_live=go_live + datetime.timedelta(days=rng.choice([0, 0, 10, 45, 120])),
                actual_go_live=go_live if status == "in_service" else None,
                funding_allocated=rng.randint(1, 900) * 10**6,
                is_public=rng.random() < 0.3,
            )
        )
    projects = Project.objects.bulk_create(projects, batch_size=2000)
    Project.history.bulk_history_create(projects, default_date=before)
    phases = Phase.objects.bulk_create(
        (
            Phase(
                project=p,
                order=o,
                name_ar=f"المرحلة {o}",
                weight=rng.randint(0, 5),
                percent_complete=rng.randint(0, 60),
                status="in_progress",
            )
            for p in projects
            for o in range(1, 5)
        ),
        batch_size=5000,
    )
    Phase.history.bulk_history_create(phases, default_date=before, batch_size=5000)
    for phase in phases:  # progress since the last meeting
        phase.percent_complete = min(100, phase.percent_complete + rng.randint(0, 40))
    Phase.objects.bulk_update(phases, ["percent_complete"], batch_size=5000)
    Phase.history.bulk_history_create(phases, default_date=since, batch_size=5000, update=True)
    ProgressReport.objects.bulk_create(
        (
            ProgressReport(
                project=p,
                period_start=start,
                status="accepted",
                accepted_percent=index * 10,
                submitted_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC),
            )
            for p in projects
            if p.status == "execution"
            for index, start in enumerate(periods.recent_periods(today, 1, 6))
        ),
        batch_size=5000,
    )
    Obstacle.objects.bulk_create(
        (
            Obstacle(
                project=p,
                title="تأخر توريد التجهيزات",
                category="equipment",
                level=rng.choice([1, 2, 3]),
                raised_on=today - datetime.timedelta(days=rng.randint(1, 200)),
            )
            for p in projects[::10]
        ),
        batch_size=5000,
    )
    figures.refresh(p.pk for p in projects)  # bulk writes bypass save()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the planner's statistics, as autovacuum keeps them in production


def prepare_meeting(earlier, meeting) -> float:
    """Agenda of eight projects; the two meeting days' snapshots built afresh (seconds)."""
    from marsad.committee import snapshots
    from marsad.committee.models import AgendaItem, ProjectSnapshot, SnapshotDay
    from marsad.portfolio.models import Project

    meeting.items.all().delete()
    for order, project in enumerate(Project.objects.filter(status="execution").order_by("code")[:8], start=1):
        AgendaItem.objects.create(meeting=meeting, order=order, title=project.name_ar, project=project)
    ProjectSnapshot.objects.all().delete()
    SnapshotDay.objects.all().delete()
    began = time.perf_counter()
    snapshots.ensure(earlier.date)
    snapshots.ensure(meeting.date)
    return time.perf_counter() - began


def session_cookie(user) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def start_server(log) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "marsad.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/bench/minimal/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def timed(path: str, headers: dict, *, cold: bool = False) -> tuple[float, float, int]:
    """Median and p95 (ms) of SAMPLES sequential requests after WARM_UPS warm-ups; bytes."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    timings, size = [], 0
    from django.core.cache import cache

    for n in range(SAMPLES + WARM_UPS):
        if cold:  # nothing cached: the shared cache (the server's too) emptied
            cache.clear()
        began = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - began
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        if n >= WARM_UPS:
            timings.append(elapsed * 1000)
            size = len(body)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], size


def locust(user_class: str, users: int, seconds: int, env: dict) -> list[dict]:
    with tempfile.TemporaryDirectory() as folder:
        prefix = f"{folder}/run"
        subprocess.run(  # noqa: S603 — our own locust, fixed arguments
            [
                str(ROOT / ".venv/bin/locust"),
                "-f",
                str(ROOT / "bench/locustfile.py"),
                "--headless",
                "--only-summary",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{PORT}",
                "--csv",
                prefix,
                "--loglevel",
                "ERROR",
                user_class,
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            return list(csv.DictReader(stats))


def bench_scale() -> None:
    recreate_database()
    setup_django()
    from django.utils import timezone

    from marsad.portfolio.models import Project

    today = timezone.localdate()
    rng = random.Random(20261201)
    entities, committee, people, key, earlier, meeting = base_data(today)
    pages = [
        ("dashboard", "/"),
        ("league table", "/entities/"),
        ("portfolio page, first", "/projects/"),
        ("portfolio page, sorted", "/projects/?sort=-slippage"),
        ("portfolio page, filtered and sorted", "/projects/?status=execution&sort=-slippage"),
        ("a project's page", "/projects/B-00001/"),
        ("meeting page", f"/meetings/{meeting.pk}/"),
        ("rollouts", "/rollouts/"),
        ("search, selective", "/search/?q=B-00001"),
        ("public page", "/public/"),
        ("projects API, 50 per page", "/api/v1/projects/"),
        ("projects API, 500 per page", "/api/v1/projects/?page_size=500"),
    ]
    results: dict[str, dict[int, tuple]] = {}
    log = open(ROOT / "var/bench-gunicorn.log", "w")  # noqa: SIM115 — closed with the server
    server = None
    try:
        print("database: PostgreSQL; server: gunicorn, 4 workers, debug off; times over HTTP (loopback)")
        print("each page twice: as served again (the cache current) and on a cold cache (emptied before each request)")
        print(f"{'projects':>9} | {'what':<52} | {'median ms':>9} | {'p95 ms':>7} | {'KiB':>6}")
        print("-" * 96)
        for size in SIZES:
            began = time.perf_counter()
            grow(size, entities, rng, today)
            built = time.perf_counter() - began
            snapshot_seconds = prepare_meeting(earlier, meeting)
            print(
                f"{size:>9} | (data {built:.0f} s; the two meeting days' snapshots {snapshot_seconds:.1f} s, "
                f"once per day; load average {os.getloadavg()[0]:.2f})"
            )
            if server is None:
                server = start_server(log)
            cookie = {"Cookie": session_cookie(committee)}
            token = {"Authorization": f"Token {key}"}
            for label, path in pages:
                for cold in (False, True):
                    median, p95, size_bytes = timed(path, token if path.startswith("/api/") else cookie, cold=cold)
                    name = f"{label}{', cold cache' if cold else ''}"
                    results.setdefault(name, {})[size] = (median, p95, size_bytes)
                    print(f"{size:>9} | {name:<52} | {median:>9.1f} | {p95:>7.1f} | {size_bytes / 1024:>6.0f}")
            if size == SIZES[-1] and os.environ.get("BENCH_LOAD", "1") == "1":
                side_by_side(key, cookie["Cookie"])
                mixed_load(people)
        print()
        print(f"load average after the runs: {os.getloadavg()[0]:.2f}")
        print(f"{f'cost at {SIZES[-1]:,} against {SIZES[0]:,} projects (median)':<60} | ratio | target met")
        for label, by_size in results.items():
            ratio = by_size[SIZES[-1]][0] / by_size[SIZES[0]][0]
            met = ratio <= 1.3 and by_size[SIZES[-1]][1] <= 200 if label.endswith("cold cache") else ratio <= 1.3
            if label.startswith("public page"):
                met = met and by_size[SIZES[-1]][2] <= 200 * 1024
            print(f"{label:<60} | {ratio:>5.2f} | {'yes' if met else 'NO'}")
        print(f"({Project.objects.count()} projects)")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        log.close()


def side_by_side(key: str, cookie: str) -> None:
    """The minimal DRF endpoint and the projects API with a token and with a session,
    interleaved (minimal, token, session, twice) so that the machine's drift falls on
    each alike; the issue's targets: token ≥ 0.7×, session ≥ 0.5× the minimal."""
    runs: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    for _round in range(2):
        for user_class in ("MinimalUser", "ProjectsApiUser", "ProjectsApiSessionUser"):
            rows = locust(user_class, 16, 15, {"BENCH_TOKEN": key, "BENCH_COOKIE": cookie})
            total = next(row for row in rows if row["Name"] == "Aggregated")
            runs.setdefault(user_class, []).append(float(total["Requests/s"]))
            errors[user_class] = errors.get(user_class, 0) + int(total["Failure Count"])
            print(f"  {user_class:<24} {runs[user_class][-1]:>7.0f} requests/s (load average {os.getloadavg()[0]:.2f})")
    rate = {name: statistics.mean(found) for name, found in runs.items()}
    print()
    print("  locust, 16 users without pauses, 15 s each, interleaved twice, same server:")
    print(f"  minimal DRF endpoint         {rate['MinimalUser']:>7.0f} requests/s (errors {errors['MinimalUser']})")
    for name, label, target in (
        ("ProjectsApiUser", "/api/v1/projects/, token", 0.7),
        ("ProjectsApiSessionUser", "/api/v1/projects/, session", 0.5),
    ):
        ratio = rate[name] / rate["MinimalUser"]
        print(
            f"  {label:<28} {rate[name]:>7.0f} requests/s (errors {errors[name]}), "
            f"{ratio:.2f}× the minimal (target ≥ {target}: {'yes' if ratio >= target else 'NO'})"
        )


def mixed_load(people) -> None:
    from marsad.portfolio.models import Project

    roster = []
    for username, entity, may_write in people:
        projects = Project.objects.filter(owner=entity) if entity else Project.objects.all()
        roster.append([username, list(projects.order_by("code").values_list("code", flat=True)[:50]), may_write])
    from marsad.committee.models import Meeting

    meeting = Meeting.objects.get(number=2)
    rows = locust(
        "PeopleUser",
        50,
        120,
        {"BENCH_PEOPLE": json.dumps(roster), "BENCH_PASSWORD": PASSWORD, "BENCH_MEETING": str(meeting.pk)},
    )
    print()
    print(
        "  locust, 50 people signing in together then working for 120 s (0.5–2 s between steps; "
        f"load average after {os.getloadavg()[0]:.2f}):"
    )
    print(f"  {'request':<36} | {'count':>6} | {'errors':>6} | {'median':>6} | {'p95 ms':>6}")
    for row in rows:
        print(
            f"  {row['Name']:<36} | {row['Request Count']:>6} | {row['Failure Count']:>6} | "
            f"{row['50%']:>6} | {row['95%']:>6}"
        )
    print()
