"""When a part of the server is away, every request gets a plain answer that says what
to do, and the log says it once: the database here; the job queue and the disk beside
the features that use them (imports)."""

import errno
import logging
import os
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from marsad.accounts.tokens import api_token_issue
from marsad.imports.models import ImportBatch
from marsad.lib.logs import UtcFormatter

pytestmark = pytest.mark.django_db


def _database_away(execute, sql, params, many, context):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused\n\tIs it running?'
    )


def test_the_api_answers_503_with_retry_after_while_the_database_is_away(world):
    _, key = api_token_issue(user=world.committee, name="outage", created_by=None)
    with connection.execute_wrapper(_database_away):
        response = Client(raise_request_exception=False).get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert "قاعدة بياناته" in body["detail"] and body["request_id"] == response["X-Request-ID"]


def test_a_page_answers_503_in_arabic_while_the_database_is_away(client, world):
    client.force_login(world.focal_health)
    client.raise_request_exception = False
    with connection.execute_wrapper(_database_away):
        response = client.get("/projects/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "لا يصل مرصد إلى قاعدة بياناته" in page
    assert response["X-Request-ID"] in page
    assert "Traceback" not in page


def test_a_failed_request_during_an_outage_is_one_log_line(world, caplog):
    _, key = api_token_issue(user=world.committee, name="outage", created_by=None)
    with caplog.at_level(logging.INFO), connection.execute_wrapper(_database_away):
        response = Client(raise_request_exception=False).get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {key}")
    lines = "\n".join(UtcFormatter().format(record) for record in caplog.records).splitlines()
    assert len(lines) == 1, lines
    assert "Service Unavailable: /api/v1/projects/" in lines[0]
    assert "database unavailable: connection to server" in lines[0]
    assert f"[{response['X-Request-ID']}]" in lines[0] or "[-]" in lines[0]


class _FillsTheDisk:
    """A file on a disk that fills after `room` bytes: what is written up to then stays
    on the disk, then the write fails as the kernel's does (ENOSPC)."""

    def __init__(self, real, room):
        self.real, self.room = real, room

    def write(self, data):
        if len(data) > self.room:
            self.real.write(data[: self.room])
            self.real.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return self.real.write(data)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.fixture
def disk_fills_after_1kb(monkeypatch):
    from django.core.files.storage import filesystem

    real_fdopen = os.fdopen
    monkeypatch.setattr(filesystem.os, "fdopen", lambda fd, mode: _FillsTheDisk(real_fdopen(fd, mode), 1024))


def test_an_upload_on_a_full_disk_is_507_and_leaves_no_partial_file(client, world, settings, disk_fills_after_1kb):
    client.force_login(world.pmo)
    client.raise_request_exception = False
    imports = Path(settings.MEDIA_ROOT) / "imports"
    before = set(imports.rglob("*")) if imports.exists() else set()
    rows = "".join(f"NHR,2026-11-{day:02d},{day}\n" for day in range(1, 29)) * 20
    csv = SimpleUploadedFile("m.csv", ("project,date,value\n" + rows).encode())
    response = client.post(reverse("imports:upload", args=["progress-reports"]), {"file": csv})
    assert response.status_code == 507
    page = response.content.decode()
    assert "لا مكان على الخادم لحفظ الملفات" in page
    assert "لم يُفقد" not in page  # the 500 page's promise would be untrue here
    assert {path for path in imports.rglob("*") if path.is_file()} == {p for p in before if p.is_file()}
    assert not ImportBatch.objects.exists()
