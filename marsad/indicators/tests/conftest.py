import datetime

import pytest

from marsad.indicators.models import Dimension, DimensionValue, Indicator


@pytest.fixture
def services(world):
    """The Ministry of Health's daily count of e-services, by channel."""
    indicator = Indicator.objects.create(
        code="MOH-ESERVICES",
        name_ar="الخدمات الصحية الإلكترونية",
        name_en="Health e-services",
        owner=world.health,
        frequency="day",
        aggregation="sum",
    )
    channel = Dimension.objects.create(indicator=indicator, position=1, code="channel", name_ar="القناة")
    DimensionValue.objects.create(dimension=channel, code="web", name_ar="البوابة", name_en="Web portal", order=1)
    DimensionValue.objects.create(dimension=channel, code="centre", name_ar="المركز", name_en="Centre", order=2)
    return indicator


@pytest.fixture
def tax_returns(world):
    """The Ministry of Finance's monthly count of tax returns filed online."""
    return Indicator.objects.create(
        code="MOF-EFILING", name_ar="الإقرارات الضريبية الإلكترونية", owner=world.finance, frequency="month"
    )


def day(n: int) -> datetime.date:
    """Days from 1 July 2023."""
    return datetime.date(2023, 7, 1) + datetime.timedelta(days=n)
