"""Values in: idempotent upsert, history, locks, formulas, trajectories and series."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from marsad.indicators import series
from marsad.indicators import services as writes
from marsad.indicators.ingest import NotGranted, ingest
from marsad.indicators.models import Indicator, Measurement, MeasurementChange, Target
from marsad.indicators.tests.conftest import day

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def send(user, rows, source="api"):
    with transaction.atomic():
        counts, problems, total = ingest([(n, *row) for n, row in enumerate(rows, 1)], user=user, source=source)
        if problems:
            transaction.set_rollback(True)
    return counts, problems


def test_sending_the_same_value_twice_changes_nothing(world, services):
    rows = [("MOH-ESERVICES", "2024-03-01", ["web"], 120), ("MOH-ESERVICES", "2024-03-01", ["centre"], 80)]
    counts, problems = send(world.pmo, rows)
    assert problems == [] and (counts.created, counts.updated, counts.unchanged) == (2, 0, 0)
    stamp = Measurement.objects.get(breakdown_1="web").updated_at

    counts, problems = send(world.focal_health, rows)

    assert (counts.created, counts.updated, counts.unchanged) == (0, 0, 2)
    stored = Measurement.objects.get(breakdown_1="web")
    assert stored.updated_at == stamp and stored.updated_by == world.pmo  # not even touched
    assert Measurement.objects.count() == 2 and MeasurementChange.objects.count() == 0


def test_a_new_value_replaces_the_old_one_which_is_kept(world, services):
    send(world.pmo, [("MOH-ESERVICES", "2024-03-01", {"channel": "web"}, 120)])
    counts, _problems = send(world.focal_health, [("MOH-ESERVICES", "2024-03-01", {"channel": "البوابة"}, "135")])

    assert (counts.created, counts.updated) == (0, 1)
    stored = Measurement.objects.get()
    assert stored.value == 135 and stored.updated_by == world.focal_health
    change = stored.changes.get()
    assert (change.old_value, change.new_value, change.changed_by) == (120, 135, world.focal_health)


def test_bad_values_are_named_and_nothing_is_written(world, services):
    _counts, problems = send(
        world.pmo,
        [
            ("MOH-ESERVICES", "2024-03-01", ["web"], 10),
            ("MOH-ESERVICES", "2024-03-01", ["fax"], 10),
            ("MOH-ESERVICES", "2024-13-01", ["web"], 10),
            ("MOH-ESERVICES", "2024-03-02", ["web"], "ten"),
            ("NO-SUCH", "2024-03-02", ["web"], 1),
            ("MOH-ESERVICES", "2024-03-02", [], -4),
        ],
    )
    found = {(p.where, p.field) for p in problems}
    assert found == {(2, "channel"), (3, "period"), (4, "value"), (5, "indicator"), (6, "channel"), (6, "value")}
    assert Measurement.objects.count() == 0


def test_a_cell_given_twice_in_one_sending_is_refused(world, services):
    _counts, problems = send(
        world.pmo, [("MOH-ESERVICES", "2024-03-01", ["web"], 10), ("MOH-ESERVICES", "2024-03-01", ["web"], 11)]
    )
    assert [(p.where, p.field) for p in problems] == [(2, "period")]
    assert Measurement.objects.count() == 0


def test_a_monthly_indicator_takes_the_first_of_the_month(world, tax_returns):
    _counts, problems = send(world.pmo, [("MOF-EFILING", "2024-03-15", [], 10)])
    assert "2024-03-01" in problems[0].message
    counts, problems = send(world.pmo, [("MOF-EFILING", "2024-03", [], 10)])
    assert problems == [] and Measurement.objects.get().period == datetime.date(2024, 3, 1)


def test_other_entities_indicators_are_not_granted(world, services, tax_returns):
    # To the health focal point, finance's indicator does not exist.
    _counts, problems = send(world.focal_health, [("MOF-EFILING", "2024-03-01", [], 10)])
    assert [(p.field, p.message) for p in problems] == [("indicator", "لا يوجد مؤشر بهذا الرمز.")]
    assert Measurement.objects.count() == 0
    # A viewer of health reads the indicator but sends nothing.
    with pytest.raises(NotGranted):
        send(world.viewer_health, [("MOH-ESERVICES", "2024-03-01", ["web"], 10)])


@time_machine.travel(TODAY, tick=False)
def test_a_locked_period_refuses_changes(world, services):
    send(world.pmo, [("MOH-ESERVICES", "2024-03-01", ["web"], 10), ("MOH-ESERVICES", "2024-04-01", ["web"], 5)])
    validated = writes.indicator_lock_through(
        indicator=Indicator.objects.get(code="MOH-ESERVICES"),
        through=datetime.date(2024, 3, 31),
        user=world.pmo,
        version=1,
    )
    assert validated == 1
    assert Measurement.objects.get(period=datetime.date(2024, 3, 1)).status == "validated"
    assert Measurement.objects.get(period=datetime.date(2024, 4, 1)).status == "provisional"

    _counts, problems = send(world.pmo, [("MOH-ESERVICES", "2024-03-01", ["web"], 99)])

    assert problems[0].field == "period" and "2024-03-31" in problems[0].message
    assert Measurement.objects.get(period=datetime.date(2024, 3, 1)).value == 10
    counts, problems = send(world.pmo, [("MOH-ESERVICES", "2024-04-01", ["web"], 6)])  # after the lock: open
    assert problems == [] and counts.updated == 1


def test_only_the_programme_office_locks(world, services):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        writes.indicator_lock_through(
            indicator=Indicator.objects.get(code="MOH-ESERVICES"),
            through=datetime.date(2024, 3, 31),
            user=world.focal_health,
            version=1,
        )


def test_cumulative_total_over_a_date_range(world, services):
    rows = [("MOH-ESERVICES", day(n).isoformat(), [channel], n + 1) for n in range(60) for channel in ("web", "centre")]
    send(world.pmo, rows)
    # Days 10…19 inclusive, both channels: 2 × (11 + … + 20).
    assert series.range_value(services, day(10), day(19)) == 2 * sum(range(11, 21))
    assert series.range_value(services, day(10), day(19), where={"breakdown_1": "web"}) == sum(range(11, 21))
    assert series.range_value(services) == 2 * sum(range(1, 61))


def test_series_by_month_and_by_channel(world, services):
    rows = [
        ("MOH-ESERVICES", day(n).isoformat(), [channel], 1 if channel == "web" else 2)
        for n in range(62)
        for channel in ("web", "centre")
    ]
    send(world.pmo, rows)
    months = series.actuals(services, "month", day(0), day(61))
    assert months == {(datetime.date(2023, 7, 1), ""): 93, (datetime.date(2023, 8, 1), ""): 93}
    by_channel = series.split_series(services, services.dimensions.get(), "month", day(0), day(61))
    assert by_channel["web"][datetime.date(2023, 7, 1)] == 31 and by_channel["centre"][datetime.date(2023, 8, 1)] == 62
    weeks = series.actuals(services, "week", day(0), day(61))
    assert weeks[(datetime.date(2023, 7, 3), "")] == 21  # Monday 3 July: seven days × 3


def test_last_value_and_average_aggregations(world, services):
    rows = [("MOH-ESERVICES", day(n).isoformat(), ["web"], n) for n in range(62)]
    send(world.pmo, rows)
    services.aggregation = "last"
    assert series.actuals(services, "month")[(datetime.date(2023, 7, 1), "")] == 30
    services.aggregation, services.unit = "average", "days"
    assert series.actuals(services, "month")[(datetime.date(2023, 7, 1), "")] == 15  # 0…30
    assert series.range_value(services, day(0), day(30)) == 15


def test_a_formula_indicator_divides_its_terms(world):
    online = Indicator.objects.create(code="TX-ON", name_ar="إلكتروني", owner=world.moct, frequency="month")
    everything = Indicator.objects.create(code="TX-ALL", name_ar="الكل", owner=world.moct, frequency="month")
    takeup = Indicator.objects.create(
        code="TAKEUP", name_ar="الإقبال", owner=world.moct, frequency="month", unit="percent",
        numerator=online, denominator=everything, factor=100,
    )  # fmt: skip
    send(world.pmo, [("TX-ON", "2024-01-01", [], 30), ("TX-ALL", "2024-01-01", [], 120)])
    send(world.pmo, [("TX-ON", "2024-02-01", [], 45), ("TX-ALL", "2024-02-01", [], 150)])

    assert series.actuals(takeup, "month") == {
        (datetime.date(2024, 1, 1), ""): Decimal(25),
        (datetime.date(2024, 2, 1), ""): Decimal(30),
    }
    assert series.range_value(takeup) == (Decimal(75) / Decimal(270) * 100).quantize(Decimal("0.0001"))
    # A formula takes no values of its own.
    _counts, problems = send(world.pmo, [("TAKEUP", "2024-01-01", [], 30)])
    assert problems[0].field == "indicator"


def test_the_trajectory_runs_straight_from_the_baseline_through_each_target(world, tax_returns):
    tax_returns.baseline_date, tax_returns.baseline_value = datetime.date(2024, 1, 1), Decimal(100)
    tax_returns.aggregation = "last"
    tax_returns.save()
    Target.objects.create(indicator=tax_returns, period=datetime.date(2025, 1, 1), value=200)
    Target.objects.create(indicator=tax_returns, period=datetime.date(2025, 11, 1), value=260)
    corners = series.anchors(tax_returns)

    assert series.expected(corners, datetime.date(2024, 1, 1)) == 100
    assert series.expected(corners, datetime.date(2024, 7, 2)) == 150  # 183 of 366 days
    assert series.expected(corners, datetime.date(2025, 1, 1)) == 200
    assert series.expected(corners, datetime.date(2025, 6, 1)) == (200 + Decimal(60) * 151 / 304).quantize(
        Decimal("0.0001")
    )
    assert series.expected(corners, datetime.date(2025, 11, 1)) == 260
    assert series.expected(corners, datetime.date(2023, 12, 1)) is None  # before the baseline
    assert series.expected(corners, datetime.date(2025, 12, 1)) is None  # after the last target
    # A quarter of a stock indicator is judged on its last month's target.
    points = series.series(tax_returns, "quarter", datetime.date(2024, 10, 1), datetime.date(2024, 12, 31), today=TODAY)
    assert points[0].target == series.expected(corners, datetime.date(2024, 12, 1))


def test_each_period_is_met_or_not_and_carries_the_variance_comment(world, tax_returns):
    tax_returns.baseline_date, tax_returns.baseline_value = datetime.date(2024, 1, 1), Decimal(100)
    tax_returns.save()
    Target.objects.create(indicator=tax_returns, period=datetime.date(2024, 3, 1), value=100)
    send(world.pmo, [("MOF-EFILING", "2024-01-01", [], 120), ("MOF-EFILING", "2024-02-01", [], 90)])
    writes.variance_note_save(
        indicator=tax_returns, period=datetime.date(2024, 2, 1), text="انقطاع الشبكة أسبوعاً", user=world.focal_finance
    )

    points = series.series(tax_returns, "month", datetime.date(2024, 1, 1), datetime.date(2024, 3, 31), today=TODAY)

    assert [(p.actual, p.target, p.met) for p in points] == [(120, 100, True), (90, 100, False), (None, 100, None)]
    assert points[1].note == "انقطاع الشبكة أسبوعاً"
    lower_is_better = series.is_met
    tax_returns.direction = "down"
    assert lower_is_better(tax_returns, Decimal(90), Decimal(100)) is True


@time_machine.travel(TODAY, tick=False)
def test_a_period_not_over_is_not_judged(world, tax_returns):
    Target.objects.create(indicator=tax_returns, period=datetime.date(2026, 11, 1), value=100)
    send(world.pmo, [("MOF-EFILING", "2026-11-01", [], 10)])
    points = series.series(tax_returns, "month", datetime.date(2026, 11, 1), datetime.date(2026, 11, 30), today=TODAY)
    assert points[0].complete is False and points[0].met is None


@time_machine.travel(TODAY, tick=False)
def test_a_month_reported_only_in_part_is_not_judged_and_says_how_far_it_goes(world, services, client):
    """Daily values for October and for November up to the 23rd: October is judged,
    November (over by December, but reported to the 23rd only) is shown as such."""
    services.baseline_date, services.baseline_value = datetime.date(2026, 10, 1), Decimal(10)
    services.save()
    Target.objects.create(indicator=services, period=datetime.date(2026, 12, 31), value=10)  # ten a day
    october = [("MOH-ESERVICES", f"2026-10-{n:02}", ["web"], 50) for n in range(1, 32)]
    november = [("MOH-ESERVICES", f"2026-11-{n:02}", ["web"], 5) for n in range(1, 24)]
    send(world.pmo, october + november)
    later = datetime.date(2026, 12, 7)
    october_point, november_point = series.series(
        services, "month", datetime.date(2026, 10, 1), datetime.date(2026, 11, 30), today=later
    )
    assert october_point.met is True and october_point.reported_through is None
    assert november_point.complete and november_point.met is None
    assert november_point.reported_through == datetime.date(2026, 11, 23)
    # The page says so, and states its rule.
    with time_machine.travel(later, tick=False):
        client.force_login(world.pmo)
        page = client.get(
            reverse("indicators:indicator_detail", args=[services.code]),
            {"interval": "month", "first": "2026-10-01", "last": "2026-11-30"},
        ).content.decode()
    assert "البيانات حتى 23 تشرين الثاني 2026" in page and 'id="judging-rule"' in page
    assert "لم يتحقق" not in page
