"""Notifications at national scale (issue 20).

`python bench/run.py notifications` (SQLite, or PostgreSQL when DATABASE_URL is set)
builds, with a fixed seed, 300 entities, 5,000 projects (four phases each, stored
figures), 3,000 committee tasks and 2,000 people — focal points of every entity, the
programme office, committee members, viewers — each with an address. Then:

- the daily reminder job (`reminders_send`: every reminder owed today, its people, in
  the app and as mails written in each reader's language), timed with its queries, at
  500 and at 2,000 people: the queries must be the same (they do not grow per person);
- 10,000 of the mails it wrote sent through a real SMTP server on this machine
  (aiosmtpd, in a thread), one connection, one transaction per mail: mails per second;
- the weekly digest for everyone (`digests_send`), timed with its queries;
- the job run again: nothing new, and how long finding that out takes.
"""

import datetime
import random
import socket
import statistics
import time

from django.db import connection

TODAY = datetime.date(2026, 11, 29)
SENT = 10_000  # mails sent through SMTP for the rate (all 100,000 take a quarter of an hour)


def build(rng: random.Random, people: int) -> None:
    from marsad.committee.models import Committee, Decision, Meeting, Task
    from marsad.portfolio import figures
    from marsad.portfolio.models import Entity, Phase, Project

    have = Entity.objects.count()
    Entity.objects.bulk_create(Entity(code=f"N{n:03d}", name_ar=f"جهة {n}") for n in range(have, 300))
    entities = list(Entity.objects.order_by("pk"))
    projects = Project.objects.bulk_create(
        Project(
            code=f"N-{n:05d}",
            name_ar=f"مشروع رقمي {n}",
            owner=entities[n % len(entities)],
            status=rng.choice(["execution", "piloting", "approved"]),
            original_baseline_go_live=TODAY + datetime.timedelta(days=rng.randint(-60, 400)),
            forecast_go_live=TODAY + datetime.timedelta(days=rng.randint(-60, 400)),
        )
        for n in range(5_000)
    )
    Phase.objects.bulk_create(
        Phase(
            project=project,
            order=order,
            name_ar=f"المرحلة {order}",
            weight=1,
            status="in_progress" if order == 2 else "not_started",
            baseline_end=TODAY + datetime.timedelta(days=rng.randint(-90, 300)),
        )
        for project in projects
        for order in range(1, 5)
    )
    figures.refresh_all()
    higher = Committee.objects.create(code="NHC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(
        committee=higher, number=1, date=TODAY - datetime.timedelta(days=90), status="held"
    )
    decision = Decision.objects.create(meeting=meeting, number=1, kind="other", text="تكليفات")
    Task.objects.bulk_create(
        Task(
            decision=decision,
            title=f"تكليف {n}",
            assigned_entity=entities[n % len(entities)],
            due_date=TODAY + datetime.timedelta(days=rng.randint(-40, 60)),
        )
        for n in range(3_000)
    )
    add_people(entities, people)
    return entities


def add_people(entities, total: int) -> None:
    from marsad.accounts.models import Role, User

    have = User.objects.filter(username__startswith="p").count()
    roles = [Role.FOCAL_POINT] * 17 + [Role.VIEWER] * 1 + [Role.PMO, Role.COMMITTEE]
    made = User.objects.bulk_create(
        User(username=f"p{n:05d}", email=f"p{n:05d}@example.gov", role=roles[n % len(roles)], password="!")
        for n in range(have, total)
    )
    links = [
        User.entities.through(user_id=user.pk, entity_id=entities[int(user.username[1:]) % len(entities)].pk)
        for user in made
        if user.role in (Role.FOCAL_POINT, Role.VIEWER)
    ]
    User.entities.through.objects.bulk_create(links)


class Queries:
    """Counts the statements a call makes: reads apart from writes (inserts in batches
    grow with the rows written, as they must; what must not grow is the rest)."""

    def __init__(self):
        self.reads = self.writes = 0

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            self.reads += 1
        else:
            self.writes += 1
        return execute(sql, params, many, context)


def timed(call):
    queries = Queries()
    with connection.execute_wrapper(queries):
        began = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - began
    return result, seconds, queries


def bench_notifications() -> None:
    from aiosmtpd.controller import Controller
    from django.conf import settings

    from marsad.notifications import mail
    from marsad.notifications.models import Mail, Notification
    from marsad.notifications.services import digests_send, reminders_send

    rng = random.Random(20261129)
    began = time.perf_counter()
    entities = build(rng, people=500)
    print(
        f"\nNotifications ({connection.vendor}): 300 entities, 5,000 projects, 3,000 tasks; built in {time.perf_counter() - began:.0f} s"
    )
    rows = []
    for people in (500, 2_000):
        add_people(entities, people)
        Notification.objects.all().delete()
        Mail.objects.all().delete()
        made, seconds, queries = timed(lambda: reminders_send(today=TODAY))
        mails = Mail.objects.count()
        rows.append((people, made, mails, seconds, queries))
    print(f"{'people':>7} {'notifications':>14} {'mails':>7} {'reminder job':>13} {'reads':>6} {'writes':>7}")
    for people, made, mails, seconds, queries in rows:
        print(f"{people:>7} {made:>14,} {mails:>7,} {seconds:>11.1f} s {queries.reads:>6} {queries.writes:>7}")

    class Count:
        received = 0

        async def handle_DATA(self, server, session, envelope):
            Count.received += 1
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Count(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    sent, seconds, queries = timed(lambda: mail.send_waiting(limit=SENT))
    controller.stop()
    total = queries.reads + queries.writes
    print(
        f"sending: {sent['sent']:,} mails in {seconds:.1f} s = {sent['sent'] / seconds:.0f} mails/s "
        f"through SMTP ({Count.received:,} received by the server; {total / max(sent['sent'], 1):.1f} queries per mail)"
    )
    digests, seconds, queries = timed(lambda: digests_send(today=TODAY))
    print(
        f"weekly digest: {digests:,} mails written in {seconds:.1f} s, {queries.reads} reads, {queries.writes} writes"
    )
    again = [timed(lambda: reminders_send(today=TODAY)) for _ in range(3)]
    print(
        f"the reminder job again: {again[0][0]} new, median {statistics.median(s for _, s, _ in again):.1f} s, "
        f"{again[0][2].reads} reads, {again[0][2].writes} writes"
    )
