"""Whether a value is validated (locked by the programme office) or still provisional
reads the same on the indicator page, in its export and in the open data."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from marsad.indicators.models import Indicator, Measurement
from marsad.public import content, opendata
from marsad.public.models import Disclosure

pytestmark = pytest.mark.django_db


def test_validated_and_provisional_values_are_said_on_every_surface(client, world):
    indicator = Indicator.objects.create(
        code="MOH-VISITS", name_ar="زيارات", owner=world.health, frequency="month", is_public=True,
        locked_through=datetime.date(2026, 9, 30),
    )  # fmt: skip
    now = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
    for month, value in ((9, 10), (10, 12)):
        Measurement.objects.create(
            indicator=indicator, period=datetime.date(2026, month, 1), value=value, created_at=now, updated_at=now
        )
    client.force_login(world.focal_health)
    url = reverse("indicators:indicator_detail", args=["MOH-VISITS"])
    page = client.get(url, {"first": "2026-09-01", "last": "2026-10-31"}).content.decode()
    rows = page[page.index('id="periods"') :].split("</table>")[0].split("<tr>")
    september = next(row for row in rows if "أيلول" in row)
    october = next(row for row in rows if "تشرين الأول" in row)
    assert "معتمدة" in september and "أولية" not in september
    assert "أولية" in october and "معتمدة" not in october

    export = client.get(
        reverse("indicators:indicator_values_export", args=["MOH-VISITS", "xlsx"]),
        {"first": "2026-09-01", "last": "2026-10-31"},
    )
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    column = cells[0].index("الرقم")
    statuses = {row[0]: row[column] for row in cells[1:]}
    assert "معتمدة" in statuses.values() and "أولية" in statuses.values()

    Disclosure.objects.create(kind="indicator", object_id=indicator.pk, shown=["latest", "series"])
    columns, values = opendata.rows("indicator-values", content.everything(world.today))
    assert "validated" in columns
    assert {(v["period"].month, v["validated"]) for v in values if v["indicator"] == "MOH-VISITS"} >= {
        (9, True),
        (10, False),
    }
