"""The public transparency page under a surge of anonymous readers (issue 19).

`python bench/run.py public` (part of `make bench`): production settings (debug off),
gunicorn with 4 workers, a throw-away SQLite database `var/bench-public.sqlite3` holding
the demo (its public projects, indicators with their values, published decisions).
locust then runs 200 anonymous readers each asking for `/public/` once a second — 200
requests/s — for 30 s, on loopback, and reports requests, errors, requests per second,
median and p95. Every reader comes from 127.0.0.1, so the per-address limit is raised
for the run (the limit itself is tested in marsad/public/tests).
"""

import csv
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8766
DATABASE = ROOT / "var" / "bench-public.sqlite3"
READERS = 200
SECONDS = 30


def _environment() -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "DJANGO_SETTINGS_MODULE": "marsad.settings",
        "MARSAD_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "MARSAD_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MARSAD_SECURE_COOKIES": "0",
        "MARSAD_SSL_REDIRECT": "0",
        "MARSAD_PUBLIC_REQUESTS_PER_MINUTE": "1000000",
        "MARSAD_DEBUG": "0",
    }


def _manage(*args, env) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def bench_public() -> None:
    env = _environment()
    DATABASE.parent.mkdir(exist_ok=True)
    for stale in DATABASE.parent.glob(DATABASE.name + "*"):
        stale.unlink()
    began = time.perf_counter()
    _manage("migrate", "--no-input", "-v0", env=env)
    _manage("demo", "--quiet-logins", env=env)
    _manage("collectstatic", "--no-input", "-v0", env=env)
    print(f"database: SQLite with the demo (built in {time.perf_counter() - began:.0f} s); gunicorn, 4 workers")
    log = open(ROOT / "var/bench-public-gunicorn.log", "w")  # noqa: SIM115 — closed with the server
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [str(ROOT / ".venv/bin/gunicorn"), "marsad.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{PORT}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        _wait(server)
        with tempfile.TemporaryDirectory() as folder:
            prefix = f"{folder}/run"
            subprocess.run(  # noqa: S603 — our own locust, fixed arguments
                [
                    str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/locustfile.py"), "--headless",
                    "--only-summary", "-u", str(READERS), "-r", str(READERS), "-t", f"{SECONDS}s",
                    "--host", f"http://127.0.0.1:{PORT}", "--csv", prefix, "--loglevel", "ERROR", "PublicReader",
                ],
                cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
                row = next(r for r in csv.DictReader(stats) if r["Name"] == "/public/")
        print(
            f"  /public/, {READERS} anonymous readers × 1 request/s for {SECONDS} s: "
            f"{int(row['Request Count']):,} requests, {int(row['Failure Count'])} errors, "
            f"{float(row['Requests/s']):.0f} requests/s, median {float(row['50%']):.0f} ms, "
            f"p95 {float(row['95%']):.0f} ms, p99 {float(row['99%']):.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _wait(server) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped: see var/bench-public-gunicorn.log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/public/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")
