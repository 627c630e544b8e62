"""The committee's dashboard at scale, and the streamed exports (issue 16).

`python bench/run.py dashboard` (SQLite, or PostgreSQL when DATABASE_URL is set) builds,
with a fixed seed: 30 entities, 8 programmes, projects with 4 phases each and their
change history, obstacles, 50 held meetings with decisions and tasks, and 1,000,000
measurements of a headline indicator. Then:

- the dashboard (`/`) and the league table (`/entities/`) at 200 and at 5,000 projects:
  queries per request (must not grow) and server time per request, median and p95 of
  50, computed afresh (the cache emptied before each request) and served again;
- the largest contentful paint of `/` in Debian's Chromium against a live server;
- a 100,000-row portfolio export to Excel against openpyxl's write-only mode writing the
  same rows (target: at most 1.5×), and the peak memory of each (tracemalloc) at 10,000
  and 100,000 rows. Past MARSAD_EXPORT_INLINE_ROWS (10,000) the export is a background
  job, measured whole: its start, the workbook it writes, the download.
"""

import datetime
import io
import os
import random
import statistics
import threading
import time
import tracemalloc

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

RUNS = 50
PROGRAMMES = 8
MEETINGS = 50
EXPORT_ROWS = 100_000
CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")


def grow(total: int, rng: random.Random, today: datetime.date, phases_each: int = 4) -> None:
    """Projects up to `total`, each with `phases_each` phases and a history record from
    before the meetings, and an obstacle for one in ten."""
    from simple_history.utils import bulk_create_with_history

    from marsad.obstacles.models import Obstacle
    from marsad.portfolio import figures
    from marsad.portfolio.models import Entity, Phase, Programme, Project

    entities = list(Entity.objects.order_by("code"))
    programmes = list(Programme.objects.order_by("code"))
    start = Project.objects.count()
    last_pk = Project.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    long_ago = datetime.datetime.combine(today - datetime.timedelta(days=800), datetime.time(9), tzinfo=datetime.UTC)
    projects = [
        Project(
            code=f"D-{n:05d}",
            name_ar=f"مشروع {n}",
            name_en=f"Project {n}",
            owner=rng.choice(entities),
            programme=rng.choice(programmes),
            status=rng.choice(["execution", "execution", "piloting", "approved", "preparation", "in_service"]),
            original_baseline_go_live=today + datetime.timedelta(days=rng.randint(-200, 500)),
            baseline_start=today - datetime.timedelta(days=rng.randint(100, 600)),
            funding_allocated=rng.choice([None, rng.randint(1, 50) * 10_000_000]),
            funding_spent=rng.choice([None, rng.randint(0, 10) * 5_000_000]),
        )
        for n in range(start, total)
    ]
    for project in projects:
        project.baseline_go_live = project.original_baseline_go_live
        project.forecast_go_live = project.original_baseline_go_live + datetime.timedelta(days=rng.randint(-20, 200))
        if project.status == "in_service":
            project.actual_go_live = today - datetime.timedelta(days=rng.randint(1, 300))
    bulk_create_with_history(projects, Project, batch_size=2000, default_date=long_ago)
    projects = list(Project.objects.filter(pk__gt=last_pk))
    phases = [
        Phase(
            project=p, order=o, name_ar=f"المرحلة {o}", weight=rng.randint(1, 5), percent_complete=rng.randint(0, 100)
        )
        for p in projects
        for o in range(1, phases_each + 1)
    ]
    bulk_create_with_history(phases, Phase, batch_size=2000, default_date=long_ago)
    Obstacle.objects.bulk_create(
        Obstacle(
            project=p,
            title=f"عقبة {p.code}",
            category="funding",
            level=rng.choice([1, 2, 3]),
            raised_on=today - datetime.timedelta(days=rng.randint(1, 200)),
        )
        for p in projects
        if rng.random() < 0.1
    )
    figures.refresh([p.pk for p in projects])


def base(today: datetime.date, rng: random.Random) -> None:
    """Programmes, 50 held meetings with decisions and tasks, and a headline indicator
    with a million measurements (bench/indicators.py's)."""
    from bench.indicators import make_indicator, raw_insert
    from marsad.committee.models import Committee, Decision, Meeting, Task
    from marsad.portfolio.models import Entity, Programme, Strategy

    strategy = Strategy.objects.create(code="NDTS", name_ar="الإستراتيجية", owner=Entity.objects.get(code="E00"))
    for n in range(PROGRAMMES):
        Programme.objects.create(code=f"PR-{n}", name_ar=f"برنامج {n}", strategy=strategy, order=n)
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    entities = list(Entity.objects.all())
    for number in range(1, MEETINGS + 1):
        meeting = Meeting.objects.create(
            committee=higher, number=number, date=today - datetime.timedelta(days=14 * (MEETINGS - number + 1)),
            status="held",
        )  # fmt: skip
        for d in range(1, 6):
            decision = Decision.objects.create(meeting=meeting, number=d, text=f"قرار {number}/{d}", kind="other")
            for _t in range(2):
                Task.objects.create(
                    decision=decision,
                    title=f"تكليف {number}/{d}",
                    assigned_entity=rng.choice(entities),
                    due_date=meeting.date + datetime.timedelta(days=rng.randint(10, 120)),
                    status=rng.choice(["open", "in_progress", "done"]),
                )
    indicator = make_indicator()
    seconds = raw_insert(indicator.pk)
    indicator.is_headline = True
    indicator.save()
    print(f"1,000,000 measurements written in {seconds:.1f} s")


def timed(client, url: str, fresh: bool) -> tuple[list[float], int]:
    timings, queries = [], 0
    for _ in range(RUNS):
        if fresh:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
    return timings, queries


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def largest_contentful_paint(user, runs: int = 5) -> list[float]:
    """LCP of `/` in Chromium, ms, over a live server of this database."""
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from marsad.conftest import VerifiedClient

    client = VerifiedClient()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    server = LiveServerThread("127.0.0.1", StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    found = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                url = f"http://127.0.0.1:{server.port}"
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": url}])
                page = context.new_page()
                page.goto(url + "/", wait_until="load")
                found.append(
                    page.evaluate(
                        """() => new Promise((resolve) => {
                            new PerformanceObserver((list) => {
                                const entries = list.getEntries();
                                resolve(entries[entries.length - 1].startTime);
                            }).observe({ type: "largest-contentful-paint", buffered: true });
                        })"""
                    )
                )
                context.close()
            browser.close()
    finally:
        server.terminate()
        threading.Thread(target=server.join, daemon=True).start()
    return found


def bench_export(user, today: datetime.date, rng: random.Random) -> None:
    """The portfolio export against openpyxl's write-only mode writing the same rows."""
    from django.utils import translation
    from openpyxl import Workbook

    from marsad.accounts import scope
    from marsad.conftest import VerifiedClient
    from marsad.lib.exports import safe_cell
    from marsad.portfolio.exports import project_rows
    from marsad.portfolio.models import Project

    client = VerifiedClient()
    client.force_login(user)
    print()
    print(f"{'rows':>8} | {'what':<48} | {'s':>6} | {'peak MiB':>8}")
    print("-" * 80)
    for size in (10_000, EXPORT_ROWS):
        grow(size, rng, today, phases_each=1)
        with translation.override("ar"):
            # The same cells Marsad writes (labels as text, moments in local time).
            readable = scope.readable(user, Project.objects.for_list()).order_by("code")
            rows = [[safe_cell(value) for value in row] for row in project_rows(readable)]
        assert len(rows) == size + 1

        def ours():
            # Past MARSAD_EXPORT_INLINE_ROWS the export is a job (run at once by the
            # bench's task backend): its page, then its file.
            response = client.get("/projects/export.xlsx")
            if response.status_code == 302:
                job_id = response["Location"].rstrip("/").split("/")[-1]
                response = client.get(f"/jobs/{job_id}/download/")
            data = b"".join(response.streaming_content)
            assert len(data) > 1000

        def plain(rows=rows):
            book = Workbook(write_only=True)
            sheet = book.create_sheet("projects")
            for row in rows:
                sheet.append(row)
            book.save(io.BytesIO())

        results = {}
        for label, action in (
            ("Marsad's export (query, rows, workbook)", ours),
            ("openpyxl write-only, rows ready", plain),
        ):
            began = time.perf_counter()
            action()
            seconds = time.perf_counter() - began
            tracemalloc.start()
            action()
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            results[label] = seconds
            print(f"{size:>8} | {label:<48} | {seconds:>6.2f} | {peak:>8.1f}")
        ours_s, plain_s = results.values()
        print(f"{size:>8} | {'ratio (target ≤ 1.5)':<48} | {ours_s / plain_s:>6.2f} |")


def bench_dashboard() -> None:
    from django.utils import timezone

    from marsad.accounts.models import Role, User
    from marsad.conftest import VerifiedClient
    from marsad.indicators.models import Measurement
    from marsad.portfolio.models import Entity, Phase, Project

    rng = random.Random(16)  # noqa: S311 -- benchmark data
    today = timezone.localdate()
    base(today, rng)
    committee = User.objects.create_user("bench-committee", password="bench-password-1", role=Role.COMMITTEE)
    focal = User.objects.create_user("bench-focal-d", password="bench-password-1", role=Role.FOCAL_POINT)
    focal.entities.add(Entity.objects.get(code="E00"))
    print(f"database: {connection.vendor}; {MEETINGS} meetings, {Measurement.objects.count():,} measurements")
    print(
        f"{'projects':>8} | {'who':<9} | {'page':<14} | {'cache':<6} | {'median ms':>9} | {'p95 ms':>7} | {'queries':>7}"
    )
    print("-" * 82)
    for size in (200, 5000):
        grow(size, rng, today)
        assert Phase.objects.count() == 4 * Project.objects.count()
        for who, user in (("committee", committee), ("focal", focal)):
            client = VerifiedClient()
            client.force_login(user)
            for page, url in (("dashboard", "/"), ("league table", "/entities/")):
                client.get(url)  # the day's counts and the meeting day's snapshot, made once
                for label, fresh in (("empty", True), ("warm", False)):
                    timings, queries = timed(client, url, fresh)
                    print(
                        f"{size:>8} | {who:<9} | {page:<14} | {label:<6} | {statistics.median(timings):>9.1f} "
                        f"| {p95(timings):>7.1f} | {queries:>7}"
                    )
    paints = largest_contentful_paint(committee)
    print(f"largest contentful paint of / at 5,000 projects: median {statistics.median(paints):.0f} ms "
          f"(runs: {', '.join(f'{p:.0f}' for p in paints)}; target ≤ 2500 ms)")  # fmt: skip
    bench_export(committee, today, rng)
