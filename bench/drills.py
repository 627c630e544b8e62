"""Faults a real deployment meets, drilled the way README's production section sets
Marsad up: `bench/run.py drills` (part of `make bench`). Needs root (tmpfs mounts,
nginx's workers as `nobody`), Debian's nginx and redis-server, and PostgreSQL.

0. README's procedure on a clean clone of the committed code (its steps 2, 3 and 5;
   step 1's `make install` is this checkout's `.venv` and `node_modules`, linked):
   `migrate`, `collectstatic`, gunicorn from deploy/gunicorn.conf.py with 4 workers,
   nginx from deploy/nginx/marsad.conf (TLS taken off, workers as `nobody`): a static
   file must come back 200. Every drill below goes through that nginx and gunicorn, on
   PostgreSQL, with the jobs on RQ over a Redis of the drill's own.
1. Lockout: five wrong passwords from 127.0.0.2 leave the account usable from
   127.0.0.3; the audit log names both addresses.
2. Rate limit: 4 workers together let one address through `/public/` about
   MARSAD_PUBLIC_REQUESTS_PER_MINUTE times a minute (±10 %); another is not slowed.
3. Redis stopped while a person uploads: a plain 503; Redis started again, the job
   runs without anyone's action (marsad-jobs.timer's sweep, run here every 5 s, and an
   RQ worker restarted by its supervisor, as systemd does).
4. SMTP down for two simulated hours (time moved on in this process; two senders at
   each five-minute tick, as the notify timer and the periodic task overlap): once the
   server returns every mail arrives exactly once, counted at the server.
5. Uploads on a full media volume (a 6 MB tmpfs, filled): 507, and no partial file
   left; `manage.py backup` onto a full volume (a 1 MB tmpfs): one line with the
   cause, exit status 1, no `.partial`.
"""

import datetime
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
DATABASE = "marsad_drills"
GUNICORN_PORT, NGINX_PORT, REDIS_PORT = 8785, 8786, 6391
PASSWORD = "drill-password-1"  # noqa: S105 — a throw-away database's
LIMIT = 120  # MARSAD_PUBLIC_REQUESTS_PER_MINUTE's default

ENV = {
    "DATABASE_URL": f"{SERVER}/{DATABASE}",
    "DJANGO_SETTINGS_MODULE": "marsad.settings",
    "MARSAD_SECRET_KEY": "drill-only-secret-key-not-for-production-0123456789",
    "MARSAD_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "MARSAD_SECURE_COOKIES": "0",
    "MARSAD_SSL_REDIRECT": "0",
    "MARSAD_TASKS": "rq",
    "MARSAD_REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
    "MARSAD_SITE_URL": f"http://127.0.0.1:{NGINX_PORT}",
    "MARSAD_PUBLIC_REQUESTS_PER_MINUTE": str(LIMIT),
}

WRAPPER = """
user nobody nogroup;
worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    include {tmp}/marsad.conf;
}}
"""


def shipped_nginx_conf(clone: Path, tmp: Path) -> str:
    """deploy/nginx/marsad.conf as README has it installed, without TLS: the HTTPS
    server on a loopback port, the plain-HTTP redirect server dropped."""
    text = (clone / "deploy/nginx/marsad.conf").read_text()
    servers = re.split(r"\n(?=server \{)", text)
    head, https = servers[0], servers[-1]
    https = re.sub(r"\n\s*listen 443 ssl;", f"\n    listen 127.0.0.1:{NGINX_PORT};", https)
    https = re.sub(r"\n\s*(http2 on|ssl_[a-z_]+ [^\n]*);[^\n]*", "", https)
    text = head + "\n" + https
    text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{GUNICORN_PORT};")
    text = text.replace("/srv/marsad/", f"{clone}/").replace("/var/log/nginx/", f"{tmp}/")
    return text


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"nothing answers on port {port}")


class Http:
    """Requests through nginx from one loopback address, with a cookie jar."""

    def __init__(self, source: str):
        self.source, self.cookies = source, {}

    def __call__(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", NGINX_PORT, timeout=60, source_address=(self.source, 0))
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.getheaders()), content

    def form(self, path: str) -> str:
        _status, _headers, page = self("GET", path)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()

    def post(self, path: str, fields: dict, files: dict | None = None):
        token = self.form(path)
        headers = {"X-CSRFToken": token, "Referer": f"http://127.0.0.1:{NGINX_PORT}{path}"}
        if files:
            boundary = "drill" + os.urandom(8).hex()
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in fields.items()
            ]
            for name, (filename, data) in files.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    "Content-Type: text/csv\r\n\r\n".encode()
                    + data
                    + b"\r\n"
                )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            from urllib.parse import urlencode

            body = urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self("POST", path, body, headers)


class Drill:
    def __init__(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="marsad-drills-"))
        self.tmp.chmod(0o755)  # like /srv: other users (nginx's) may pass through
        self.clone = self.tmp / "clone"
        self.media = self.tmp / "media"
        self.backups = self.tmp / "backups"
        self.processes: list[subprocess.Popen] = []
        self.mounts: list[Path] = []
        self.env = {**os.environ, **ENV, "MARSAD_MEDIA_ROOT": str(self.media)}
        self.env.pop("MARSAD_DEBUG", None)
        self.stop = threading.Event()
        self.figures: list[tuple[str, str]] = []
        # Stopped from outside: still stop its servers and unmount its volumes (`close`).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    # --- parts -----------------------------------------------------------------------

    def manage(self, *args, check=True, **kwargs) -> subprocess.CompletedProcess:
        done = subprocess.run(  # noqa: S603 — our own commands, fixed arguments
            [str(self.clone / ".venv/bin/python"), "manage.py", *args],
            cwd=self.clone,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            **kwargs,
        )
        if check and done.returncode != 0:
            raise SystemExit(f"manage.py {' '.join(args)}: {done.stderr[-2000:]}")
        return done

    def start(self, args: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.tmp / f"{Path(args[0]).name}-{len(self.processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(args, cwd=self.clone, env=self.env, stdout=log, stderr=log, **kwargs)  # noqa: S603
        self.processes.append(process)
        return process

    def mount_tmpfs(self, folder: Path, size: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)  # noqa: S603, S607
        self.mounts.append(folder)

    def start_redis(self) -> subprocess.Popen:
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.redis = self.start([redis, "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"])
        wait_for_port(REDIS_PORT)
        return self.redis

    def supervise(self, args: list[str], every: float = 0.0) -> None:
        """Run `args` again whenever it ends (systemd's Restart=, or a timer every `every` s)."""

        def loop():
            while not self.stop.is_set():
                process = self.start(args)
                while process.poll() is None and not self.stop.is_set():
                    time.sleep(0.2)
                if process.poll() is None:
                    process.terminate()
                self.stop.wait(every or 1)

        threading.Thread(target=loop, daemon=True).start()

    def close(self) -> None:
        self.stop.set()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        for folder in reversed(self.mounts):
            subprocess.run(["umount", "-l", str(folder)], check=False)  # noqa: S603, S607
        shutil.rmtree(self.tmp, ignore_errors=True)

    def figure(self, label: str, value: str) -> None:
        self.figures.append((label, value))
        print(f"   {label}: {value}")

    # --- 0: README's procedure ----------------------------------------------------------

    def deploy(self) -> None:
        print("0. README's procedure on a clean clone; a static file through nginx")
        import psycopg

        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {DATABASE}")
        subprocess.run(["git", "clone", "-q", str(ROOT), str(self.clone)], check=True)  # noqa: S603, S607
        (self.clone / ".venv").symlink_to(ROOT / ".venv")  # step 1's `make install`, done once here
        (self.clone / "node_modules").symlink_to(ROOT / "node_modules")
        # The rest of `make install`: the messages compiled, the chart bundle built (the
        # packages themselves are the linked ones, taken as installed).
        subprocess.run(  # noqa: S603 — make, fixed arguments
            ["make", "-o", ".venv/bin/.installed", "-o", "node_modules/.installed", "install"],  # noqa: S607
            cwd=self.clone,
            check=True,
            capture_output=True,
        )
        self.mount_tmpfs(self.media, "6m")
        self.manage("migrate", "--no-input")
        self.manage("collectstatic", "--no-input")
        self.start_redis()
        self.start(
            [
                str(self.clone / ".venv/bin/gunicorn"),
                "-c",
                "deploy/gunicorn.conf.py",
                "--workers",
                "4",
                "--bind",
                f"127.0.0.1:{GUNICORN_PORT}",
                "--control-socket",
                str(self.tmp / "gunicorn.ctl"),
                "marsad.wsgi",
            ]
        )
        wait_for_port(GUNICORN_PORT)
        (self.tmp / "marsad.conf").write_text(shipped_nginx_conf(self.clone, self.tmp))
        (self.tmp / "nginx.conf").write_text(WRAPPER.format(tmp=self.tmp))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.start([nginx, "-p", str(self.tmp), "-c", str(self.tmp / "nginx.conf")])
        wait_for_port(NGINX_PORT)
        mode = oct((self.clone / "var").stat().st_mode & 0o777)
        status, _headers, _ = Http("127.0.0.1")("GET", "/static/marsad/marsad.css")
        self.figure("var/ after migrate and collectstatic", mode)
        self.figure("GET /static/marsad/marsad.css through nginx (workers as nobody)", str(status))
        self.static_ok = status == 200

    def connect(self) -> None:
        """This process on the drill's database and settings."""
        os.environ.update(ENV, MARSAD_MEDIA_ROOT=str(self.media))
        os.environ.pop("MARSAD_DEBUG", None)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()

    def data(self) -> None:
        """People and records, written by this process into the drill's database."""
        self.connect()
        from marsad.accounts.models import Role, User
        from marsad.indicators.models import Dimension, DimensionValue, Indicator
        from marsad.portfolio.models import Entity

        ministry = Entity.objects.create(code="MOCT", name_ar="وزارة الاتصالات", name_en="Communications")
        self.focal = User.objects.create_user("drill-focal", password=PASSWORD, role=Role.FOCAL_POINT)
        self.focal.entities.add(ministry)
        indicator = Indicator.objects.create(
            code="DRILL", name_ar="الخدمات اليومية", owner=ministry, frequency="day", aggregation="sum"
        )
        channel = Dimension.objects.create(indicator=indicator, position=1, code="channel", name_ar="القناة")
        DimensionValue.objects.create(dimension=channel, code="web", name_ar="الويب")

    # --- 1: lockout ---------------------------------------------------------------------

    def lockout(self) -> None:
        print("1. lockout: five wrong passwords from 127.0.0.2, then the right one from 127.0.0.2 and 127.0.0.3")
        from marsad.audit.models import AuditEvent

        attacker = Http("127.0.0.2")
        statuses = [
            attacker.post("/accounts/login/", {"username": "drill-focal", "password": f"wrong-{n}"})[0]
            for n in range(5)
        ]
        blocked = attacker.post("/accounts/login/", {"username": "drill-focal", "password": PASSWORD})
        person = Http("127.0.0.3")
        signed_in = person.post("/accounts/login/", {"username": "drill-focal", "password": PASSWORD})
        addresses = sorted(set(AuditEvent.objects.exclude(ip_address=None).values_list("ip_address", flat=True)))
        self.figure("wrong passwords from .2", ", ".join(map(str, statuses)))
        self.figure("right password from .2 (locked out)", str(blocked[0]))
        self.figure("right password from .3", f"{signed_in[0]} → {signed_in[1].get('Location', '')}")
        self.figure("addresses in the audit log", ", ".join(addresses))
        self.lockout_ok = signed_in[0] == 302 and blocked[0] != 302 and {"127.0.0.2", "127.0.0.3"} <= set(addresses)

    # --- 2: rate limit ------------------------------------------------------------------

    def rate_limit(self) -> None:
        print(f"2. rate limit: 240 requests to /public/ from 127.0.0.4 (limit {LIMIT}/min), 20 from 127.0.0.5")
        if time.time() % 60 > 45:  # one fixed window for the whole burst
            time.sleep(61 - time.time() % 60)
        results: list[int] = []
        lock = threading.Lock()

        def burst(count):
            client = Http("127.0.0.4")
            for _ in range(count):
                status = client("GET", "/public/")[0]
                with lock:
                    results.append(status)

        threads = [threading.Thread(target=burst, args=(30,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        other = [Http("127.0.0.5")("GET", "/public/")[0] for _ in range(20)]
        allowed = results.count(200)
        self.figure("answered 200 from .4", f"{allowed} of {len(results)} (then 429: {results.count(429)})")
        self.figure("answered 200 from .5", f"{other.count(200)} of {len(other)}")
        self.rate_ok = abs(allowed - LIMIT) <= LIMIT * 0.1 and other.count(200) == len(other)

    # --- 3: Redis away during an upload ---------------------------------------------------

    def redis_away(self) -> None:
        print("3. Redis stopped while a person uploads; started again, nobody acts")
        from marsad.jobs.models import Job

        person = Http("127.0.0.6")
        person.post("/accounts/login/", {"username": "drill-focal", "password": PASSWORD})
        self.supervise([str(self.clone / ".venv/bin/python"), "manage.py", "sweep_jobs", "-v", "0"], every=5)
        worker = [str(self.clone / ".venv/bin/python"), "manage.py", "rqworker", "default"]
        self.supervise([*worker, "--job-class", "django_tasks_rq.Job"])
        self.redis.terminate()
        self.redis.wait()
        rows = "".join(f"DRILL,2026-03-{day:02d},{day},web\n" for day in range(1, 29))
        data = ("رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1\n" + rows).encode()
        status, headers, page = person.post("/imports/measurements/", {}, {"file": ("v.csv", data)})
        self.figure("upload while Redis is stopped", f"{status}, Retry-After {headers.get('Retry-After')}")
        said = "طابور الأعمال" in page.decode(errors="replace")
        job = Job.objects.order_by("-pk").first()
        self.start_redis()
        back = time.monotonic()
        while job is not None and time.monotonic() - back < 120:
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.5)
        took = time.monotonic() - back
        self.figure("the job after Redis returned", f"{job.status if job else 'none'} in {took:.1f} s")
        self.redis_ok = status == 503 and said and job is not None and job.status == "done"

    # --- 4: SMTP down for two simulated hours --------------------------------------------

    def smtp_away(self) -> None:
        print("4. SMTP down for two simulated hours, two senders every five minutes; then it returns")
        import logging

        import time_machine
        from aiosmtpd.controller import Controller
        from django.db import connection
        from django.test import override_settings

        from marsad.accounts.models import Role, User
        from marsad.notifications import mail
        from marsad.notifications.models import Mail

        class Counter:
            def __init__(self):
                self.ids: list[str] = []

            async def handle_DATA(self, server, session, envelope):  # noqa: N802 — aiosmtpd's name
                found = re.search(rb"^Message-ID: (.+)$", envelope.content, re.MULTILINE | re.IGNORECASE)
                self.ids.append(found[1].strip().decode() if found else "")
                return "250 OK"

        people = [
            User.objects.create_user(f"reader-{n}", email=f"reader{n}@example.org", role=Role.VIEWER) for n in range(40)
        ]
        for person in people:
            Mail.objects.create(
                recipient=person, key="drill", kind="digest", to=person.email, subject="s", text="t", html="<p>t</p>"
            )
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]

        def tick():
            def sender():
                mail.send_waiting()
                connection.close()

            threads = [threading.Thread(target=sender) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's line per command
        counter, controller = Counter(), None
        began = datetime.datetime.now(datetime.UTC)
        smtp = "django.core.mail.backends.smtp.EmailBackend"
        with (
            time_machine.travel(began, tick=False) as clock,
            override_settings(EMAIL_BACKEND=smtp, EMAIL_HOST="127.0.0.1", EMAIL_PORT=port, EMAIL_TIMEOUT=5),
        ):
            for _ in range(24):  # two hours, nothing listening on the port
                tick()
                clock.shift(datetime.timedelta(minutes=5))
            waiting = Mail.objects.filter(status="pending").count()
            controller = Controller(counter, hostname="127.0.0.1", port=port)
            controller.start()
            ticks = 0
            while Mail.objects.filter(status="pending").exists() and ticks < 12:
                tick()
                clock.shift(datetime.timedelta(minutes=5))
                ticks += 1
            controller.stop()
        sent = Mail.objects.filter(status="sent").count()
        self.figure("waiting after two hours down", f"{waiting} of {len(people)} (failed: "
                    f"{Mail.objects.filter(status='failed').count()})")  # fmt: skip
        self.figure("delivered after the server returned", f"{len(counter.ids)} messages, "
                    f"{len(set(counter.ids))} distinct, within {ticks * 5} simulated minutes")  # fmt: skip
        self.smtp_ok = waiting == len(people) and len(counter.ids) == len(set(counter.ids)) == sent == len(people)

    # --- 5: a full disk ---------------------------------------------------------------------

    def full_disk(self) -> None:
        print("5. media on a full 6 MB tmpfs; a backup onto a full 1 MB tmpfs")
        person = Http("127.0.0.7")
        person.post("/accounts/login/", {"username": "drill-focal", "password": PASSWORD})
        free = shutil.disk_usage(self.media).free
        (self.media / "filler.bin").write_bytes(b"\0" * max(free - 200 * 1024, 0))
        before = {path for path in self.media.rglob("*") if path.is_file()}
        rows = "".join(f"DRILL,2026-04-{day % 28 + 1:02d},{day},web\n" for day in range(40_000))
        data = ("رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1\n" + rows).encode()
        status, _headers, page = person.post("/imports/measurements/", {}, {"file": ("big.csv", data)})
        left = {path for path in self.media.rglob("*") if path.is_file()} - before
        said = "لا مكان على الخادم" in page.decode(errors="replace")
        self.figure(f"upload of {len(data) / 1048576:.1f} MB with 200 KB free", f"{status}; files left: {len(left)}")
        self.mount_tmpfs(self.backups, "1m")
        backup = self.manage("backup", "--out", str(self.backups), "-v", "0", check=False)
        lines = backup.stderr.strip().splitlines()
        leftovers = sorted(path.name for path in self.backups.iterdir())
        self.figure(
            "backup onto a full volume", f"exit {backup.returncode}; {len(lines)} line: {lines[-1] if lines else ''}"
        )
        self.figure("files left in the backup folder", ", ".join(leftovers) or "none")
        self.disk_ok = (
            status == 507 and said and not left and backup.returncode == 1 and len(lines) == 1 and not leftovers
        )


def bench_drills() -> None:
    if os.geteuid() != 0:
        raise SystemExit("the drills mount tmpfs volumes and run nginx's workers as nobody: run them as root")
    drill = Drill()
    try:
        drill.deploy()
        drill.data()
        drill.lockout()
        drill.rate_limit()
        drill.redis_away()
        drill.smtp_away()
        drill.full_disk()
    finally:
        drill.close()
    verdicts = {
        "static file through nginx": drill.static_ok,
        "lockout per address": drill.lockout_ok,
        "rate limit shared by workers": drill.rate_ok,
        "Redis away": drill.redis_ok,
        "SMTP away": drill.smtp_ok,
        "full disk": drill.disk_ok,
    }
    print("drills: " + ", ".join(f"{name} {'held' if ok else 'FAILED'}" for name, ok in verdicts.items()))
    if not all(verdicts.values()):
        sys.exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    bench_drills()
