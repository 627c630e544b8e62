"""Indicator benchmarks (part of `make bench`; run from bench/run.py).

A million measurements of one daily indicator (10,000 days × 5 channels × 20 services,
fixed seed) are written four ways, each into the empty table with its indexes:
- raw: the driver's executemany (SQLite) or COPY (PostgreSQL) of ready-made rows;
- the app's import path: a 1,000,000-row CSV file through MeasurementImporter.apply
  (the file read as a stream, every row checked, upserted in chunks, one transaction);
- the bulk API: 100 POSTs of 10,000 values each, as a data feed with its token;
then a monthly series over the million points, through the app and as raw SQL.
The import's peak memory is measured in a child process (its maximum resident set).

Targets (issue 6): ingestion at least 1/10 of the raw rate; series at most 3× raw SQL;
import peak memory under 300 MB.
"""

import csv
import datetime
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DAYS = 10_000
CHANNELS = [f"ch{n}" for n in range(5)]
SERVICES = [f"sv{n:02d}" for n in range(20)]
TOTAL = DAYS * len(CHANNELS) * len(SERVICES)
FIRST_DAY = datetime.date(1999, 1, 1)
BATCH = 10_000
CODE = "BENCH-DAILY"


def rows(seed: int = 20261128):
    """(period, channel, service, value) for every cell, in day order."""
    rng = random.Random(seed)  # noqa: S311 -- benchmark data
    for offset in range(DAYS):
        day = FIRST_DAY + datetime.timedelta(days=offset)
        for channel in CHANNELS:
            for service in SERVICES:
                yield day, channel, service, rng.randint(0, 500)


def make_indicator():
    from marsad.indicators.models import Dimension, DimensionValue, Indicator
    from marsad.portfolio.models import Entity

    indicator = Indicator.objects.create(
        code=CODE, name_ar="مؤشر القياس", owner=Entity.objects.get(code="E00"), frequency="day", aggregation="sum"
    )
    for position, (code, values) in enumerate([("channel", CHANNELS), ("service", SERVICES)], 1):
        dimension = Dimension.objects.create(indicator=indicator, position=position, code=code, name_ar=code)
        DimensionValue.objects.bulk_create(
            DimensionValue(dimension=dimension, code=value, name_ar=value) for value in values
        )
    return indicator


def empty_table():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM indicators_measurementchange")
        cursor.execute("DELETE FROM indicators_measurement")


def raw_insert(indicator_id: int) -> float:
    """Seconds to write every row with the driver alone."""
    from django.db import connection, transaction
    from django.utils import timezone

    now = timezone.now()
    columns = (
        "indicator_id, period, breakdown_1, breakdown_2, breakdown_3, value, source, status, created_at, updated_at"
    )
    if connection.vendor == "sqlite":
        stamp = now.isoformat(" ")
        ready = [
            (indicator_id, day.isoformat(), ch, sv, "", value, "api", "provisional", stamp, stamp)
            for day, ch, sv, value in rows()
        ]
        raw = connection.connection
        began = time.perf_counter()
        with transaction.atomic():
            raw.executemany(f"INSERT INTO indicators_measurement ({columns}) VALUES (?,?,?,?,?,?,?,?,?,?)", ready)  # noqa: S608
        return time.perf_counter() - began
    ready = [(indicator_id, day, ch, sv, "", value, "api", "provisional", now, now) for day, ch, sv, value in rows()]
    began = time.perf_counter()
    copy_sql = f"COPY indicators_measurement ({columns}) FROM STDIN"
    with transaction.atomic(), connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for row in ready:
            copy.write_row(row)
    return time.perf_counter() - began


def write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Indicator code", "Period (YYYY-MM-DD)", "Value", "Breakdown 1", "Breakdown 2"])
        for day, channel, service, value in rows():
            writer.writerow([CODE, day.isoformat(), value, channel, service])


def import_in_child(path: Path, username: str) -> tuple[float, float, float]:
    """Run the import in a fresh process: (seconds, peak MB, MB before the import)."""
    from django.db import connection

    env = {**os.environ, "BENCH_DB_NAME": str(connection.settings_dict["NAME"])}
    output = subprocess.run(  # noqa: S603 -- our own script, fixed arguments
        [sys.executable, __file__, "--import", str(path), username],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return result["seconds"], result["peak_mb"], result["start_mb"]


def bulk_api(indicator) -> float:
    from django.test import Client

    from marsad.accounts.models import Role, User
    from marsad.accounts.tokens import api_token_issue

    feed = User.objects.create_user("bench-feed", role=Role.DATA_FEED)
    token, key = api_token_issue(user=feed, name="bench", created_by=None)
    token.indicators.add(indicator)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    batch, spent = [], 0.0

    def send():
        nonlocal spent
        body = json.dumps({"values": batch})
        began = time.perf_counter()
        response = client.post("/api/v1/measurements/bulk/", body, content_type="application/json")
        spent += time.perf_counter() - began
        assert response.status_code == 200, response.content[:500]
        batch.clear()

    for day, channel, service, value in rows():
        batch.append(
            {
                "indicator": CODE,
                "period": day.isoformat(),
                "breakdown": {"channel": channel, "service": service},
                "value": value,
            }
        )
        if len(batch) == BATCH:
            send()
    if batch:
        send()
    return spent


def median_time(action, runs=5) -> float:
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        timings.append(time.perf_counter() - began)
    return statistics.median(timings)


def bench_indicators(pmo_username: str) -> None:
    from django.db import connection

    from marsad.accounts.models import User
    from marsad.conftest import VerifiedClient
    from marsad.indicators import series
    from marsad.indicators.models import Measurement

    indicator = make_indicator()
    print()
    print(f"indicators: {TOTAL:,} measurements of one daily indicator ({connection.vendor})")
    print(f"{'what':<58} | {'seconds':>8} | {'rows/s':>10} | {'vs raw':>7}")
    print("-" * 92)

    empty_table()
    raw = raw_insert(indicator.pk)
    assert Measurement.objects.count() == TOTAL
    label = "raw executemany" if connection.vendor == "sqlite" else "raw COPY"
    print(f"{label:<58} | {raw:>8.1f} | {TOTAL / raw:>10,.0f} | {'1.00':>7}")

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "values.csv"
        write_csv(path)
        empty_table()
        seconds, peak, start = import_in_child(path, pmo_username)
        assert Measurement.objects.count() == TOTAL
        size = path.stat().st_size / 1048576
        print(
            f"{f'import of a {size:.0f} MB CSV (MeasurementImporter.apply)':<58} | {seconds:>8.1f} | "
            f"{TOTAL / seconds:>10,.0f} | {raw / seconds:>7.2f}"
        )
        print(f"{'  import peak memory (child process max RSS)':<58} | {peak:>6.0f} MB (at start {start:.0f} MB)")

    empty_table()
    spent = bulk_api(indicator)
    assert Measurement.objects.count() == TOTAL
    print(
        f"{'bulk API, 100 POSTs of 10,000 values (data-feed token)':<58} | {spent:>8.1f} | {TOTAL / spent:>10,.0f} | {raw / spent:>7.2f}"
    )

    # The series: a month per point over the million values.
    last = FIRST_DAY + datetime.timedelta(days=DAYS - 1)
    if connection.vendor == "sqlite":
        sql = (
            "SELECT date(period, 'start of month'), SUM(value) FROM indicators_measurement "
            "WHERE indicator_id = %s GROUP BY 1 ORDER BY 1"
        )
    else:
        sql = (
            "SELECT CAST(date_trunc('month', period) AS date), SUM(value) FROM indicators_measurement "
            "WHERE indicator_id = %s GROUP BY 1 ORDER BY 1"
        )

    def raw_series():
        with connection.cursor() as cursor:
            cursor.execute(sql, [indicator.pk])
            return cursor.fetchall()

    expected = raw_series()
    months = series.actuals(indicator, "month")
    assert len(months) == len(expected) and sum(months.values()) == sum(row[1] for row in expected)
    raw_ms = median_time(raw_series)
    app_ms = median_time(lambda: series.actuals(indicator, "month"))
    client = VerifiedClient()
    client.force_login(User.objects.get(username=pmo_username))
    url = f"/api/v1/indicators/{CODE}/series/?interval=month&first={FIRST_DAY}&last={last}"
    assert client.get(url).status_code == 200
    api_ms = median_time(lambda: client.get(url))
    print()
    print(f"{'monthly series over 1,000,000 points (median of 5)':<58} | {'seconds':>8} | {'vs raw SQL':>10}")
    print("-" * 82)
    print(f"{'raw SQL GROUP BY month':<58} | {raw_ms:>8.3f} | {'1.00':>10}")
    print(f"{'series.actuals (the ORM query)':<58} | {app_ms:>8.3f} | {app_ms / raw_ms:>10.2f}")
    print(f"{'series API (points, targets, cumulative total)':<58} | {api_ms:>8.3f} | {api_ms / raw_ms:>10.2f}")


def _peak_mb() -> float:
    """This process's peak resident memory since it started (VmHWM). Not ru_maxrss:
    that one carries over the parent's size from the fork before exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_import(path: str, username: str) -> None:
    """`bench/indicators.py --import FILE USER`: the import alone, for its peak memory."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marsad.settings_test")
    import django

    django.setup()
    from django.db import connection

    connection.settings_dict["NAME"] = os.environ["BENCH_DB_NAME"]
    from marsad.accounts.models import User
    from marsad.indicators.imports import MeasurementImporter

    user = User.objects.get(username=username)
    start = _peak_mb()
    began = time.perf_counter()
    with open(path, "rb") as stream:
        count = MeasurementImporter(user).apply(stream)
    seconds = time.perf_counter() - began
    peak = _peak_mb()
    assert count == TOTAL, count
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "start_mb": start}))


if __name__ == "__main__" and sys.argv[1:2] == ["--import"]:
    child_import(sys.argv[2], sys.argv[3])
