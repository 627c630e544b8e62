"""The obstacle board, the committee list, requirement lists and exports."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Project

pytestmark = pytest.mark.django_db


def grow(world, count):
    projects = Project.objects.bulk_create(
        Project(code=f"O-{n:03d}", name_ar=f"مشروع {n}", owner=[world.health, world.finance][n % 2])
        for n in range(count)
    )
    Obstacle.objects.bulk_create(
        Obstacle(
            project=project,
            title=f"عقبة {project.code}",
            category="funding",
            level=1 + n % 3,
            raised_on=datetime.date(2026, 9, 1),
            responsible_entity=world.moct,
        )
        for n, project in enumerate(projects)
    )
    Requirement.objects.bulk_create(
        Requirement(
            project=project, kind="equipment", description=f"تجهيزات {project.code}", responsible_entity=world.moct
        )
        for project in projects
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:  # an export reads its rows as it sends them
            response.getvalue()
    assert response.status_code == 200
    return len(context), response


@pytest.mark.parametrize(
    "url",
    [
        reverse("obstacles:board"),
        reverse("obstacles:board") + "?category=funding&older_than=30",
        reverse("obstacles:awaiting_committee"),
        reverse("obstacles:requirement_list"),
        reverse("obstacles:export", args=["xlsx"]),
        reverse("obstacles:requirements_export", args=["csv"]),
        reverse("portfolio:entity_detail", args=["MOH"]),
    ],
)
def test_lists_keep_a_constant_query_count(client, world, url):
    client.force_login(world.committee)
    grow(world, 6)
    small, _ = queries(client, url)
    Obstacle.objects.all().delete()
    Requirement.objects.all().delete()
    Project.objects.filter(code__startswith="O-").delete()
    grow(world, 120)
    large, response = queries(client, url)
    assert small == large


def test_the_board_shows_columns_by_level_with_ages(client, world):
    grow(world, 6)
    client.force_login(world.committee)
    html = client.get(reverse("obstacles:board")).content.decode()
    for label in ("المشروع", "مكتب البرنامج", "اللجنة العليا"):
        assert label in html
    assert html.count("obstacle-card") == 6 and "عقبة O-005" in html


def test_a_full_board_shows_the_oldest_of_each_level_and_pages_the_rest(client, world):
    from marsad.obstacles.views import CARDS_PER_COLUMN

    grow(world, 180)  # 60 at each level
    Obstacle.objects.filter(project__code="O-001").update(raised_on=datetime.date(2026, 1, 5))  # the oldest
    client.force_login(world.committee)
    html = client.get(reverse("obstacles:board")).content.decode()
    assert html.count("obstacle-card") == 3 * CARDS_PER_COLUMN
    assert "عقبة O-001" in html  # the oldest at its level is on the board
    assert html.count('<span class="badge text-bg-secondary">60</span>') == 3  # each column counts all it holds
    assert html.count("عرض الكل في هذا المستوى (60)") == 3
    level_two = client.get(reverse("obstacles:board") + "?category=funding&level=2").content.decode()
    assert level_two.count("obstacle-card") == 50  # the level chosen: its column, 50 a page
    assert "عرض الكل في هذا المستوى" not in level_two
    assert 'href="?category=funding&amp;level=2&page=2"' in level_two  # the filters kept
    rest = client.get(reverse("obstacles:board") + "?category=funding&level=2&page=2").content.decode()
    assert rest.count("obstacle-card") == 10


def test_a_focal_point_sees_and_exports_only_what_they_may_read(client, world):
    grow(world, 6)
    client.force_login(world.focal_finance)
    html = client.get(reverse("obstacles:board")).content.decode()
    assert "عقبة O-001" in html and "عقبة O-000" not in html  # odd ones are Finance's
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("obstacles:export", args=["csv"])).getvalue().decode("utf-8-sig")))
    )
    assert rows[0][0] == "رمز المشروع" and {row[0] for row in rows[1:]} == {"O-001", "O-003", "O-005"}
    book = load_workbook(io.BytesIO(client.get(reverse("obstacles:requirements_export", args=["xlsx"])).getvalue()))
    assert book.active.sheet_view.rightToLeft
    assert {row[0] for row in book.active.iter_rows(min_row=2, values_only=True)} == {"O-001", "O-003", "O-005"}


def test_the_committee_list_is_oldest_first(client, world):
    grow(world, 6)
    Obstacle.objects.filter(project__code="O-005").update(raised_on=datetime.date(2026, 1, 1))
    client.force_login(world.committee)
    html = client.get(reverse("obstacles:awaiting_committee")).content.decode()
    assert html.index("عقبة O-005") < html.index("عقبة O-002")


def test_a_formula_in_a_title_is_not_run_by_the_spreadsheet(client, world):
    Obstacle.objects.create(project=world.health_registry, title='=HYPERLINK("x")', category="technical")
    client.force_login(world.pmo)
    text = client.get(reverse("obstacles:export", args=["csv"])).getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in text
