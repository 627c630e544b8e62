"""The indicators API: bulk values, data-feed grants, series, definitions."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from marsad.accounts.tokens import api_token_issue
from marsad.indicators.models import Indicator, Measurement, Target

pytestmark = pytest.mark.django_db

BULK = "/api/v1/measurements/bulk/"


def token_client(user, world, *, grant=()):
    token, key = api_token_issue(user=user, name="csc system", created_by=world.admin)
    token.indicators.set(grant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def value(code, period, amount, **breakdown):
    return {"indicator": code, "period": period, "breakdown": breakdown, "value": amount}


def test_a_feed_writes_the_indicators_granted_to_its_token(world, services):
    feed = token_client(world.feed, world, grant=[services])
    sent = {
        "values": [
            value("MOH-ESERVICES", "2024-03-01", 120, channel="web"),
            value("MOH-ESERVICES", "2024-03-01", 80, channel="centre"),
        ]
    }

    first = feed.post(BULK, sent, format="json")
    again = feed.post(BULK, sent, format="json")

    assert first.status_code == 200 and first.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert again.json() == {"created": 0, "updated": 0, "unchanged": 2}
    assert set(Measurement.objects.values_list("source", flat=True)) == {"api"}


def test_a_feed_cannot_write_an_indicator_it_is_not_granted(world, services, tax_returns):
    feed = token_client(world.feed, world, grant=[services])
    response = feed.post(
        BULK,
        {"values": [value("MOH-ESERVICES", "2024-03-01", 1, channel="web"), value("MOF-EFILING", "2024-03-01", 5)]},
        format="json",
    )
    assert response.status_code == 403 and "MOF-EFILING" in response.json()["detail"]
    assert Measurement.objects.count() == 0  # all or nothing: the granted value is not kept either


def test_writing_a_readable_but_ungranted_indicator_is_forbidden(world, services):
    """Another token of the same feed account holds no grant: 403, and nothing written."""
    token_client(world.feed, world, grant=[services])
    other = token_client(world.feed, world, grant=[])
    response = other.post(BULK, {"values": [value("MOH-ESERVICES", "2024-03-01", 1, channel="web")]}, format="json")
    assert response.status_code == 403
    public = Indicator.objects.filter(pk=services.pk)
    public.update(is_public=True)  # readable to everyone, still not writable
    response = other.post(BULK, {"values": [value("MOH-ESERVICES", "2024-03-01", 1, channel="web")]}, format="json")
    assert response.status_code in (400, 403) and Measurement.objects.count() == 0
    viewer = APIClient()
    viewer.force_authenticate(world.viewer_health)
    response = viewer.post(BULK, {"values": [value("MOH-ESERVICES", "2024-03-01", 1, channel="web")]}, format="json")
    assert response.status_code == 403 and "MOH-ESERVICES" in response.json()["detail"]


def test_a_feed_reads_nothing_beyond_its_grant(world, services, tax_returns):
    feed = token_client(world.feed, world, grant=[services])
    pmo = APIClient()
    pmo.force_authenticate(world.pmo)
    pmo.post(BULK, {"values": [value("MOF-EFILING", "2024-03-01", 5)]}, format="json")
    feed.post(BULK, {"values": [value("MOH-ESERVICES", "2024-03-01", 1, channel="web")]}, format="json")

    listed = feed.get("/api/v1/indicators/").json()["results"]
    assert [row["code"] for row in listed] == ["MOH-ESERVICES"]
    assert feed.get("/api/v1/indicators/MOF-EFILING/").status_code == 404
    assert feed.get("/api/v1/indicators/MOF-EFILING/series/").status_code == 404
    values = feed.get("/api/v1/measurements/").json()["results"]
    assert [row["indicator"] for row in values] == ["MOH-ESERVICES"]
    other = Measurement.objects.get(indicator=tax_returns)
    assert feed.get(f"/api/v1/measurements/{other.pk}/").status_code == 404
    # Nor the rest of the API: projects, reports…
    assert feed.get("/api/v1/projects/").status_code == 403
    # And it changes no definition, granted or not.
    assert (
        feed.patch("/api/v1/indicators/MOH-ESERVICES/", {"name_ar": "x", "version": 1}, format="json").status_code
        == 403
    )


def test_bad_values_come_back_by_position_and_field(world, services):
    client = APIClient()
    client.force_authenticate(world.focal_health)
    response = client.post(
        BULK,
        {
            "values": [
                value("MOH-ESERVICES", "2024-03-01", 1, channel="web"),
                value("MOH-ESERVICES", "someday", "x", channel="fax"),
                "junk",
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["values"]
    assert set(errors["1"]) == {"period", "value", "channel"} and set(errors["2"]) == {"indicator"}
    assert Measurement.objects.count() == 0
    for body in ({}, {"values": []}, {"values": "many"}, [1, 2]):
        assert client.post(BULK, body, format="json").status_code == 400


@time_machine.travel(datetime.date(2026, 11, 28), tick=False)
def test_the_series_gives_totals_targets_and_splits(world, services):
    client = APIClient()
    client.force_authenticate(world.pmo)
    rows = [
        value("MOH-ESERVICES", f"2024-0{m}-{d:02d}", 10, channel=c)
        for m in (1, 2)
        for d in (1, 15)
        for c in ("web", "centre")
    ]
    client.post(BULK, {"values": rows}, format="json")
    Target.objects.create(indicator=services, period=datetime.date(2024, 1, 1), value=1)
    Target.objects.create(indicator=services, period=datetime.date(2024, 2, 29), value=1)

    data = client.get(
        "/api/v1/indicators/MOH-ESERVICES/series/?interval=month&first=2024-01-01&last=2024-02-29&split=channel"
    ).json()

    assert data["total"] == "80.0000"
    # Values on the 1st and the 15th only: each month is reported in part, and not judged.
    assert [(p["start"], p["actual"], p["target"], p["met"], p["reported_through"]) for p in data["points"]] == [
        ("2024-01-01", "40.0000", "31.0000", None, "2024-01-15"),
        ("2024-02-01", "40.0000", "29.0000", None, "2024-02-15"),
    ]
    assert data["split"]["web"] == {"2024-01-01": "20.0000", "2024-02-01": "20.0000"}
    assert client.get("/api/v1/indicators/MOH-ESERVICES/series/?interval=hour").status_code == 400
    assert client.get("/api/v1/indicators/MOF-NONE/series/").status_code == 404
    assert client.get("/api/v1/indicators/MOH-ESERVICES/series/?first=2024-05-01&last=2024-01-01").status_code == 400


def test_definitions_with_targets_through_the_api(world, services):
    client = APIClient()
    client.force_authenticate(world.pmo)
    created = client.post(
        "/api/v1/indicators/",
        {
            "code": "HE-GRADS", "name_ar": "خريجو البرامج الرقمية", "owner": "MOH", "frequency": "year",
            "aggregation": "last", "baseline_value": "100", "baseline_date": "2024-01-01",
            "targets": [{"period": "2026-01-01", "value": "300"}],
        },
        format="json",
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    stale = client.patch("/api/v1/indicators/HE-GRADS/", {"version": 7, "name_en": "Graduates"}, format="json")
    assert stale.status_code == 409
    bad = client.patch(
        "/api/v1/indicators/HE-GRADS/", {"version": 1, "targets": [{"period": "2026-06-01", "value": 1}]}, format="json"
    )
    assert bad.status_code == 400 and "2026-01-01" in str(bad.json()["targets"])
    # A formula of a formula is refused (a formula never reaches back to itself).
    client.post("/api/v1/indicators/", {"code": "A", "name_ar": "أ", "owner": "MOH"}, format="json")
    ratio = client.post(
        "/api/v1/indicators/",
        {"code": "R", "name_ar": "ر", "owner": "MOH", "numerator": "A", "denominator": "HE-GRADS"},
        format="json",
    )
    assert ratio.status_code == 201
    nested = client.patch(
        "/api/v1/indicators/A/", {"version": 1, "numerator": "R", "denominator": "HE-GRADS"}, format="json"
    )
    assert nested.status_code == 400 and "numerator" in nested.json()
    focal = APIClient()
    focal.force_authenticate(world.focal_health)
    assert (
        focal.post("/api/v1/indicators/", {"code": "F", "name_ar": "ف", "owner": "MOH"}, format="json").status_code
        == 403
    )


def test_locking_through_the_api(world, services):
    client = APIClient()
    client.force_authenticate(world.pmo)
    client.post(BULK, {"values": [value("MOH-ESERVICES", "2024-03-01", 5, channel="web")]}, format="json")
    locked = client.post(
        "/api/v1/indicators/MOH-ESERVICES/lock/", {"version": 1, "through": "2024-03-31"}, format="json"
    )
    assert locked.status_code == 200 and locked.json()["locked_through"] == "2024-03-31"
    refused = client.post(BULK, {"values": [value("MOH-ESERVICES", "2024-03-01", 6, channel="web")]}, format="json")
    assert refused.status_code == 400 and "2024-03-31" in str(refused.json())
    focal = APIClient()
    focal.force_authenticate(world.focal_health)
    assert (
        focal.post(
            "/api/v1/indicators/MOH-ESERVICES/lock/", {"version": 2, "through": "2024-04-30"}, format="json"
        ).status_code
        == 403
    )
