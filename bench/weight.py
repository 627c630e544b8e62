"""Page weight on a slow line: `bench/run.py weight` (part of `make bench`).

README's procedure on a clean clone (as `bench/run.py drills` sets it up: the shipped
nginx config, gunicorn with 4 workers, PostgreSQL) with the demo loaded, then Debian's
Chromium opens pages as the committee's member and as an anonymous reader, counting
the bytes that cross the wire (the Network domain's encoded lengths: compressed
bodies and headers) on a first visit (empty cache) and on a repeat visit.
Targets (issue 32): the dashboard ≤ 600 KB first, ≤ 60 KB again; /public/ ≤ 500 KB.
"""

import os

from bench.drills import NGINX_PORT, Drill

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
PAGES = [("committee", "/"), ("committee", "/projects/"), (None, "/public/")]


class Wire:
    """Bytes over the wire for one page's loads (the Network domain's encoded lengths)."""

    def __init__(self, context, page):
        self.page, self.sizes, self.urls = page, {}, {}
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on(
            "Network.requestWillBeSent",
            lambda event: self.urls.__setitem__(event["requestId"], event["request"]["url"]),
        )
        cdp.on(
            "Network.loadingFinished",
            lambda event: self.sizes.__setitem__(event["requestId"], event["encodedDataLength"]),
        )

    def load(self, url: str) -> tuple[int, int]:
        """(bytes, requests) while `url` loads and settles."""
        self.sizes.clear()
        self.page.goto(url, wait_until="networkidle")
        self.page.wait_for_timeout(500)
        return sum(self.sizes.values()), len(self.sizes)

    def heaviest(self, count: int = 5) -> str:
        largest = sorted(self.sizes.items(), key=lambda item: -item[1])[:count]
        return ", ".join(
            f"{self.urls.get(key, '?').rsplit('/', 1)[-1][:28]} {size / 1024:.0f}" for key, size in largest
        )


def bench_weight() -> None:
    from playwright.sync_api import sync_playwright

    if os.geteuid() != 0:
        raise SystemExit("the weight bench sets up as the drills do (tmpfs, nginx's workers as nobody): run it as root")
    drill = Drill()
    try:
        drill.deploy()
        drill.manage("demo", "--quiet-logins")
        drill.connect()
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from marsad.accounts.models import User

        def cookie_for(username):
            user = User.objects.get(username=username)
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            return session.session_key

        cookies = {who: cookie_for(who) for who, _path in PAGES if who}  # before the browser's event loop
        base = f"http://127.0.0.1:{NGINX_PORT}"
        print(
            f"{'page':<12} | {'as':<10} | {'first visit KB':>14} | {'requests':>8} | {'again KB':>8} | {'requests':>8}"
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for who, path in PAGES:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                if who:
                    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookies[who], "url": base}])
                wire = Wire(context, context.new_page())
                first, first_count = wire.load(base + path)
                heaviest = wire.heaviest()
                again, again_count = wire.load(base + path)
                print(
                    f"{path:<12} | {who or 'anonymous':<10} | {first / 1024:>14.0f} | {first_count:>8} | "
                    f"{again / 1024:>8.0f} | {again_count:>8}"
                )
                print(f"{'':<12}   heaviest on the first visit (KB): {heaviest}")
                context.close()
            browser.close()
    finally:
        drill.close()
