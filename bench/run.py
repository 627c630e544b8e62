"""Marsad benchmarks: `make bench`. Generates its own data (fixed seed) in a throw-away
test database (SQLite, or PostgreSQL when DATABASE_URL is set) and prints a table.

Portfolio: the portfolio page and the projects API list at growing portfolio sizes —
median time per request and the number of queries, which must not grow.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
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
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
