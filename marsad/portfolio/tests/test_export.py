"""The portfolio exports what the screen shows: the same filters, the same order, only
what the reader may read, with real dates and numbers."""

import csv
import datetime
import io
import re

from django.urls import reverse
from openpyxl import load_workbook


def csv_rows(client, query=""):
    response = client.get(reverse("portfolio:project_export", args=["csv"]) + query)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="marsad-projects.csv"'
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def screen_codes(client, query=""):
    page = client.get(reverse("portfolio:project_list") + query).content.decode()
    return re.findall(r'<div class="small text-body-secondary" dir="ltr">([A-Z0-9-]+)</div>', page)


def test_the_export_follows_the_filters_and_order_on_screen(client, world):
    client.force_login(world.committee)
    for query in ("", "?sort=-go_live", "?status=execution&sort=-percent", "?entity=MOCT"):
        rows = csv_rows(client, query)
        assert rows[0][:3] == ["رمز المشروع", "المشروع", "الجهة المالكة"]
        assert [row[0] for row in rows[1:]] == screen_codes(client, query), query


def test_the_page_offers_the_export_of_what_it_shows(client, world):
    client.force_login(world.committee)
    page = client.get(reverse("portfolio:project_list") + "?status=execution").content.decode()
    assert 'href="/projects/export.xlsx?status=execution" data-export="xlsx"' in page


def test_a_focal_point_exports_only_its_projects(client, world):
    client.force_login(world.focal_finance)
    assert [row[0] for row in csv_rows(client)[1:]] == ["ITAS"]


def test_excel_cells_are_dates_and_numbers(client, world):
    client.force_login(world.committee)
    response = client.get(reverse("portfolio:project_export", args=["xlsx"]) + "?q=NHR")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    row = [cell.value for cell in sheet[2]]
    assert row[0] == "NHR"
    assert row[6] == 40.0  # execution %: (1×100 + 3×20) / 4
    assert row[7].date() == datetime.date(2027, 3, 1) and sheet.cell(2, 8).is_date  # original baseline go-live
    assert row[8].date() == datetime.date(2027, 7, 1)  # expected go-live
    assert row[10] == 122  # days of slippage
    assert sheet.max_row == 2
