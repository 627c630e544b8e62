"""The rollouts matrix at scale (issue 17).

`python bench/run.py rollouts` (SQLite, or PostgreSQL when DATABASE_URL is set) builds,
with a fixed seed, rollouts of four stages over institutions, every institution taking
part in every rollout, half of them having moved (each move kept): first 5 rollouts ×
50 institutions, then 50 rollouts × 500 institutions (25,000 rows, ~37,000 moves). At
each size it asks, as the committee and as a leading entity's focal point:

- the matrix `/rollouts/` (every rollout's standing, counts per stage and laggards, the
  first page of 100 institutions × every rollout), and a later page;
- one rollout's page `/rollouts/<code>/` (its institutions × stages, the trajectory, the
  laggards);

printing the queries per request (they must not grow with the data) and the server
time, median and p95 of 20 requests.
"""

import datetime
import random
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

RUNS = 20
SIZES = ((5, 50), (50, 500))


def build(rollouts: int, institutions: int, rng: random.Random, today: datetime.date) -> None:
    from marsad.portfolio.models import Entity
    from marsad.rollouts.models import Participant, Rollout, Stage, StageMove

    have = Entity.objects.filter(code__startswith="INST-").count()
    Entity.objects.bulk_create(
        Entity(code=f"INST-{n:04d}", name_ar=f"مؤسسة {n}", kind=rng.choice(["bank", "ministry", "governorate"]))
        for n in range(have, institutions)
    )
    lead = Entity.objects.get(code="E00")
    entities = list(Entity.objects.filter(code__startswith="INST-").order_by("code")[:institutions])
    start = Rollout.objects.count()
    for r in range(start, rollouts):
        rollout = Rollout.objects.create(
            code=f"RO-{r:03d}",
            name_ar=f"تعميم {r}",
            capability="other",
            lead_entity=lead,
            start_date=today - datetime.timedelta(days=rng.randint(100, 300)),
            target_date=today + datetime.timedelta(days=rng.randint(-30, 300)),
        )
        stages = Stage.objects.bulk_create(
            Stage(rollout=rollout, order=o, name_ar=f"المرحلة {o}", is_live=o == 4) for o in range(1, 5)
        )
        rows = []
        for entity in entities:
            order = rng.choice([1, 1, 2, 3, 4])
            rows.append(
                Participant(
                    rollout=rollout,
                    entity=entity,
                    stage=stages[order - 1],
                    stage_reached_on=None if order == 1 else today - datetime.timedelta(days=rng.randint(1, 90)),
                    forecast_live=today + datetime.timedelta(days=rng.randint(-10, 400)) if order < 4 else None,
                )
            )
        rows = Participant.objects.bulk_create(rows, batch_size=2000)
        StageMove.objects.bulk_create(
            (
                StageMove(
                    participant=row,
                    from_stage=stages[o - 2],
                    stage=stages[o - 1],
                    reached_on=row.stage_reached_on - datetime.timedelta(days=10 * (row.stage.order - o)),
                )
                for row in rows
                for o in range(2, row.stage.order + 1)
            ),
            batch_size=5000,
        )


def measure(client, url: str) -> tuple[float, float, int]:
    timings, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[-1], queries


def bench_rollouts() -> None:
    from marsad.accounts.models import Role, User
    from marsad.portfolio.models import Entity

    rng = random.Random(20261202)
    today = timezone.localdate()
    readers = {
        "committee": User.objects.get(username="bench"),
        "focal (leader)": User.objects.create_user("bench-lead", password="bench-password-1", role=Role.FOCAL_POINT),
    }
    readers["focal (leader)"].entities.set([Entity.objects.get(code="E00")])
    print(f"{'rollouts × institutions':>24} {'page':<22} {'reader':<16} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for rollouts, institutions in SIZES:
        began = time.perf_counter()
        build(rollouts, institutions, rng, today)
        print(f"  (built {rollouts} × {institutions} in {time.perf_counter() - began:.1f} s)")
        for who, user in readers.items():
            client = Client()
            client.force_login(user)
            for label, url in (
                ("matrix", "/rollouts/"),
                ("matrix, a later page", "/rollouts/?page=3" if institutions > 200 else "/rollouts/?kind=bank"),
                ("one rollout", "/rollouts/RO-000/"),
            ):
                median, high, queries = measure(client, url)
                print(
                    f"{f'{rollouts} × {institutions}':>24} {label:<22} {who:<16} {median:>10.1f} {high:>8.1f} {queries:>8}"
                )
