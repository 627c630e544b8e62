"""Running Marsad for real: drills behind Debian's nginx, and a large import as a job.
`bench/run.py ops` (part of `make bench`).

On a throw-away PostgreSQL database (`marsad_ops`), with gunicorn (4 sync workers,
deploy/gunicorn.conf.py's timeouts) and nginx configured as deploy/nginx/marsad.conf
(without TLS), both on loopback:

1. Slow clients: 100 connections send their headers a byte a second while one person
   uses the projects API; the person's requests are timed, first straight to gunicorn,
   then through nginx.
2. Reload under load: 8 clients request without pause through nginx while gunicorn is
   sent HUP (a graceful reload, as `systemctl reload marsad-web`); every request must
   succeed.
3. A 200,000-row measurement CSV imported through the pages (upload, check, apply) as
   background jobs run by a database-queue worker: how long each job takes, and how
   fast the job's progress page answers meanwhile.
"""

import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "marsad_ops"
GUNICORN_PORT, NGINX_PORT = 8775, 8776
SLOW_CLIENTS = 100
IMPORT_ROWS = 200_000

os.environ.update(
    DATABASE_URL=f"{SERVER}/{DATABASE}",
    DJANGO_SETTINGS_MODULE="marsad.settings",
    MARSAD_SECRET_KEY="bench-only-secret-key-not-for-production-0123456789",
    MARSAD_ALLOWED_HOSTS="127.0.0.1,localhost",
    MARSAD_SECURE_COOKIES="0",
    MARSAD_SSL_REDIRECT="0",
    MARSAD_TASKS="database",
)
os.environ.pop("MARSAD_DEBUG", None)
sys.path.insert(0, str(ROOT))

NGINX_CONF = """
user root;
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream marsad {{ server 127.0.0.1:{gunicorn}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{nginx} backlog=1024;
        client_header_timeout 10s;
        client_body_timeout 30s;
        send_timeout 30s;
        proxy_request_buffering on;
        proxy_buffering on;
        client_max_body_size 210m;
        client_body_buffer_size 1m;
        location / {{
            proxy_pass http://marsad;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            proxy_read_timeout 35s;
        }}
    }}
}}
"""


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def setup():
    """The database, a person with an API token and a signed-in session, an indicator."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from marsad.accounts.models import Role, User
    from marsad.accounts.tokens import api_token_issue
    from marsad.indicators.models import Dimension, DimensionValue, Indicator
    from marsad.portfolio.models import Entity, Project

    ministry = Entity.objects.create(code="MOCT", name_ar="وزارة الاتصالات", name_en="Communications")
    Project.objects.bulk_create(
        Project(code=f"P-{n:04d}", name_ar=f"مشروع {n}", owner=ministry, status="execution") for n in range(500)
    )
    from marsad.portfolio import figures

    figures.refresh_all()
    pmo = User.objects.create_user("ops-pmo", password="ops-password-1", role=Role.PMO)
    _token, key = api_token_issue(user=pmo, name="ops", created_by=None)
    # The ministry's focal point imports its indicator's values (pages; no second factor owed).
    focal = User.objects.create_user("ops-focal", password="ops-password-1", role=Role.FOCAL_POINT)
    focal.entities.add(ministry)
    indicator = Indicator.objects.create(
        code="OPS-DAILY", name_ar="الخدمات اليومية", owner=ministry, frequency="day", aggregation="sum"
    )
    channel = Dimension.objects.create(indicator=indicator, position=1, code="channel", name_ar="القناة")
    for order in range(25):
        DimensionValue.objects.create(dimension=channel, code=f"c{order}", name_ar=f"قناة {order}", order=order)
    return focal, key


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


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


def start_gunicorn(tmp: Path, log) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "-c",
            str(ROOT / "deploy/gunicorn.conf.py"),
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{GUNICORN_PORT}",
            "--control-socket",
            str(tmp / "gunicorn.ctl"),
            "marsad.wsgi",
        ],
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    wait_for_port(GUNICORN_PORT)
    return server


def start_nginx(tmp: Path) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    (tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, gunicorn=GUNICORN_PORT, nginx=NGINX_PORT))
    process = subprocess.Popen([nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf")])  # noqa: S603
    wait_for_port(NGINX_PORT)
    return process


def request(port: int, path: str, headers: dict, timeout: float = 10) -> tuple[int | None, float]:
    began = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, time.perf_counter() - began
    except OSError:
        return None, time.perf_counter() - began


def slow_clients(port: int, count: int, stop: threading.Event) -> list[socket.socket]:
    """`count` connections that send a request's headers one byte a second."""
    sockets = []
    for _ in range(count):
        try:
            sockets.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError:
            break
    head = b"GET /api/v1/projects/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "

    def dribble():
        position = 0
        while not stop.is_set():
            for sock in list(sockets):
                try:
                    sock.send(head[position : position + 1] if position < len(head) else b"a")
                except OSError:
                    sockets.remove(sock)
            position += 1
            stop.wait(1)

    threading.Thread(target=dribble, daemon=True).start()
    return sockets


def drill_slow_clients(headers: dict) -> None:
    print("1. slow clients: 100 connections send headers a byte a second; one person uses the projects API")
    print(f"   {'path':<24} | {'requests':>8} | {'answered':>8} | {'median ms':>9} | {'p95 ms':>7}")
    for label, port in (("straight to gunicorn", GUNICORN_PORT), ("through nginx", NGINX_PORT)):
        stop = threading.Event()
        sockets = slow_clients(port, SLOW_CLIENTS, stop)
        time.sleep(2)
        outcomes = [request(port, "/api/v1/projects/", headers, timeout=10) for _ in range(20)]
        stop.set()
        for sock in sockets:
            sock.close()
        answered = [elapsed * 1000 for status, elapsed in outcomes if status == 200]
        times = sorted(answered) or [float("nan")]
        p95 = times[max(int(len(times) * 0.95) - 1, 0)]
        print(
            f"   {label:<24} | {len(outcomes):>8} | {len(answered):>8} | {statistics.median(times):>9.0f} | {p95:>7.0f}"
        )
        time.sleep(3)


def drill_reload(server: subprocess.Popen, headers: dict) -> None:
    print("2. graceful reload (HUP) under load: 8 clients without pause through nginx for 12 s")
    stop = threading.Event()
    results: list[int | None] = []

    def client():
        while not stop.is_set():
            status, _elapsed = request(NGINX_PORT, "/api/v1/projects/", headers, timeout=30)
            results.append(status)

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(4)
    server.send_signal(signal.SIGHUP)
    time.sleep(8)
    stop.set()
    for thread in threads:
        thread.join()
    failed = sum(1 for status in results if status != 200)
    print(f"   requests {len(results)}, failed {failed} (HUP sent at 4 s)")


def multipart(fields: dict, name: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "marsadbench" + os.urandom(8).hex()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        "Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(path: str, cookie: str, csrf: str, body: bytes, content_type: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=60)
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Cookie": cookie,
            "Content-Type": content_type,
            "X-CSRFToken": csrf,
            "Referer": f"http://127.0.0.1:{NGINX_PORT}{path}",
        },
    )
    response = connection.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"POST {path}: HTTP {response.status}")
    return urlsplit(response.getheader("Location")).path


def csrf_for(path: str, cookie: str) -> tuple[str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    set_cookie = response.getheader("Set-Cookie") or ""
    csrf_cookie = re.search(r"csrftoken=([^;]+)", set_cookie)
    cookie = f"{cookie}; csrftoken={csrf_cookie[1]}" if csrf_cookie else cookie
    return token, cookie


def follow_job(path: str, cookie: str) -> tuple[float, list[float], str]:
    """Poll the job's status block until it has finished: (seconds, poll times ms, page)."""
    began, polls = time.perf_counter(), []
    while True:
        status, elapsed = request(NGINX_PORT, path + "status/", {"Cookie": cookie}, timeout=30)
        polls.append(elapsed * 1000)
        if status != 200:
            raise SystemExit(f"{path}status/: HTTP {status}")
        connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=30)
        connection.request("GET", path + "status/", headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        if response.getheader("HX-Refresh"):
            seconds = time.perf_counter() - began
            connection.request("GET", path, headers={"Cookie": cookie})
            page = connection.getresponse().read().decode()
            return seconds, polls, page
        time.sleep(0.5)


def drill_import(person) -> None:
    print(f"3. a {IMPORT_ROWS:,}-row measurement CSV through the pages, as background jobs (database queue)")
    first = datetime.date(2000, 1, 1)
    days = IMPORT_ROWS // 25
    lines = ["Indicator code,Period (YYYY-MM-DD),Value,Breakdown 1"]
    for offset in range(days):
        day = (first + datetime.timedelta(days=offset)).isoformat()
        lines += [f"OPS-DAILY,{day},{(offset * 7 + n) % 500},c{n}" for n in range(25)]
    data = ("\n".join(lines) + "\n").encode()
    worker = subprocess.Popen(  # noqa: S603 — our own worker
        [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py"), "db_worker", "--interval", "0.5"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        cookie = session_cookie(person)
        token, cookie = csrf_for("/imports/measurements/", cookie)
        body, content_type = multipart({"csrfmiddlewaretoken": token}, "file", "values.csv", data)
        began = time.perf_counter()
        job_path = post("/imports/measurements/", cookie, token, body, content_type)
        uploaded = time.perf_counter() - began
        checked, check_polls, page = follow_job(job_path, cookie)
        if 'id="ready"' not in page:
            raise SystemExit("the check found problems")
        batch = re.search(r'action="(/imports/batches/\d+/apply/)"', page)[1]
        token, cookie = csrf_for(job_path, cookie)
        apply_path = post(
            batch, cookie, token, f"csrfmiddlewaretoken={token}".encode(), "application/x-www-form-urlencoded"
        )
        applied, apply_polls, page = follow_job(apply_path, cookie)
        if 'id="imported"' not in page:
            raise SystemExit("the import did not finish")
    finally:
        worker.terminate()
        worker.wait()
    from marsad.indicators.models import Measurement

    polls = sorted(check_polls + apply_polls)
    print(
        f"   file {len(data) / 1048576:.1f} MB; upload answered in {uploaded:.1f} s (the request only stores the file)"
    )
    print(f"   check (dry run) {checked:.1f} s; apply {applied:.1f} s; {Measurement.objects.count():,} values written")
    print(
        f"   progress page while they ran: {len(polls)} polls, median {statistics.median(polls):.0f} ms, "
        f"p95 {polls[int(len(polls) * 0.95) - 1]:.0f} ms"
    )


def bench_ops() -> None:
    recreate_database()
    focal, key = setup()
    headers = {"Authorization": f"Token {key}"}
    with tempfile.TemporaryDirectory(prefix="marsad-ops-") as folder:
        tmp = Path(folder)
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp / name).mkdir()
        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 — closed with the server
        server = start_gunicorn(tmp, log)
        nginx = start_nginx(tmp)
        try:
            print("gunicorn: 4 sync workers (deploy/gunicorn.conf.py); nginx as deploy/nginx/marsad.conf, no TLS")
            drill_slow_clients(headers)
            drill_reload(server, headers)
            drill_import(focal)
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait()
            server.terminate()
            server.wait()
            log.close()
