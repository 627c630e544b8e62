"""Marsad benchmarks: `make bench`. Generates its own data (fixed seed) in a throw-away
test database (SQLite, or PostgreSQL when DATABASE_URL is set) and prints a table.

Portfolio: the portfolio page and the projects API list at growing portfolio sizes —
median time per request and the number of queries, which must not grow.
Reports: My work, the review queue and a project page with six months of reports for
every project; and importing a 5,000-row progress-report workbook (rolled back).
Indicators (bench/indicators.py): a million measurements through the import, the bulk
API and the raw driver; a monthly series over them; the import's peak memory.

Committee (bench/committee.py): the meeting page's changes since the previous meeting,
the portfolio as of a date and the agenda builder over 2,000 projects with their
change history.

Writes (bench/writes.py): a change through the API and the page on the one write path,
and the JSON parser's depth check on the largest bulk body.

Scale (bench/scale.py): PostgreSQL and gunicorn at 2,000, 5,000 and 20,000 projects,
measured over HTTP; Marsad's projects API against a minimal DRF endpoint under locust;
a 50-person mixed load with sign-in. `make bench` runs it after the rest.

Operations (bench/ops.py): behind Debian's nginx, 100 slow clients and a graceful
reload under load; a 200,000-row import through the pages as background jobs.

Drills (bench/drills.py): README's procedure on a clean clone, then faults behind its
nginx and 4 gunicorn workers on PostgreSQL: a lockout from one address, the rate limit
across workers, Redis stopped during an upload, SMTP down for two simulated hours, a
full media volume and a backup onto a full disk. Weight (bench/weight.py): the bytes a
first and a repeat visit of the dashboard, the portfolio and /public/ carry through it.

Dashboard (bench/dashboard.py): the dashboard and league table at 200 and 5,000
projects with 50 meetings and a million measurements, the largest contentful paint of
`/` in Chromium, and a 100,000-row portfolio export against openpyxl's write-only mode.
`make bench` runs it on SQLite and on PostgreSQL.

Rollouts (bench/rollouts.py): the matrix and a rollout's page at 5 × 50 and 50 × 500
institutions × rollouts: queries per request (must not grow) and server time.

Documents (bench/documents.py): a 50-project meeting pack made by its job, against
WeasyPrint laying out the same HTML alone; time per page and the worker's peak memory.

Search (bench/search.py): ten queries as people type them over 50,000 records of mixed
kinds, against the same words as a plain LIKE scan. `make bench` runs it on SQLite and
on PostgreSQL. Public (bench/public.py): /public/ under 200 anonymous requests/s for 30 s.

Notifications (bench/notifications.py): the daily reminder job over 5,000 projects,
300 entities and 2,000 people (time, queries at 500 and 2,000 people), the mails it
writes sent through a local SMTP server (mails/s), and the weekly digest for everyone.

Digits (bench/digits.py): the pass that writes a page in its reader's digit system,
timed over the demo's main pages in Arabic-Indic and in Latin.

`bench/run.py digits`, `bench/run.py notifications`, `bench/run.py search`, `bench/run.py public`, `bench/run.py documents`, `bench/run.py rollouts`, `bench/run.py indicators`, `bench/run.py committee`, `bench/run.py writes`, `bench/run.py dashboard`,
`bench/run.py scale`, `bench/run.py ops`, `bench/run.py drills` and `bench/run.py weight` run those parts alone.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

# The benchmarks are imported as `bench.<name>`; the script's own folder comes off the
# path so that bench/public.py does not hide the `public` package (aiosmtpd needs it).
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if sys.argv[1:] == ["scale"]:  # production settings over HTTP, in its own database
    from bench.scale import bench_scale

    bench_scale()
    sys.exit()
if sys.argv[1:] == ["public"]:  # production settings over HTTP, its own SQLite database
    from bench.public import bench_public

    bench_public()
    sys.exit()
if sys.argv[1:] == ["drills"]:  # faults behind nginx: lockout, rate limit, Redis, SMTP, full disk
    from bench.drills import bench_drills

    bench_drills()
    sys.exit()
if sys.argv[1:] == ["weight"]:  # bytes over the wire through the shipped nginx config
    from bench.weight import bench_weight

    bench_weight()
    sys.exit()
if sys.argv[1:] == ["ops"]:  # nginx in front, drills, a large import as jobs
    from bench.ops import bench_ops

    bench_ops()
    sys.exit()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marsad.settings_test")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from marsad.accounts.models import Role, User  # noqa: E402
from marsad.portfolio.models import Entity, Phase, Project  # noqa: E402

SIZES = (200, 2000)
RUNS = 15


def grow(total: int, rng: random.Random) -> None:
    entities = list(Entity.objects.all())
    start = Project.objects.count()
    projects = Project.objects.bulk_create(
        Project(
            code=f"B-{n:05d}",
            name_ar=f"مشروع {n}",
            owner=rng.choice(entities),
            status=rng.choice(["execution", "piloting", "approved", "in_service"]),
            original_baseline_go_live=datetime.date(2027, 1, 1),
            forecast_go_live=datetime.date(2027, 1, 1) + datetime.timedelta(days=rng.randint(-30, 300)),
        )
        for n in range(start, total)
    )
    Phase.objects.bulk_create(
        Phase(
            project=p, order=o, name_ar=f"المرحلة {o}", weight=rng.randint(0, 5), percent_complete=rng.randint(0, 100)
        )
        for p in projects
        for o in range(1, 5)
    )


def measure(client: Client, url: str) -> tuple[float, int]:
    timings = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code
    return statistics.median(timings) * 1000, len(queries)


def main() -> None:
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        rng = random.Random(20261128)
        for n in range(30):
            Entity.objects.create(code=f"E{n:02d}", name_ar=f"جهة {n}")
        user = User.objects.create_user("bench", password="bench-password-1", role=Role.COMMITTEE)
        if sys.argv[1:] == ["committee"]:
            from bench.committee import bench_committee

            grow(SIZES[-1], rng)
            bench_committee(User.objects.create_user("bench-pmo", password="bench-password-1", role=Role.PMO))
            return
        if sys.argv[1:] == ["writes"]:
            from bench.writes import bench_writes

            bench_writes(User.objects.create_user("bench-pmo", password="bench-password-1", role=Role.PMO))
            return
        if sys.argv[1:] == ["rollouts"]:
            from bench.rollouts import bench_rollouts

            bench_rollouts()
            return
        if sys.argv[1:] == ["notifications"]:
            from bench.notifications import bench_notifications

            bench_notifications()
            return
        if sys.argv[1:] == ["search"]:
            from bench.search import bench_search

            bench_search()
            return
        if sys.argv[1:] == ["documents"]:
            from bench.documents import bench_documents

            bench_documents()
            return
        if sys.argv[1:] == ["dashboard"]:
            from bench.dashboard import bench_dashboard

            bench_dashboard()
            return
        if sys.argv[1:] == ["digits"]:
            from bench.digits import bench_digits

            bench_digits()
            return
        if sys.argv[1:] == ["indicators"]:
            from bench.indicators import bench_indicators

            User.objects.create_user("bench-pmo", password="bench-password-1", role=Role.PMO)
            bench_indicators("bench-pmo")
            return
        client = Client()
        client.force_login(user)
        print(f"database: {connection.vendor}; median of {RUNS} requests")
        print(f"{'projects':>9} | {'what':<44} | {'ms':>8} | {'queries':>7}")
        print("-" * 78)
        for size in SIZES:
            grow(size, rng)
            for label, url in [
                ("portfolio page (50 rows)", "/projects/"),
                ("portfolio page sorted by slippage, filtered", "/projects/?sort=-slippage&status=execution"),
                ("projects API, 500 per page", "/api/v1/projects/?page_size=500"),
            ]:
                ms, queries = measure(client, url)
                print(f"{size:>9} | {label:<44} | {ms:>8.1f} | {queries:>7}")
        bench_reports(rng)
        from bench.committee import bench_committee

        bench_committee(User.objects.get(username="bench-pmo"))
        from bench.indicators import bench_indicators

        bench_indicators("bench-pmo")
    finally:
        teardown_databases(old, verbosity=0)


def bench_reports(rng: random.Random) -> None:
    import io

    from django.db import transaction
    from django.utils import timezone
    from openpyxl import load_workbook

    from marsad.reports import periods
    from marsad.reports.imports import ProgressReportImporter
    from marsad.reports.models import ProgressReport

    today = timezone.localdate()
    starts = periods.recent_periods(today, 1, 6)
    projects = list(Project.objects.filter(status__in=["execution", "piloting", "approved"]))
    ProgressReport.objects.bulk_create(
        ProgressReport(
            project=project,
            period_start=start,
            status="submitted" if index == 5 and rng.random() < 0.3 else "accepted",
            accepted_percent=index * 10,
            submitted_at=datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC),
        )
        for project in projects
        for index, start in enumerate(starts)
    )
    owner = Entity.objects.get(code="E00")
    pmo = User.objects.create_user("bench-pmo", password="bench-password-1", role=Role.PMO)
    focal = User.objects.create_user("bench-focal", password="bench-password-1", role=Role.FOCAL_POINT)
    focal.entities.add(owner)
    print()
    print(f"{ProgressReport.objects.count():>9} reports | {'what':<36} | {'ms':>8} | {'queries':>7}")
    print("-" * 78)
    one = Project.objects.filter(owner=owner).first()
    from marsad.conftest import VerifiedClient

    for label, user, url in [
        (f"My work ({Project.objects.filter(owner=owner).count()} projects)", focal, "/my-work/"),
        ("review queue", pmo, "/reports/review/"),
        ("project page with its reports", pmo, f"/projects/{one.code}/"),
        ("entity page with its reporting rate", pmo, f"/entities/{owner.code}/"),
    ]:
        client = VerifiedClient()
        client.force_login(user)
        ms, queries = measure(client, url)
        print(f"{'':>17} | {label:<36} | {ms:>8.1f} | {queries:>7}")

    importer = ProgressReportImporter(pmo)
    book = load_workbook(io.BytesIO(importer.template()))
    sheet = book["reports"]
    codes = [p.code for p in projects[:500]]
    for code in codes:
        for month in range(10):
            sheet.append([code, f"2020-{month + 1:02d}", month * 10, None, "", "", "لا"])
    data = io.BytesIO()
    book.save(data)
    timings = []
    for _ in range(3):
        with transaction.atomic():
            began = time.perf_counter()
            count = importer.apply(data.getvalue())
            timings.append(time.perf_counter() - began)
            transaction.set_rollback(True)
    print(f"{'':>17} | {f'import of {count} rows (median of 3)':<36} | {statistics.median(timings) * 1000:>8.1f} |")


if __name__ == "__main__":
    main()
