"""Jobs as a person sees them: their own only, a failure explained in Arabic with
nothing half-written, progress while running, and a run again."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.urls import reverse

from marsad.imports.models import ImportBatch
from marsad.jobs import progress, registry, services
from marsad.jobs.models import Job
from marsad.portfolio.models import Project

pytestmark = pytest.mark.django_db


def write_then_fail(job, tracker):
    Project.objects.filter(code="NHR").update(name_en="Half written")
    if job.params.get("fail"):
        raise RuntimeError("boom")
    return {"ok": True}


registry.register(registry.JobKind("tests.write", run=write_then_fail, result_template="jobs/_status.html"))


def test_a_failed_job_says_why_in_arabic_and_leaves_nothing_half_written(client, world):
    client.force_login(world.pmo)
    job = services.start("tests.write", user=world.pmo, title="عمل تجريبي", fail=True)
    job.refresh_from_db()
    assert (job.status, job.failure) == ("failed", "crashed")
    assert Project.objects.get(code="NHR").name_en == "National Health Registry"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "توقف بسبب خطأ غير متوقع؛ ولم يُحفظ شيء مما كان يكتبه." in page
    assert "أعد تشغيله" in page
    assert "توقف في" in page and "اكتمل" not in page  # a failed job did not complete


def test_a_job_is_its_askers_alone(client, world):
    job = services.start("tests.write", user=world.pmo, title="عمل مكتب البرنامج")
    client.force_login(world.focal_health)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("jobs:status", args=[job.pk])).status_code == 404
    assert "عمل مكتب البرنامج" not in client.get(reverse("jobs:list")).content.decode()
    client.force_login(world.pmo)
    assert "عمل مكتب البرنامج" in client.get(reverse("jobs:list")).content.decode()


def test_a_running_job_shows_its_phase_count_and_time_left(client, world):
    job = Job.objects.create(kind="tests.write", title="t", user=world.pmo, language="ar", status="running")
    Job.objects.filter(pk=job.pk).update(started_at=job.created_at.replace(microsecond=0) - _seconds(30))
    progress.beat(job)
    progress.report(job, phase="writing", done=2500, total=10_000)
    client.force_login(world.pmo)
    response = client.get(reverse("jobs:status", args=[job.pk]))
    page = response.content.decode()
    assert 'value="25"' in page and "الكتابة" in page and "2,500 من 10,000" in page.replace("٬", ",")
    assert re.search(r"الوقت المتبقي نحو 1:3\d", page)  # a quarter done in 30 s: 90 s to go
    assert 'hx-trigger="every 500ms"' in page and "HX-Refresh" not in response
    Job.objects.filter(pk=job.pk).update(status="done")
    response = client.get(reverse("jobs:status", args=[job.pk]))
    assert response["HX-Refresh"] == "true" and "hx-trigger" not in response.content.decode()


def test_a_job_whose_worker_stopped_beating_is_failed_and_runs_again(client, world, settings):
    settings.MARSAD_JOB_LOST_AFTER = 60
    job = Job.objects.create(kind="tests.write", title="t", user=world.pmo, language="ar", status="running")
    Job.objects.filter(pk=job.pk).update(started_at=job.created_at - _seconds(120))
    progress.beat(job)  # beating: alive
    assert services.mark_lost() == 0
    progress._cache().delete(f"job:{job.token}:beat")  # the worker was killed: no more beats
    client.force_login(world.pmo)
    assert "توقف المعالج" in client.get(job.get_absolute_url()).content.decode()
    response = client.post(reverse("jobs:again", args=[job.pk]))
    again = Job.objects.exclude(pk=job.pk).get()
    assert response.url == again.get_absolute_url() and again.status == "done"


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(client, world, settings):
    for name in ("MARSAD_IMPORT_MAX_BYTES", "MARSAD_IMPORT_MAX_CSV_BYTES", "MARSAD_ATTACHMENT_MAX_BYTES"):
        setattr(settings, name, 100_000)
    client.force_login(world.pmo)
    url = reverse("imports:upload", args=["projects"])
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", b"a,b\n" * 200_000)})
    assert "والحد الأقصى 0.1 ميغابايت" in response.content.decode()
    assert not ImportBatch.objects.exists()

    # Read from the network: of a 50 MB body, the file is refused before it is read.
    class Counted(io.BytesIO):
        taken = 0

        def read(self, size=-1):
            data = super().read(size)
            Counted.taken += len(data)
            return data

    head = (
        b'--B\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\ntoken\r\n'
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )
    body = head + b"a,b\n" * (50 * 1024 * 256) + b"\r\n--B--\r\n"
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": url,
            "CONTENT_TYPE": "multipart/form-data; boundary=B",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": Counted(body),
        }
    )
    assert request.POST["csrfmiddlewaretoken"] == "token" and not request.FILES
    assert "0.1" in request.upload_too_large
    assert Counted.taken < 1024 * 1024  # of 50 MB


def _seconds(n):
    import datetime

    return datetime.timedelta(seconds=n)


def test_my_jobs_says_when_a_finished_check_found_problems(client, world):
    Job.objects.create(
        kind="tests.write",
        title="ملف فيه أخطاء",
        user=world.pmo,
        language="ar",
        status="done",
        result={"problems": [{"row": 3, "column": "القيمة", "message": "خطأ"}]},
    )
    Job.objects.create(kind="tests.write", title="ملف سليم", user=world.pmo, language="ar", status="done", result={})
    client.force_login(world.pmo)
    page = client.get(reverse("jobs:list")).content.decode()
    assert page.count("وُجدت مشكلات") == 1 and "منجز" in page
