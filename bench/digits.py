"""The cost of one digit system per page (lib.digits): `bench/run.py digits`.

The demo loaded, the committee's main pages are rendered once, then the pass that
writes a page's text in its reader's digits is timed over each (median of 20): in
Arabic-Indic (every page is rewritten) and in Latin (the default: one scan, rewritten
only when someone typed Arabic-Indic digits).
"""

import statistics
import time

from django.core.management import call_command

from marsad.accounts.models import User
from marsad.conftest import VerifiedClient
from marsad.lib import digits

PAGES = ["/", "/projects/", "/rollouts/E-PAY/", "/obstacles/", "/projects/GSB/", "/meetings/"]


def _median_ms(work, runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def bench_digits() -> None:
    call_command("demo", "--quiet-logins", verbosity=0)
    client = VerifiedClient(HTTP_HOST="127.0.0.1")  # two-factor step done, as a signed-in person
    client.force_login(User.objects.get(username="pmo"))
    client.cookies["django_language"] = "ar"
    print("digits: the pass over a rendered page, median of 20 (ms)")
    print(f"{'page':<22} | {'KB':>6} | {'Arabic-Indic':>12} | {'Latin':>6}")
    print("-" * 56)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        html = response.content.decode()
        arabic = _median_ms(lambda html=html: digits.localise_html(html, digits.ARABIC_INDIC))
        latin = _median_ms(lambda html=html: digits.localise_html(html, digits.LATIN))
        print(f"{path:<22} | {len(html) / 1024:>6.0f} | {arabic:>12.1f} | {latin:>6.2f}")
