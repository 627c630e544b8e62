"""Every log line: UTC with its offset and the request id, 4xx warnings included."""

import json
import logging
import re

import pytest

from marsad.lib.logs import JsonFormatter, UtcFormatter

pytestmark = pytest.mark.django_db

LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 WARNING \[(\w+)\] django\.request: Not Found: /projects/NOPE/$"
)


def test_a_404_is_logged_in_utc_with_the_request_id_the_user_saw(client, world, caplog):
    client.force_login(world.committee)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/projects/NOPE/")
    assert response.status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    from marsad.audit.context import RequestIdLogFilter

    RequestIdLogFilter().filter(record)
    line = UtcFormatter().format(record)
    match = LINE.match(line)
    assert match, line
    assert match[1] == response["X-Request-ID"]
    as_json = json.loads(JsonFormatter().format(record))
    assert as_json["request_id"] == response["X-Request-ID"] and as_json["time"].endswith("+00:00")


def test_nginx_request_id_is_kept_and_anything_else_is_not(client):
    nginx_id = "0123456789abcdef0123456789abcdef"
    assert client.get("/health/", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"] == nginx_id
    assert client.get("/health/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"
