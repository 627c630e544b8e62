"""Demo indicators: the service counts the committee heard, and strategy indicators.

- Citizen Service Centre: 3,615,100 e-services from 1 July 2023 through the meeting day,
  by day, channel and service; the Expatriates Portal: 94,125 by day and service.
  The split into days and cells is plausible (growth, quiet Fridays, the mobile channel
  growing); the totals are the article's, to the unit, and no value falls after the
  meeting.
- Strategy indicators with baselines, targets and trajectories: e-services available
  online, entities connected to the government service bus, and digital take-up, a
  formula over online and all transactions.
Values are written through the same writer as every import, so loading again on the
same day finds every value unchanged and writes nothing.
"""

import datetime
import random
from decimal import Decimal
from typing import Any

from marsad.indicators.choices import Source
from marsad.indicators.ingest import Value, Writer
from marsad.indicators.models import Dimension, DimensionValue, Indicator, Target
from marsad.indicators.periods import starts_between
from marsad.portfolio.models import Entity, Project, Strategy

SERVICES_SINCE = datetime.date(2023, 7, 1)
CSC_TOTAL = 3_615_100
EXPATRIATES_TOTAL = 94_125

CHANNELS = [
    ("centre", "نوافذ مراكز خدمة المواطن", "Service centre counters"),
    ("web", "البوابة الإلكترونية", "Web portal"),
    ("mobile", "تطبيق الهاتف المحمول", "Mobile application"),
]
CSC_SERVICES = [
    ("civil", "وثائق الأحوال المدنية", "Civil status documents", 0.38),
    ("criminal", "وثيقة غير محكوم", "Criminal record certificate", 0.22),
    ("property", "البيانات العقارية", "Property records", 0.16),
    ("vehicles", "خدمات المركبات", "Vehicle services", 0.14),
    ("bills", "تسديد الفواتير", "Bill payment", 0.10),
]
EXPATRIATE_SERVICES = [
    ("passport", "تجديد جواز السفر", "Passport renewal", 0.41),
    ("civil", "إخراج القيد", "Civil registry extracts", 0.27),
    ("attorney", "تصديق الوكالات", "Powers of attorney", 0.19),
    ("documents", "تصديق الوثائق", "Document certification", 0.13),
]

DEFINITIONS: list[dict[str, Any]] = [
    dict(
        code="CSC-ESERVICES",
        name_ar="الخدمات الإلكترونية المقدمة في مراكز خدمة المواطن",
        name_en="E-services delivered by the Citizen Service Centres",
        unit="count", frequency="day", aggregation="sum", owner="MOCT", strategy="NDTS",
        is_public=True, is_headline=True, baseline=(0, 1600), targets=[(900, 3500), (1600, 5000)],
    ),
    dict(
        code="EXPAT-PORTAL",
        name_ar="الخدمات المقدمة عبر بوابة المغتربين",
        name_en="Services delivered through the Expatriates Portal",
        unit="count", frequency="day", aggregation="sum", owner="MOCT", strategy="NDTS",
        is_public=True, is_headline=True,
    ),
    dict(
        code="EGOV-ONLINE",
        name_ar="عدد الخدمات الحكومية المتاحة إلكترونياً",
        name_en="Government services available online",
        unit="count", frequency="quarter", aggregation="last", owner="MOCT", strategy="NDTS",
        is_public=True, is_headline=True, baseline=(0, 120), targets=[("2025-10-01", 250), ("2027-10-01", 400)],
    ),
    dict(
        code="GSB-ENTITIES",
        name_ar="الجهات المرتبطة بالناقل الحكومي",
        name_en="Entities connected to the government service bus",
        unit="count", frequency="quarter", aggregation="last", owner="MOCT", strategy="NDTS", projects=["GSB"],
        is_headline=True, baseline=("2024-01-01", 4), targets=[("2026-10-01", 30), ("2028-10-01", 60)],
    ),
    dict(
        code="TX-ONLINE",
        name_ar="المعاملات الحكومية المنجزة إلكترونياً",
        name_en="Government transactions completed online",
        unit="count", frequency="month", aggregation="sum", owner="MOCT", strategy="NDTS",
    ),
    dict(
        code="TX-ALL",
        name_ar="إجمالي المعاملات الحكومية",
        name_en="All government transactions",
        unit="count", frequency="month", aggregation="sum", owner="MOCT", strategy="NDTS",
    ),
    dict(
        code="DIGITAL-TAKEUP",
        name_ar="نسبة الإقبال على القنوات الرقمية",
        name_en="Digital take-up",
        description="المعاملات المنجزة إلكترونياً ÷ إجمالي المعاملات × 100",
        unit="percent", frequency="month", aggregation="average", owner="MOCT", strategy="NDTS",
        numerator="TX-ONLINE", denominator="TX-ALL", factor=100, is_headline=True,
        baseline=(0, 18), targets=[("2026-12-01", 40), ("2028-12-01", 60)],
    ),
]  # fmt: skip


def _day(meeting: datetime.date, when) -> datetime.date:
    """A date from the definitions: an ISO date, or days after 1 July 2023."""
    if isinstance(when, str):
        return datetime.date.fromisoformat(when)
    return SERVICES_SINCE + datetime.timedelta(days=when)


def _apportion(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to `weights` that add up to `total` exactly
    (largest remainders)."""
    scale = total / sum(weights)
    shares = [weight * scale for weight in weights]
    whole = [int(share) for share in shares]
    order = sorted(range(len(shares)), key=lambda i: shares[i] - whole[i], reverse=True)
    for index in order[: total - sum(whole)]:
        whole[index] += 1
    return whole


def _daily_counts(days, cells, total, rng) -> list[int]:
    """Counts for every (day, cell): growing over time, quiet on Fridays, noisy."""
    weights = []
    span = max(len(days) - 1, 1)
    for position, day in enumerate(days):
        growth = 1 + 1.5 * position / span
        weekday = {4: 0.15, 5: 0.55}.get(day.weekday(), 1.0)  # Friday, Saturday
        for cell_weight, mobile_share in cells:
            channel_growth = 1 + 3 * position / span if mobile_share else 1
            weights.append(growth * weekday * cell_weight * channel_growth * rng.uniform(0.85, 1.15))
    return _apportion(total, weights)


def _definitions(meeting) -> dict[str, Indicator]:
    entities = {entity.code: entity for entity in Entity.objects.all()}
    strategies = {strategy.code: strategy for strategy in Strategy.objects.all()}
    found: dict[str, Indicator] = {}
    for definition in DEFINITIONS:
        spec: dict[str, Any] = dict(definition)
        baseline, targets = spec.pop("baseline", None), spec.pop("targets", [])
        project_codes = spec.pop("projects", [])
        values = {
            **{key: spec[key] for key in ("name_ar", "name_en", "unit", "frequency", "aggregation")},
            "description": spec.get("description", ""),
            "owner": entities[spec["owner"]],
            "strategy": strategies[spec["strategy"]],
            "is_public": spec.get("is_public", False),
            "is_headline": spec.get("is_headline", False),
            "numerator": found.get(spec.get("numerator", "")),
            "denominator": found.get(spec.get("denominator", "")),
            "factor": Decimal(spec.get("factor", 1)),
            "baseline_date": _day(meeting, baseline[0]) if baseline else None,
            "baseline_value": Decimal(baseline[1]) if baseline else None,
        }
        indicator = Indicator.objects.filter(code=spec["code"]).first() or Indicator(code=spec["code"])
        if any(getattr(indicator, name) != value for name, value in values.items()) or indicator.pk is None:
            for name, value in values.items():
                setattr(indicator, name, value)
            indicator.full_clean()
            indicator.save()
        wanted = set(Project.objects.filter(code__in=project_codes))
        if set(indicator.projects.all()) != wanted:  # type: ignore[misc]
            indicator.projects.set(wanted)
        for when, value in targets:
            target = Target.objects.filter(indicator=indicator, period=_day(meeting, when)).first()
            if target is None or target.value != Decimal(value):  # unchanged: no history row
                Target.objects.update_or_create(
                    indicator=indicator, period=_day(meeting, when), defaults={"value": Decimal(value)}
                )
        found[spec["code"]] = indicator
    return found


def _dimension(indicator, position, code, name_ar, name_en, values) -> Dimension:
    dimension, _created = Dimension.objects.update_or_create(
        indicator=indicator, position=position, defaults={"code": code, "name_ar": name_ar, "name_en": name_en}
    )
    for order, (value_code, value_ar, value_en, *_weight) in enumerate(values, 1):
        DimensionValue.objects.update_or_create(
            dimension=dimension, code=value_code, defaults={"name_ar": value_ar, "name_en": value_en, "order": order}
        )
    return dimension


def load_indicators(*, meeting: datetime.date, feed_user, pmo) -> int:
    """Load the demo indicators and their values; returns how many values were written."""
    rng = random.Random(20230701)  # noqa: S311 -- plausible demo figures, not secrets
    indicators = _definitions(meeting)
    csc, expat = indicators["CSC-ESERVICES"], indicators["EXPAT-PORTAL"]
    _dimension(csc, 1, "channel", "قناة تقديم الخدمة", "Channel", CHANNELS)
    _dimension(csc, 2, "service", "الخدمة", "Service", CSC_SERVICES)
    _dimension(expat, 1, "service", "الخدمة", "Service", EXPATRIATE_SERVICES)
    days = starts_between(SERVICES_SINCE, meeting, "day")

    written = 0
    # The centre's channels: counters most, the mobile application growing fastest.
    channel_weights = {"centre": 0.62, "web": 0.30, "mobile": 0.08}
    cells = [
        ((channel, service, ""), channel_weights[channel] * share)
        for channel, *_names in CHANNELS
        for service, _ar, _en, share in CSC_SERVICES
    ]
    counts = _daily_counts(days, [(weight, key[0] == "mobile") for key, weight in cells], CSC_TOTAL, rng)
    values = [
        Value(csc.pk, day, key, Decimal(counts[d * len(cells) + c]))
        for d, day in enumerate(days)
        for c, (key, _weight) in enumerate(cells)
    ]
    written += _write(values, feed_user, Source.API)

    cells = [((service, "", ""), share) for service, _ar, _en, share in EXPATRIATE_SERVICES]
    counts = _daily_counts(days, [(weight, False) for _key, weight in cells], EXPATRIATES_TOTAL, rng)
    values = [
        Value(expat.pk, day, key, Decimal(counts[d * len(cells) + c]))
        for d, day in enumerate(days)
        for c, (key, _weight) in enumerate(cells)
    ]
    written += _write(values, pmo, Source.IMPORT)

    quarters = starts_between(SERVICES_SINCE, meeting, "quarter")
    online = [
        Value(indicators["EGOV-ONLINE"].pk, q, ("", "", ""), Decimal(120 + 9 * i)) for i, q in enumerate(quarters)
    ]
    connected = [4, 6, 9, 11, 13, 16, 18, 19, 21, 22, 24, 25, 26, 27]
    bus = [
        Value(indicators["GSB-ENTITIES"].pk, q, ("", "", ""), Decimal(connected[min(i, len(connected) - 1)]))
        for i, q in enumerate(q for q in quarters if q >= datetime.date(2024, 1, 1))
    ]
    months = starts_between(SERVICES_SINCE, meeting, "month")
    everything = [
        Value(indicators["TX-ALL"].pk, m, ("", "", ""), Decimal(110_000 + 1_200 * i + rng.randint(-3000, 3000)))
        for i, m in enumerate(months)
    ]
    online_tx = [
        Value(indicators["TX-ONLINE"].pk, m, ("", "", ""), Decimal(int(v.value * Decimal(0.18 + 0.0045 * i))))
        for i, (m, v) in enumerate(zip(months, everything, strict=True))
    ]
    written += _write([*online, *bus, *everything, *online_tx], pmo, Source.MANUAL)
    return written


def _write(values, user, source) -> int:
    writer = Writer(user=user, source=source)
    for start in range(0, len(values), 5000):
        chunk = values[start : start + 5000]
        writer.write(chunk, list(range(start, start + len(chunk))))
    return writer.counts.created + writer.counts.updated
