"""Headers, error pages and deployment checks."""

import logging
import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings
from django.urls import path

from marsad.urls import urlpatterns as marsad_urls

pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("database on fire: secret detail")


urlpatterns = [path("broken/", broken), path("api/v1/broken/", broken), *marsad_urls]
handler500 = "marsad.web.errors.server_error"


def test_security_headers_on_every_page(client, world):
    client.force_login(world.committee)
    response = client.get("/projects/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


def test_sign_in_page_has_csp_and_csrf(client, db):
    response = client.get("/accounts/login/")
    assert "Content-Security-Policy" in response
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    csrf_client = Client(enforce_csrf_checks=True)
    assert csrf_client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 403


def test_pages_have_no_inline_script_or_style(client, world):
    client.force_login(world.pmo)
    for url in (
        "/projects/",
        "/projects/NHR/",
        "/entities/",
        "/strategies/",
        "/audit/",
        "/accounts/profile/",
        "/projects/NHR/edit/",
    ):
        html = client.get(url).content.decode()
        assert "<script>" not in html and "style=" not in html, url
        for line in html.splitlines():
            if "<script" in line and "src=" not in line:
                assert 'type="application/json"' in line, (url, line)


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_shows_a_request_id_that_is_in_the_log(world, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(world.committee)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    request_id = response["X-Request-ID"]
    assert request_id in html
    assert "secret detail" not in html and "Traceback" not in html
    assert "حدث خطأ من جهتنا" in html
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.request_id == request_id
    assert "database on fire" in caplog.text  # the trace is in the log, not the page


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_api_server_error_is_json_with_the_request_id(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.committee)
    response = client.get("/api/v1/broken/")
    assert response.status_code == 500
    assert response.json()["request_id"] == response["X-Request-ID"]
    assert "fire" not in response.content.decode()


def test_not_found_page_is_arabic(client, world):
    client.force_login(world.committee)
    response = client.get("/projects/NOPE/")
    assert response.status_code == 404
    assert "هذه الصفحة غير موجودة" in response.content.decode()


PRODUCTION_ENV = {
    "MARSAD_SECRET_KEY": "k3J9-pQx7vT2-wYz8LmN4-aBc6DeF0-gHi1JkL5-mNo9PqR3-sTu7",
    "MARSAD_ALLOWED_HOSTS": "marsad.example.gov",
}


def run_manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MARSAD_") and k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "marsad.settings"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_demo_mode_cannot_be_switched_on_in_production():
    result = run_manage("check", **PRODUCTION_ENV, MARSAD_DEMO_MODE="1")
    assert result.returncode != 0
    assert "MARSAD_DEMO_MODE" in result.stderr


@pytest.mark.slow
def test_the_demo_shows_marsads_own_error_pages_not_djangos_technical_ones(tmp_path):
    """`make demo` runs with MARSAD_DEBUG=1 MARSAD_DEMO_MODE=1: a missing page must be
    Marsad's Arabic 404 with the request id, not Django's English list of every URL."""
    import os
    import subprocess
    import sys

    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.test import Client\n"
        "response = Client().get('/no-such-page/', follow=True)\n"
        "print(settings.DEBUG, response.status_code)\n"
        "print(response.content.decode())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "marsad.settings",
        "MARSAD_DEBUG": "1",
        "MARSAD_DEMO_MODE": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    env.pop("MARSAD_SECRET_KEY", None)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=True
    )
    first, page = out.stdout.split("\n", 1)
    assert first == "False 404"
    assert 'lang="ar"' in page and "معرّف الطلب" in page
    assert "URLconf" not in page and "Django tried these URL patterns" not in page
