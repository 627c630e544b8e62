"""A 50-project meeting pack (issue 18).

`python bench/run.py documents` (SQLite, or PostgreSQL when DATABASE_URL is set) builds,
with a fixed seed, a meeting whose agenda holds 50 projects, each with four phases,
six accepted monthly reports (its S-curve), two open obstacles before the committee
and two requirements; six headline indicators with two years of daily values; a
previous meeting with open tasks. Then it makes the pack three times as the programme
office, through the job that the meeting page starts (`jobs.services.run`), and prints:

- the whole job (gathering the data as the reader may read it, drawing every chart,
  laying out the pages, storing the file), median of the runs;
- WeasyPrint alone, laying out the same HTML already built: the job's cost beyond the
  rendering is gathering and drawing (target: the whole ≤ 2 × the rendering);
- the time per page, and the peak memory (RSS) of this process, which ran the jobs
  as a worker would: after its first job, and after all the runs (target ≤ 512 MiB).
"""

import datetime
import random
import resource
import statistics
import time

from django.utils import timezone, translation

RUNS = 3
PROJECTS = 50


def build(rng: random.Random, today: datetime.date):
    from marsad.committee.models import Committee, Decision, Meeting, Task
    from marsad.indicators.models import Indicator, Measurement
    from marsad.obstacles.models import Obstacle, Requirement
    from marsad.portfolio import figures
    from marsad.portfolio.models import Entity, Phase, Project
    from marsad.reports.models import ProgressReport

    entities = list(Entity.objects.order_by("code")[:10])
    projects = Project.objects.bulk_create(
        Project(
            code=f"PK-{n:03d}",
            name_ar=f"مشروع التحول الرقمي رقم {n} لخدمة المواطنين",
            name_en=f"Digital project {n}",
            owner=entities[n % len(entities)],
            status="execution",
            original_baseline_go_live=today + datetime.timedelta(days=rng.randint(-60, 400)),
            forecast_go_live=today + datetime.timedelta(days=rng.randint(0, 500)),
            funding_allocated=rng.randint(1, 50) * 1_000_000,
        )
        for n in range(PROJECTS)
    )
    phases, reports, obstacles, requirements = [], [], [], []
    for project in projects:
        start = today - datetime.timedelta(days=rng.randint(200, 400))
        for order in range(1, 5):
            end = start + datetime.timedelta(days=rng.randint(60, 150))
            phases.append(
                Phase(
                    project=project,
                    order=order,
                    name_ar=f"المرحلة {order}: {rng.choice(['التحليل', 'التطوير', 'الاختبار', 'التشغيل'])}",
                    weight=1,
                    percent_complete=100 if end < today else rng.randint(0, 80),
                    status="done" if end < today else "in_progress",
                    baseline_start=start,
                    baseline_end=end,
                    forecast_start=start + datetime.timedelta(days=10),
                    forecast_end=end + datetime.timedelta(days=rng.randint(0, 60)),
                )
            )
            start = end
        percent = 0.0
        for month in range(6, 0, -1):
            period = (today.replace(day=1) - datetime.timedelta(days=30 * month)).replace(day=1)
            percent = min(100.0, percent + rng.uniform(2, 9))
            reports.append(
                ProgressReport(
                    project=project,
                    period_start=period,
                    status="accepted",
                    percent_complete=round(percent, 1),
                    accepted_percent=round(percent, 1),
                )
            )
        for k in range(2):
            obstacles.append(
                Obstacle(
                    project=project,
                    title=f"تأخر توريد التجهيزات اللازمة للمرحلة {k + 2} من {project.name_ar}",
                    category="equipment",
                    level=3,
                    raised_on=today - datetime.timedelta(days=rng.randint(5, 120)),
                )
            )
            requirements.append(
                Requirement(project=project, kind="equipment", description=f"مخدمات للمرحلة {k + 2}", quantity=4)
            )
    Phase.objects.bulk_create(phases)
    ProgressReport.objects.bulk_create(reports)
    Obstacle.objects.bulk_create(obstacles)
    Requirement.objects.bulk_create(requirements)
    figures.refresh([project.pk for project in projects])
    first = today - datetime.timedelta(days=730)
    for n in range(6):
        indicator = Indicator.objects.create(
            code=f"PK-IND-{n}",
            name_ar=f"الخدمات الإلكترونية المقدمة عبر القناة {n}",
            owner=entities[n],
            is_headline=True,
            unit="count",
            aggregation="sum",
            frequency="day",
        )
        Measurement.objects.bulk_create(
            Measurement(
                indicator=indicator,
                period=first + datetime.timedelta(days=d),
                value=rng.randint(50, 400),
                created_at=timezone.now(),
                updated_at=timezone.now(),
            )
            for d in range(730)
        )
    committee = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    earlier = Meeting.objects.create(
        committee=committee, number=1, date=today - datetime.timedelta(days=90), status="held"
    )
    decision = Decision.objects.create(meeting=earlier, number=1, kind="assign_task", text="متابعة تنفيذ المشاريع")
    for n in range(10):
        Task.objects.create(
            decision=decision,
            title=f"تكليف رقم {n}",
            assigned_entity=entities[n % 10],
            due_date=today + datetime.timedelta(days=rng.randint(-30, 60)),
        )
    meeting = Meeting.objects.create(committee=committee, number=2, date=today, status="planned", place="دمشق")
    for order, project in enumerate(projects, start=1):
        meeting.items.create(order=order, kind="project", title=f"عرض {project.name_ar}", project=project)
    return meeting


def bench_documents() -> None:
    from marsad.accounts.models import Role, User
    from marsad.documents import render, services
    from marsad.documents.jobs import KIND
    from marsad.documents.models import Document
    from marsad.jobs import services as jobs
    from marsad.jobs.models import Job

    today = timezone.localdate()
    began = time.perf_counter()
    meeting = build(random.Random(20261203), today)
    print(f"  (built a meeting of {PROJECTS} agenda projects in {time.perf_counter() - began:.1f} s)")
    pmo = User.objects.create_user("bench-pack", password="bench-password-1", role=Role.PMO)
    whole, rendering, pages = [], [], 0
    with translation.override("ar"):
        for _run in range(RUNS):
            # The tests' task backend runs a job as it is started: this is the job's
            # whole path (its row, the work, storing the file), as a worker runs it.
            began = time.perf_counter()
            job = jobs.start(KIND, user=pmo, title="pack", document_kind="pack", subject=meeting.pk)
            whole.append(time.perf_counter() - began)
            job = Job.objects.get(pk=job.pk)
            assert job.status == "done", job.result
            if _run == 0:
                after_one = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            pages = Document.objects.get(pk=job.result["document"]).pages
            markup, _facts = services.build("pack", meeting, pmo)
            began = time.perf_counter()
            render.pdf(markup)
            rendering.append(time.perf_counter() - began)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    total, alone = statistics.median(whole), statistics.median(rendering)
    print(
        f"{'pack':<22} {'pages':>6} {'whole job s':>12} {'WeasyPrint s':>13} {'ratio':>6} {'ms/page':>8} "
        f"{'peak MiB, 1 job':>16} {'after all runs':>15}"
    )
    print(
        f"{f'{PROJECTS} agenda projects':<22} {pages:>6} {total:>12.2f} {alone:>13.2f} {total / alone:>6.2f} "
        f"{1000 * total / pages:>8.0f} {after_one:>16.0f} {peak:>15.0f}"
    )
