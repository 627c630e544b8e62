"""One number parser (`marsad.lib.numbers`): the same text typed into the API, the
entry grid, a CSV file, an Excel file and an importer's number column gives the same
value, or the same refusal, whichever way it arrives."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from rest_framework.test import APIClient

from marsad.imports.spreadsheet import CellError
from marsad.imports.spreadsheet import number as number_column
from marsad.indicators.imports import MeasurementImporter
from marsad.indicators.models import Measurement
from marsad.lib.numbers import NotANumber, parse_number

TODAY = datetime.datetime(2026, 11, 28, 10, tzinfo=datetime.UTC)
PERIOD = "2026-11-20"

# (typed, the value every way must read, or None: every way refuses it alike)
TABLE = [
    ("3,615,100", Decimal("3615100")),
    ("٣٬٦١٥٬١٠٠", Decimal("3615100")),  # Arabic-Indic digits, Arabic thousands separator
    ("12٫5", Decimal("12.5")),  # the Arabic decimal separator
    ("12.5", Decimal("12.5")),
    ("٤٢", Decimal("42")),
    ("۱۲۳", Decimal("123")),  # Eastern Arabic-Indic digits
    ("42%", Decimal("42")),
    ("٤٢٪", Decimal("42")),  # the Arabic percent sign
    ("  7 ", Decimal("7")),
    ("1E+3", Decimal("1000")),  # as Excel writes a large number into CSV
    ("1,234.5", Decimal("1234.5")),
    ("\u200f120", Decimal("120")),  # a right-to-left mark copied with Arabic text
    ("0", Decimal("0")),
    ("1,5", None),  # a European decimal comma: refused, never read as 15
    ("12,34,567", None),  # groups that are not of three digits
    ("مئة", None),
    ("1_000", None),
    ("1 000", None),
    ("NaN", None),
    ("12..5", None),
]


def message() -> str:
    with translation.override("ar"):
        return str(NotANumber())


def through_the_parser(typed):
    try:
        return parse_number(typed)
    except NotANumber as refused:
        return str(refused)


def through_the_number_column(typed):
    try:
        return number_column(typed)
    except CellError as refused:
        return str(refused)


def stored_value():
    found = Measurement.objects.filter(indicator__code="MOH-ESERVICES").first()
    Measurement.objects.all().delete()
    return found.value if found is not None else None


def through_the_api(world, typed):
    api = APIClient()
    api.force_authenticate(world.focal_health)
    item = {"indicator": "MOH-ESERVICES", "period": PERIOD, "breakdown": {"channel": "web"}, "value": typed}
    response = api.post("/api/v1/measurements/bulk/", {"values": [item]}, format="json", HTTP_ACCEPT_LANGUAGE="ar")
    if response.status_code == 400:
        return " ".join(response.json()["values"]["0"]["value"])
    assert response.status_code == 200, response.content
    return stored_value()


def through_the_grid(client, typed):
    url = reverse("indicators:measurement_entry", args=["MOH-ESERVICES"])
    response = client.post(url, {"period": PERIOD, "cell-0": typed, "was-0": "", "cell-1": "", "was-1": ""})
    if response.status_code == 200:
        shown = response.content.decode()
        return message() if f"البوابة: {message()}" in shown else shown
    assert response.status_code == 302
    return stored_value()


def through_a_file(world, data: bytes):
    importer = MeasurementImporter(world.focal_health)
    result = importer.read(io.BytesIO(data))
    if result.problems:
        return " ".join(problem.message for problem in result.problems)
    importer.apply(io.BytesIO(data))
    return stored_value()


def csv_file(typed) -> bytes:
    value = f'"{typed}"' if "," in typed else typed
    return f"رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1\nMOH-ESERVICES,{PERIOD},{value},web\n".encode()


def xlsx_file(value) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator code", "Period (YYYY-MM-DD)", "Value", "Breakdown 1"])
    sheet.append(["MOH-ESERVICES", PERIOD, value, "web"])
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("typed", "expected"), TABLE)
def test_every_way_in_reads_the_same_number(client, world, services, typed, expected):
    client.force_login(world.focal_health)
    want = expected if expected is not None else message()
    with translation.override("ar"):
        found = {
            "parser": through_the_parser(typed),
            "number column": through_the_number_column(typed),
            "API": through_the_api(world, typed),
            "grid": through_the_grid(client, typed),
            "CSV": through_a_file(world, csv_file(typed)),
            "Excel": through_a_file(world, xlsx_file(typed)),
        }
    assert found == dict.fromkeys(found, want)


@time_machine.travel(TODAY, tick=False)
def test_excel_numbers_and_percent_cells_read_as_typed(world, services):
    """A number cell is the number; a percent-formatted cell holding 0.42 is 42 %."""
    assert through_a_file(world, xlsx_file(3615100)) == Decimal("3615100")
    assert through_a_file(world, xlsx_file(12.5)) == Decimal("12.5")
    book = Workbook()
    sheet = book.active
    sheet.append(["Indicator code", "Period (YYYY-MM-DD)", "Value", "Breakdown 1"])
    sheet.append(["MOH-ESERVICES", PERIOD, 0.42, "web"])
    sheet["C2"].number_format = "0%"
    output = io.BytesIO()
    book.save(output)
    assert through_a_file(world, output.getvalue()) == Decimal("42")
