"""Indicator pages: list, indicator page, data-entry grid, lock and comments."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marsad.indicators.models import Indicator, Measurement, Target, VarianceNote

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def store(indicator, period, value, *cells, user=None):
    now = timezone.now()
    cells = [*cells, "", "", ""][:3]
    return Measurement.objects.create(
        indicator=indicator, period=period, value=value, created_at=now, updated_at=now, updated_by=user,
        breakdown_1=cells[0], breakdown_2=cells[1], breakdown_3=cells[2],
    )  # fmt: skip


def many_indicators(world, count):
    for n in range(count):
        indicator = Indicator.objects.create(
            code=f"IND-{n}", name_ar=f"مؤشر {n}", owner=world.health, frequency="month",
            aggregation=["sum", "last", "average"][n % 3],
        )  # fmt: skip
        Target.objects.create(indicator=indicator, period=datetime.date(2026, 12, 1), value=10)
        for month in range(1, 11):
            store(indicator, datetime.date(2026, month, 1), month)


def list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:indicator_list"))
    assert response.status_code == 200
    return len(queries)


@time_machine.travel(TODAY, tick=False)
def test_the_list_page_costs_the_same_queries_at_any_size(client, world):
    client.force_login(world.committee)
    many_indicators(world, 3)
    small = list_queries(client)
    many_indicators_more = Indicator.objects.count()
    for n in range(many_indicators_more, 40):
        indicator = Indicator.objects.create(code=f"MORE-{n}", name_ar="م", owner=world.finance, frequency="day")
        for day in range(20):
            store(indicator, datetime.date(2026, 10, 1) + datetime.timedelta(days=day), day)
    assert list_queries(client) == small


@time_machine.travel(TODAY, tick=False)
def test_the_list_shows_latest_values_against_targets_and_hides_other_entities(client, world, services, tax_returns):
    store(tax_returns, datetime.date(2026, 10, 1), 1234567)
    client.force_login(world.focal_health)
    html = client.get(reverse("indicators:indicator_list")).content.decode()
    assert "الخدمات الصحية الإلكترونية" in html and "الإقرارات الضريبية" not in html
    client.force_login(world.committee)
    html = client.get(reverse("indicators:indicator_list")).content.decode()
    assert "1,234,567" in html and "تشرين الأول 2026" in html  # grouped, Levantine month


@time_machine.travel(TODAY, tick=False)
def test_the_indicator_page_shows_the_cumulative_total_the_table_and_the_split(client, world, services):
    for day in range(10):
        store(services, datetime.date(2026, 9, 1) + datetime.timedelta(days=day), 100, "web")
        store(services, datetime.date(2026, 9, 1) + datetime.timedelta(days=day), 50, "centre")
    Target.objects.create(indicator=services, period=datetime.date(2026, 9, 1), value=100)
    Target.objects.create(indicator=services, period=datetime.date(2026, 9, 30), value=100)
    client.force_login(world.viewer_health)
    url = reverse("indicators:indicator_detail", args=["MOH-ESERVICES"])

    html = client.get(url).content.decode()

    assert 'id="total">1,500<' in html
    # 1,500 against 3,000 for September, but reported through the 10th only: not judged.
    assert "أيلول 2026" in html and "البيانات حتى 10 أيلول 2026" in html and "لم يتحقق" not in html
    assert "البوابة" in html and "66.7%" in html  # the web channel's share
    narrower = client.get(url, {"first": "2026-09-03", "last": "2026-09-04"}).content.decode()
    assert 'id="total">300<' in narrower
    assert client.get(url, {"first": "garbage", "interval": "hour"}).status_code == 200
    client.force_login(world.focal_finance)
    assert client.get(url).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_the_grid_saves_one_period(client, world, services):
    client.force_login(world.focal_health)
    url = reverse("indicators:measurement_entry", args=["MOH-ESERVICES"])
    page = client.get(url, {"period": "2026-11-20"}).content.decode()
    assert "البوابة" in page and "المركز" in page

    response = client.post(url, {"period": "2026-11-20", "cell-0": "120", "was-0": "", "cell-1": "", "was-1": ""})

    assert response.status_code == 302
    stored = Measurement.objects.get()
    assert (stored.breakdown_1, stored.value, stored.source, stored.updated_by) == (
        "web",
        120,
        "manual",
        world.focal_health,
    )
    bad = client.post(url, {"period": "2026-11-20", "cell-0": "مئة", "was-0": "120"}).content.decode()
    assert "أدخل رقماً" in bad and Measurement.objects.get().value == 120


@time_machine.travel(TODAY, tick=False)
def test_the_grid_does_not_overwrite_a_value_saved_meanwhile(client, world, services):
    store(services, datetime.date(2026, 11, 20), 100, "web", user=world.pmo)
    client.force_login(world.focal_health)
    url = reverse("indicators:measurement_entry", args=["MOH-ESERVICES"])
    # The focal point opened the grid when web was 100; the programme office then saved 130.
    Measurement.objects.filter(breakdown_1="web").update(value=130)

    html = client.post(url, {"period": "2026-11-20", "cell-0": "110", "was-0": "100"}).content.decode()

    assert 'id="conflict"' in html and "البوابة" in html
    assert Measurement.objects.get().value == 130
    assert 'value="130"' in html  # the stored value is shown to be checked again
    assert client.post(url, {"period": "2026-11-20", "cell-0": "110", "was-0": "130"}).status_code == 302
    assert Measurement.objects.get().value == 110


@time_machine.travel(TODAY, tick=False)
def test_locking_and_commenting_from_the_page(client, world, services):
    store(services, datetime.date(2026, 10, 1), 5, "web")
    client.force_login(world.pmo)
    detail = reverse("indicators:indicator_detail", args=["MOH-ESERVICES"])
    client.post(reverse("indicators:indicator_lock", args=["MOH-ESERVICES"]), {"through": "2026-10-31", "version": 1})
    assert Indicator.objects.get(code="MOH-ESERVICES").locked_through == datetime.date(2026, 10, 31)
    assert Measurement.objects.get().status == "validated"
    client.force_login(world.focal_health)
    grid = client.get(reverse("indicators:measurement_entry", args=["MOH-ESERVICES"]), {"period": "2026-10-01"})
    assert "معتمدة ومقفلة" in grid.content.decode()
    client.post(
        reverse("indicators:variance_note", args=["MOH-ESERVICES"]), {"period": "2026-10-01", "text": "عطل في المركز"}
    )
    assert VarianceNote.objects.get().text == "عطل في المركز"
    assert (
        "عطل في المركز"
        in client.get(detail, {"interval": "day", "first": "2026-10-01", "last": "2026-10-02"}).content.decode()
    )
    client.force_login(world.viewer_health)
    refused = client.post(
        reverse("indicators:variance_note", args=["MOH-ESERVICES"]), {"period": "2026-10-01", "text": "x"}
    )
    assert refused.status_code == 403 and VarianceNote.objects.get().text == "عطل في المركز"


@time_machine.travel(TODAY, tick=False)
def test_the_project_page_shows_its_indicators_to_those_who_may_read_them(client, world, services, tax_returns):
    services.projects.add(world.health_registry)
    tax_returns.projects.add(world.health_registry)  # finance's indicator, linked to a health project
    store(services, datetime.date(2026, 10, 5), 4321, "web")
    client.force_login(world.focal_health)
    html = client.get(reverse("portfolio:project_detail", args=["NHR"])).content.decode()
    assert 'id="indicators"' in html and "الخدمات الصحية الإلكترونية" in html and "4,321" in html
    assert "الإقرارات الضريبية" not in html  # not readable by the health focal point
