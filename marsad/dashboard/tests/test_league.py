"""The entity league table: each entity's own figures on the worked example of
test_dashboard, each figure linking to a list of the same records, sorting, scope,
and its export."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from marsad.dashboard.tests.test_dashboard import TODAY, example, moment, shown_count  # noqa: F401 — the fixture

ROWS_OF = {"MOH", "DIR", "MOF"}


def rows_by_code(client, query=""):
    league = client.get(reverse("dashboard:league") + query).context["league"]
    return {row.entity.code: row for row in league["rows"]}, league


@time_machine.travel(moment(TODAY), tick=False)
def test_each_entity_counts_its_own_records(client, example):  # noqa: F811
    client.force_login(example["committee"])
    rows, league = rows_by_code(client)
    assert set(rows) == ROWS_OF
    moh, directorate, mof = rows["MOH"], rows["DIR"], rows["MOF"]
    # MOH owns A (execution, amber-red) and E (cancelled); its directorate owns C.
    assert (moh.owned, moh.in_execution, moh.on_schedule) == (2, 1, 0.0)
    assert moh.execution == 60.0  # E is cancelled: A alone
    assert (moh.stale, moh.obstacles, moh.oldest, moh.tasks) == (1, 1, 27, 1)
    assert directorate.owned == 1 and directorate.on_schedule is None  # C is in service
    # MOF: B (execution, green, budgeted 3M, 50 %) and D (approved, no %).
    assert (mof.owned, mof.on_schedule, mof.execution, mof.stale, mof.tasks) == (2, 100.0, 50.0, 0, 1)
    # Reports owed Aug–Oct: A three (one on time), B three (one on time), D none yet.
    assert (moh.timeliness, mof.timeliness) == (pytest.approx(100 / 3), pytest.approx(100 / 3))
    assert (league["total"].owned, league["total"].tasks, league["total"].obstacles) == (5, 2, 1)


@time_machine.travel(moment(TODAY), tick=False)
def test_every_figure_links_to_a_list_of_as_many(client, example):  # noqa: F811
    client.force_login(example["committee"])
    rows, league = rows_by_code(client)
    for row in [*rows.values(), league["total"]]:
        links = row.links()
        assert shown_count(client, links["owned"]) == row.owned
        assert shown_count(client, links["on_schedule"]) == row.on_schedule_count
        assert shown_count(client, links["stale"]) == row.stale
        obstacles = client.get(links["obstacles"]).context["total"]
        assert obstacles == row.obstacles
        tasks = client.get(links["tasks"]).context["filter"].qs.count()
        assert tasks == row.tasks


@time_machine.travel(moment(TODAY), tick=False)
def test_sorting_puts_blanks_last_either_way(client, example):  # noqa: F811
    client.force_login(example["committee"])
    order = list(rows_by_code(client, "?sort=-execution")[0])
    assert order == ["DIR", "MOH", "MOF"]  # 100 %, 60 %, 50 %
    listed = client.get(reverse("dashboard:league") + "?sort=-owned").context["league"]["rows"]
    assert [row.owned for row in listed] == sorted((row.owned for row in listed), reverse=True)
    listed = client.get(reverse("dashboard:league") + "?sort=on_schedule").context["league"]["rows"]
    assert [row.entity.code for row in listed] == ["MOH", "MOF", "DIR"]  # 0 %, 100 %, then none


@time_machine.travel(moment(TODAY), tick=False)
def test_a_focal_point_sees_only_its_own_rows(client, example):  # noqa: F811
    client.force_login(example["focal"])
    rows, league = rows_by_code(client)
    assert set(rows) == {"MOF"}
    assert league["total"].owned == 2 and league["total"].obstacles == 0


@time_machine.travel(moment(TODAY), tick=False)
def test_the_export_holds_the_rows_and_order_on_screen(client, example):  # noqa: F811
    client.force_login(example["committee"])
    text = client.get(reverse("dashboard:league_export", args=["csv"]) + "?sort=-owned").getvalue()
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert lines[0][0] == "الجهة" and len(lines) == 1 + 3 + 1  # header, three entities, all entities
    assert [line[1] for line in lines[1:]] == ["2", "2", "1", "5"]
    book = load_workbook(
        io.BytesIO(client.get(reverse("dashboard:league_export", args=["xlsx"]) + "?sort=name").getvalue())
    )
    sheet = book.active
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [
        "مديرية",
        "وزارة الصحة",
        "وزارة المالية",
        "كل الجهات",
    ]
    assert sheet.cell(3, 2).value == 2 and isinstance(sheet.cell(3, 2).value, int)


@time_machine.travel(moment(TODAY), tick=False)
def test_the_scorecard_adds_the_entitys_indicators_and_the_decisions_that_concern_it(client, example):  # noqa: F811
    from marsad.indicators.models import Indicator
    from marsad.portfolio.models import Entity

    Indicator.objects.create(code="MOF-1", name_ar="الإيرادات الإلكترونية", owner=Entity.objects.get(code="MOF"))
    client.force_login(example["committee"])
    mof = client.get(reverse("portfolio:entity_detail", args=["MOF"])).content.decode()
    assert "الإيرادات الإلكترونية" in mof  # its indicator
    assert "إدراج المشروع أ" in mof  # the decision that assigned it a task
    moh = client.get(reverse("portfolio:entity_detail", args=["MOH"])).content.decode()
    assert "الإيرادات الإلكترونية" not in moh
