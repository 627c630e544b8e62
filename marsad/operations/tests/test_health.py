"""The health checks answer what a load balancer asks, and give nothing away."""

import json

import pytest
from django.db import connections


def test_alive_answers_without_the_database(client):
    response = client.get("/health/")  # no database access in this test: a query would fail it
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_checks_database_migrations_queue_media_and_disk(client):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "job_queue", "media", "disk"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_ready_says_503_when_the_disk_is_nearly_full(client, settings):
    settings.MARSAD_HEALTH_MIN_FREE_MB = 10**12  # more than any disk has
    response = client.get("/health/ready/")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"] == {"ok": False, "error": "RuntimeError", "ms": pytest.approx(0, abs=1000)}


def test_ready_says_503_when_the_database_does_not_answer(client, transactional_db):
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/folder/marsad.sqlite3"
    else:
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens there
    try:
        response = client.get("/health/ready/")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing" and body["checks"]["database"]["ok"] is False
    # Nothing in it names where the database is or what it said.
    text = json.dumps(body)
    assert "nonexistent" not in text and "127.0.0.1" not in text and "password" not in text.lower()
