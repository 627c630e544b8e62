"""The committee cycle at portfolio scale: every project (and phase) with a year of
monthly change history, then the meeting page (changes since the previous meeting
for the whole portfolio), the portfolio as of a past date, and the agenda builder —
median time and query count, at two history depths to show the queries do not grow.
"""

import datetime
import random
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

RUNS = 5


def add_history(months: int, rng: random.Random, first: datetime.date) -> None:
    """`months` monthly history records for every project and phase, from `first`."""
    from marsad.portfolio.models import Phase, Project

    projects, phases = list(Project.objects.all()), list(Phase.objects.all())
    for month in range(months):
        moment = datetime.datetime.combine(
            first + datetime.timedelta(days=30 * month), datetime.time(10), tzinfo=datetime.UTC
        )
        for project in projects:
            project.forecast_go_live = (project.forecast_go_live or datetime.date(2027, 1, 1)) + datetime.timedelta(
                days=rng.choice([0, 0, 0, 15, 30])
            )
        for phase in phases:
            phase.percent_complete = min(100, phase.percent_complete + rng.randint(0, 8))
        Project.history.bulk_history_create(projects, default_date=moment, update=month > 0)
        Phase.history.bulk_history_create(phases, default_date=moment, update=month > 0)


def bench_committee(user) -> None:
    from marsad.committee.changes import changes_between, portfolio_as_of
    from marsad.committee.models import Committee, Meeting
    from marsad.conftest import VerifiedClient
    from marsad.portfolio.models import Phase, Project

    rng = random.Random(7)
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    earlier = Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 5, 20), status="approved")
    meeting = Meeting.objects.create(committee=higher, number=2, date=datetime.date(2026, 8, 20), status="held")
    client = VerifiedClient()
    client.force_login(user)
    print()
    print(f"{Project.objects.count():>6} projects, {Phase.objects.count()} phases")
    print(f"{'history rows':>14} | {'what':<52} | {'ms':>8} | {'queries':>7}")
    print("-" * 92)
    for months in (6, 12):
        add_history(6, rng, datetime.date(2026, 1, 1) + datetime.timedelta(days=30 * (months - 6)))
        rows = Project.history.count() + Phase.history.count()
        for label, url in [
            ("meeting page: changes since the previous meeting", f"/meetings/{meeting.pk}/"),
            ("portfolio as of the previous meeting", f"/projects/as-of/?date={earlier.date}"),
            ("as of a date, with changes since another", f"/projects/as-of/?date={meeting.date}&since={earlier.date}"),
            ("agenda builder (exceptions across the portfolio)", f"/meetings/{meeting.pk}/agenda/"),
        ]:
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    response = client.get(url)
                    timings.append(time.perf_counter() - began)
                assert response.status_code == 200, (url, response.status_code)
            ms = statistics.median(timings) * 1000
            print(f"{rows:>14} | {label:<52} | {ms:>8.1f} | {len(queries):>7}")
        for label, call in [
            ("  of which portfolio_as_of() itself", lambda: portfolio_as_of(earlier.date)),
            ("  of which changes_between() itself", lambda: changes_between(earlier.date, meeting.date)),
        ]:
            timings = []
            for _ in range(RUNS):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    call()
                    timings.append(time.perf_counter() - began)
            ms = statistics.median(timings) * 1000
            print(f"{rows:>14} | {label:<52} | {ms:>8.1f} | {len(queries):>7}")
