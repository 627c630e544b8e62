"""What an outside client found (issue 13): each input below once broke the server,
stored nonsense or leaked what exists. Each must now get a clear 4xx, in JSON on the
API, and leave the data as it was."""

import datetime
import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from marsad.audit.models import AuditEvent
from marsad.indicators.models import Indicator, Measurement
from marsad.reports.models import ProgressReport


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.pmo)
    return client


@pytest.fixture
def focal(world):
    client = APIClient()
    client.force_authenticate(world.focal_finance)
    return client


# --- 2. dates out of any sane range ----------------------------------------------------


@pytest.mark.parametrize("period", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_a_report_period_out_of_range_is_refused_and_the_list_still_reads(api, world, period):
    response = api.post("/api/v1/reports/", {"project": "ITAS", "period_start": period}, format="json")
    assert response.status_code == 400, response.content
    assert "2000" in " ".join(response.json()["period_start"])
    assert not ProgressReport.objects.exists()
    assert api.get("/api/v1/reports/").status_code == 200


def test_the_horizon_is_a_setting(api, world):
    with override_settings(MARSAD_LATEST_YEAR=2030):
        response = api.patch("/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2031-01-01"}, format="json")
    assert response.status_code == 400
    assert "2030" in " ".join(response.json()["forecast_go_live"])


@pytest.mark.parametrize("period", ["0001-01-01", "9999-12-01"])
def test_a_measurement_period_out_of_range_is_refused(api, world, period):
    Indicator.objects.create(code="MOF-EFILING", name_ar="الإقرارات", owner=world.finance, frequency="month")
    body = {"values": [{"indicator": "MOF-EFILING", "period": period, "value": "5"}]}
    response = api.post("/api/v1/measurements/bulk/", body, format="json")
    assert response.status_code == 400, response.content
    assert "2000" in json.dumps(response.json(), ensure_ascii=False)
    assert not Measurement.objects.exists()


# --- 3. inputs that gave 500s ------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/projects/"),
        ("patch", "/api/v1/projects/NHR/"),
        ("post", "/api/v1/reports/"),
        ("post", "/api/v1/measurements/bulk/"),
        ("post", "/api/v1/obstacles/"),
    ],
)
def test_deeply_nested_json_is_a_400(api, world, method, path):
    body = "[" * 1000 + "]" * 1000
    response = getattr(api, method)(path, body, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/projects/%00/",
        "/api/v1/entities/%00/",
        "/api/v1/strategies/%00/",
        "/api/v1/programmes/%00/",
        "/api/v1/committees/%00/",
        "/api/v1/projects/?status=a%00b",
        "/api/v1/indicators/X/series/?split=a%00b",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400_in_json(api, world, path):
    response = api.get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert "NUL" in response.json()["detail"] or "\u0000" not in response.json()["detail"]


def test_a_nul_byte_on_a_page_is_a_400_page(client, world):
    client.force_login(world.pmo)
    response = client.get("/projects/%00/")
    assert response.status_code == 400
    assert "text/html" in response["Content-Type"]


def test_api_errors_are_json_even_when_django_refuses_first(api, world):
    unknown = api.get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404 and unknown.json()["detail"]
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        big = api.post("/api/v1/projects/", {"code": "x" * 500}, format="json")
    assert big.status_code == 400 and big["Content-Type"].startswith("application/json"), big.content
    with override_settings(DATA_UPLOAD_MAX_NUMBER_FIELDS=5):
        many = api.post(
            "/api/v1/projects/",
            "&".join(f"f{n}=1" for n in range(20)),
            content_type="application/x-www-form-urlencoded",
        )
    assert many.status_code == 400 and many["Content-Type"].startswith("application/json"), many.content


# --- 4. out of scope reads exactly like absent -------------------------------------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/phases/", {"order": 9, "name_ar": "مرحلة"}),
        ("/api/v1/obstacles/", {"title": "عائق", "category": "technical"}),
        ("/api/v1/requirements/", {"kind": "equipment", "description": "مخدمات"}),
        ("/api/v1/reports/", {"period_start": "2026-11-01"}),
    ],
)
def test_naming_another_ministrys_project_reads_like_a_code_that_does_not_exist(focal, world, path, body):
    hidden = focal.post(path, {"project": "NHR", **body}, format="json")  # the Ministry of Health's
    absent = focal.post(path, {"project": "NO-SUCH", **body}, format="json")
    assert hidden.status_code == absent.status_code == 400
    assert hidden.json()["project"] == [absent.json()["project"][0].replace("NO-SUCH", "NHR")]


# --- 5. measurement writes are audited, one row a batch ----------------------------------


def test_a_batch_of_values_is_one_audit_row_naming_indicator_periods_and_counts(api, world):
    Indicator.objects.create(code="MOF-EFILING", name_ar="الإقرارات", owner=world.finance, frequency="month")
    values = [
        {"indicator": "MOF-EFILING", "period": datetime.date(2026, month, 1).isoformat(), "value": str(month)}
        for month in (8, 9, 10)
    ]
    assert api.post("/api/v1/measurements/bulk/", {"values": values}, format="json").status_code == 200
    values[0]["value"] = "80"
    assert api.post("/api/v1/measurements/bulk/", {"values": values}, format="json").status_code == 200
    rows = list(AuditEvent.objects.filter(object_type="indicators.measurement").order_by("pk"))
    assert len(rows) == 2
    assert rows[0].actor == world.pmo
    assert "MOF-EFILING 2026-08-01…2026-10-01" in rows[0].detail
    assert rows[1].after == {"created": 0, "updated": 1, "unchanged": 2}


def test_a_refused_batch_leaves_no_audit_row(api, world):
    Indicator.objects.create(code="MOF-EFILING", name_ar="الإقرارات", owner=world.finance, frequency="month")
    values = [
        {"indicator": "MOF-EFILING", "period": "2026-08-01", "value": "1"},
        {"indicator": "MOF-EFILING", "period": "2026-08-15", "value": "1"},
    ]
    assert api.post("/api/v1/measurements/bulk/", {"values": values}, format="json").status_code == 400
    assert not AuditEvent.objects.filter(object_type="indicators.measurement").exists()
