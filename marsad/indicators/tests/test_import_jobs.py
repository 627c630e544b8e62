"""A large import runs as a background job in a worker process: killed midway, it
leaves the data as it was and the job marked failed, and it can be run again."""

import datetime
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marsad.conftest import worker_database_url
from marsad.imports.models import ImportBatch
from marsad.indicators.models import DimensionValue, Measurement
from marsad.jobs import progress
from marsad.jobs.models import Job

pytestmark = pytest.mark.worker

DAYS = 9_000  # from 2000 (the earliest year allowed) to 2024
# 36,000 rows: seconds of writing. Progress is written every 0.05 s in this test, so
# the worker is killed a fraction of a second into the writing, long before its end.
CHANNELS = ["web", "centre", "c0", "c1"]


def big_csv() -> bytes:
    first = datetime.date(2000, 1, 1)
    lines = ["رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1"]
    for offset in range(DAYS):
        day = (first + datetime.timedelta(days=offset)).isoformat()
        lines += [f"MOH-ESERVICES,{day},{(offset + n) % 97},{channel}" for n, channel in enumerate(CHANNELS)]
    return ("\n".join(lines) + "\n").encode()


def wait_for(condition, seconds=180, what="condition"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def finished(job_id):
    return wait_for(lambda: Job.objects.filter(pk=job_id, status__in=["done", "failed"]).first(), what="the job")


def test_a_worker_killed_mid_import_leaves_the_data_as_it_was_and_the_job_runs_again(
    client, world, services, workers, settings
):
    settings.MARSAD_JOB_LOST_AFTER = 3
    settings.MARSAD_JOB_PROGRESS_SECONDS = 0.05
    channel = services.dimensions.get()
    for order, code in enumerate(CHANNELS[2:], 3):
        DimensionValue.objects.create(dimension=channel, code=code, name_ar=code, order=order)
    client.force_login(world.focal_health)
    response = client.post(
        reverse("imports:upload", args=["measurements"]), {"file": SimpleUploadedFile("values.csv", big_csv())}
    )
    check = Job.objects.get(kind="imports.check")
    assert response.url == check.get_absolute_url()
    assert "بانتظار أن يتسلّمه معالج" in client.get(response.url).content.decode()  # queued: no worker yet

    worker = workers()
    assert finished(check.pk).status == "done"
    batch = ImportBatch.objects.get()
    assert batch.status == "checked" and batch.row_count == len(CHANNELS) * DAYS

    response = client.post(reverse("imports:apply", args=[batch.pk]))
    apply = Job.objects.get(kind="imports.apply")
    # Writing has begun (rows have gone by) when the worker is killed.
    wait_for(lambda: (progress.read(apply) or {}).get("done", 0) >= 1000, what="rows written")
    worker.kill()  # SIGKILL: no clean-up of any kind
    worker.wait()
    page = client.get(reverse("jobs:status", args=[apply.pk])).content.decode()
    assert "<progress" in page and "الكتابة" in page  # as it stood when the worker died

    assert Measurement.objects.count() == 0  # nothing of the half-done import was kept
    time.sleep(settings.MARSAD_JOB_LOST_AFTER + 1)
    page = client.get(apply.get_absolute_url()).content.decode()
    assert "توقف المعالج الذي كان يشغّله" in page and "أعد تشغيله" in page
    apply.refresh_from_db()
    assert (apply.status, apply.failure) == ("failed", "lost")
    batch.refresh_from_db()
    assert batch.status == "checked" and batch.file  # ready to be run again

    response = client.post(reverse("jobs:again", args=[apply.pk]))
    again = Job.objects.exclude(pk__in=[check.pk, apply.pk]).get()
    assert response.url == again.get_absolute_url()
    workers()
    assert finished(again.pk).status == "done"
    assert Measurement.objects.count() == len(CHANNELS) * DAYS
    assert "استُورد" in client.get(again.get_absolute_url()).content.decode()


def test_the_same_import_runs_on_workers_fed_through_redis(
    client, world, services, transactional_db, settings, redis_url
):
    """The scale-out queue: RQ on the real Redis, a worker in its own process."""
    import redis

    store = redis.Redis.from_url(redis_url)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 600}}
    client.force_login(world.focal_health)
    data = "رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1\n" + "".join(
        f"MOH-ESERVICES,2024-03-{day:02d},{day},web\n" for day in range(1, 29)
    )
    response = client.post(
        reverse("imports:upload", args=["measurements"]), {"file": SimpleUploadedFile("v.csv", data.encode())}
    )
    check = Job.objects.get()
    assert response.url == check.get_absolute_url() and check.status == "queued"
    assert store.llen("rq:queue:default") == 1  # on Redis, once the request committed

    worker = rq_worker_burst(redis_url)
    assert worker.returncode == 0, worker.stderr[-2000:]
    check.refresh_from_db()
    assert check.status == "done" and check.result["count"] == 28
    assert "28 صفاً جاهزاً للاستيراد" in client.get(check.get_absolute_url()).content.decode()
    store.flushdb()


def rq_worker_burst(redis_url):
    """An RQ worker in its own process on the test database: it runs what is queued, then stops."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    return subprocess.run(  # noqa: S603 — our own worker, fixed arguments
        [
            sys.executable,
            str(root / "manage.py"),
            "rqworker",
            "default",
            "--burst",
            "--job-class",
            "django_tasks_rq.Job",
        ],
        cwd=root,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "marsad.settings_test",
            "DATABASE_URL": worker_database_url(),
            "MARSAD_TASKS": "rq",
            "MARSAD_REDIS_URL": redis_url,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_job_asked_for_while_redis_is_away_is_a_503_then_runs_when_it_returns(
    client, world, services, transactional_db, settings, redis_url
):
    """Redis stops while a person uploads: a plain 503 that says the job is kept, and
    once Redis answers again the sweep (marsad-jobs.timer) queues it and it runs,
    without anyone asking again."""
    import redis
    import time_machine
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 600}}  # nothing there
    client.force_login(world.focal_health)
    client.raise_request_exception = False
    data = "رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1\n" + "".join(
        f"MOH-ESERVICES,2024-03-{day:02d},{day},web\n" for day in range(1, 29)
    )
    response = client.post(
        reverse("imports:upload", args=["measurements"]), {"file": SimpleUploadedFile("v.csv", data.encode())}
    )
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "لا يمكن الوصول إلى طابور الأعمال الآن" in page and "سيبدأ من تلقاء نفسه" in page
    job = Job.objects.get()
    assert job.status == "queued" and job.enqueued_at is None

    call_command("sweep_jobs", verbosity=0)  # still away: nothing changes, nothing fails
    job.refresh_from_db()
    assert job.status == "queued" and job.enqueued_at is None

    settings.RQ_QUEUES = {"default": {"URL": redis_url, "DEFAULT_TIMEOUT": 600}}  # Redis is back
    with time_machine.travel(datetime.timedelta(seconds=30)):
        call_command("sweep_jobs", verbosity=0)
    assert redis.Redis.from_url(redis_url).llen("rq:queue:default") == 1
    worker = rq_worker_burst(redis_url)
    assert worker.returncode == 0, worker.stderr[-2000:]
    job.refresh_from_db()
    assert job.status == "done" and job.result["count"] == 28
