"""An export longer than a request should take is built by a job: the list's link
leads to the job's page with its progress, then to a download of the same rows."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from marsad.jobs.models import Job


def test_a_long_export_is_a_job_whose_file_holds_what_the_list_shows(client, world, settings):
    settings.MARSAD_EXPORT_INLINE_ROWS = 1
    client.force_login(world.committee)
    response = client.get(reverse("portfolio:project_export", args=["xlsx"]) + "?status=execution&sort=-percent")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.params["query"]) == ("exports.file", "done", "status=execution&sort=-percent")
    page = client.get(job.get_absolute_url()).content.decode()
    download = reverse("jobs:download", args=[job.pk])
    assert f'href="{download}"' in page
    file = client.get(download)
    assert file["Content-Disposition"] == 'attachment; filename="marsad-projects.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["NHR", "ITAS"]  # 40 %, then 35 %

    # The file is its asker's alone.
    client.force_login(world.pmo)
    assert client.get(download).status_code == 404


def test_a_focal_points_long_export_holds_only_what_it_may_read(client, world, settings):
    settings.MARSAD_EXPORT_INLINE_ROWS = 0
    client.force_login(world.focal_finance)
    client.get(reverse("obstacles:export", args=["csv"]))
    client.get(reverse("portfolio:project_export", args=["csv"]))
    job = Job.objects.get(params__name="projects")
    text = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content).decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text))][1:] == ["ITAS"]


def test_a_short_export_streams_at_once(client, world):
    client.force_login(world.committee)
    response = client.get(reverse("portfolio:project_export", args=["csv"]))
    assert response.status_code == 200 and response.streaming
    assert not Job.objects.exists()
