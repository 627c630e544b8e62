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


def test_switching_to_rq_as_readme_says_ends_ready(tmp_path, redis_url):
    """README's scale-out steps on a database migrated for the database queue: with
    MARSAD_TASKS=rq readiness names what fails (RQ's own migrations) until the
    documented `migrate`, then answers 200."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    base = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "DATABASE_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "marsad.settings",
        "MARSAD_SECRET_KEY": "x" * 50,
        "MARSAD_ALLOWED_HOSTS": "testserver",
        "MARSAD_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'marsad.sqlite3'}",
        "MARSAD_MEDIA_ROOT": str(tmp_path / "media"),
    }
    rq = {**base, "MARSAD_TASKS": "rq", "MARSAD_REDIS_URL": redis_url}
    ready = (
        "import django, json; django.setup(); from django.test import Client; "
        "r = Client().get('/health/ready/', secure=True); print(json.dumps([r.status_code, r.json()]))"
    )

    def run(env, *args):
        done = subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    run(base, "manage.py", "migrate", "--no-input", "-v", "0")
    status, body = json.loads(run(rq, "-c", ready).strip().splitlines()[-1])
    assert status == 503 and body["failing"] == ["migrations"]
    run(rq, "manage.py", "migrate", "--no-input", "-v", "0")  # README: once, after the switch
    status, body = json.loads(run(rq, "-c", ready).strip().splitlines()[-1])
    assert status == 200 and body["failing"] == [], body
