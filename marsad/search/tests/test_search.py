"""Searching as people really type Arabic, within what each reader may read.

Every test here runs on SQLite (FTS5) and, in `make test`, on PostgreSQL (full-text
search and trigrams): the same assertions hold on both engines.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from marsad.accounts.models import User
from marsad.committee import decisions
from marsad.committee.models import Committee, Meeting, Task
from marsad.conftest import make_project, set_language
from marsad.imports.registry import importer_class
from marsad.indicators.models import Indicator
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Entity, Programme, Project, Strategy
from marsad.rollouts.services import rollout_create
from marsad.search import queries
from marsad.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(world):
    """A record of every searchable kind, each with a word spelt the careful way."""
    strategy = Strategy.objects.create(
        code="NDTS",
        name_ar="الإستراتيجية الوطنية للتحول الرقمي",
        description="رؤية للحكومة الإلكترونية",
        owner=world.moct,
    )
    programme = Programme.objects.create(
        code="P-AUTO", strategy=strategy, name_ar="برنامج أتمتة الإجراءات", description="مؤسسات الدولة"
    )
    invoicing = make_project(
        "E-INV", world.finance, name_ar="الفوترة الإلكترونية", name_en="E-Invoicing", description="ربط المكلّفين"
    )
    imports = make_project(
        "IMP-LIC", world.finance, name_ar="أتمتة إجازات الإستيراد", description="تسريع التخليص الجمركي"
    )
    obstacle = Obstacle.objects.create(
        project=world.health_registry, title="نقص الكوادر الفنّيّة", description="تأخّر تأهيل المبرمجين", category="staff"
    )
    requirement = Requirement.objects.create(project=world.tax, kind="equipment", description="مخدّمات لمركز البيانات")
    indicator = Indicator.objects.create(
        code="MOH-VISITS", name_ar="المواعيد الصحيّة الإلكترونية", owner=world.health, frequency="month"
    )
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    meeting = Meeting.objects.create(
        committee=higher, number=12, date=datetime.date(2026, 11, 14), status="held", place="مقرّ رئاسة مجلس الوزراء"
    )
    decision = decisions.record(
        meeting=meeting, user=world.pmo, kind="other", text="تكليف وزارة المالية بتعميم الفوترة على المكلّفين"
    )
    task = Task.objects.create(
        decision=decision, title="تقديم خطة تعميم الإستيراد الآلي", assigned_entity=world.finance
    )
    rollout = rollout_create(
        user=world.pmo, code="E-PAY", name_ar="الدفع الإلكتروني في المصارف", capability="e_payment",
        lead_entity=world.finance, target_date=datetime.date(2027, 6, 30),
    )  # fmt: skip
    return locals()


def found(user, text, **options) -> dict[str, list]:
    """{kind: [records]} as `user` finds them."""
    return {group.kind: [hit.record for hit in group.hits] for group in queries.search(user, text, **options)}


@pytest.mark.parametrize(
    ("typed", "kind", "name"),
    [
        ("الاستراتيجيه الوطنيه", "portfolio.strategy", "strategy"),
        ("اتمته الاجراءات", "portfolio.programme", "programme"),
        ("الفوتره", "portfolio.project", "invoicing"),
        ("الإستيراد", "portfolio.project", "imports"),  # the hamza typed where the name has none… or has
        ("اجازات الاستيراد", "portfolio.project", "imports"),
        ("الكوادر الفنيه", "obstacles.obstacle", "obstacle"),
        ("مخدمات", "obstacles.requirement", "requirement"),
        ("المواعيد الصحيه", "indicators.indicator", "indicator"),
        ("مقر رئاسه", "committee.meeting", "meeting"),
        ("المكلفين", "committee.decision", "decision"),
        ("الاستيراد الالى", "committee.task", "task"),
        ("المصارف", "rollouts.rollout", "rollout"),
        ("وزاره الصحه", "portfolio.entity", None),
        ("حكومه", "portfolio.strategy", "strategy"),  # without the article, inside the description
        ("الحكومه الالكترونيه", "portfolio.strategy", "strategy"),
        ("e-invoicing", "portfolio.project", "invoicing"),  # English, any case
        # A particle joined to the word in the text ("بتعميم", "للحكومة"), not in the query.
        ("تعميم الفوتره", "committee.decision", "decision"),
        ("لحكومه", "portfolio.strategy", "strategy"),
    ],
)
def test_each_kind_is_found_from_a_variant_spelling(world, records, typed, kind, name):
    expected = world.health if name is None else records[name]
    assert expected in found(world.pmo, typed).get(kind, [])


def test_a_word_matches_as_the_start_of_a_word(world, records):
    assert records["invoicing"] in found(world.pmo, "الفوت")["portfolio.project"]
    # …but not in the middle of one.
    assert "portfolio.project" not in found(world.pmo, "وتره")


@pytest.mark.parametrize(
    ("typed", "kind", "name"),
    [
        ("الالكترونيع", "portfolio.project", "invoicing"),  # the last letter wrong
        ("الفوترع الالكترونيه", "portfolio.project", "invoicing"),
        ("المصارق", "rollouts.rollout", "rollout"),
    ],
)
def test_a_one_letter_typo_in_a_long_name_is_found_on_either_database(world, records, typed, kind, name):
    # The same trigrams on both: pg_trgm on PostgreSQL, a function of ours on SQLite.
    assert found(world.pmo, typed, kinds=[kind]) == {kind: [records[name]]}


def test_a_word_unlike_any_title_finds_nothing_on_either_database(world, records):
    assert found(world.pmo, "مستحيل", kinds=["portfolio.project"]) == {}


def test_every_word_must_match(world, records):
    assert found(world.pmo, "الفوتره المستحيلة") == {}


def test_a_title_match_ranks_before_a_match_in_the_text(world, records):
    # "الجمركي" is in the import project's description, and in this project's name.
    customs = make_project("CUSTOMS", world.finance, name_ar="النظام الجمركي الموحد")
    assert found(world.pmo, "الجمركي")["portfolio.project"] == [customs, records["imports"]]


def test_results_show_the_record_with_the_words_marked(client, world, records):
    client.force_login(world.pmo)
    page = client.get(reverse("search:search"), {"q": "الفوتره"}).content.decode()
    assert "<mark>الفوترة</mark> الإلكترونية" in page
    assert f'href="{records["invoicing"].get_absolute_url()}"' in page
    # The decision matched in its wording: the snippet shows it, marked.
    assert "بتعميم <mark>الفوترة</mark> على" in page


def test_diacritics_are_marked_with_the_word_they_belong_to(world, records):
    (group,) = queries.search(world.pmo, "الفنيه", kinds=["obstacles.obstacle"])
    assert "<mark>الفنّيّة</mark>" in group.hits[0].title


def test_the_results_can_be_limited_to_a_kind_and_an_entity(client, world, records):
    assert list(found(world.pmo, "الفوتره", kinds=["committee.task"])) == []
    assert list(found(world.pmo, "الاستيراد", kinds=["committee.task"])) == ["committee.task"]
    assert found(world.pmo, "الالكترونيه", entity=[world.health.pk]) == {"indicators.indicator": [records["indicator"]]}
    client.force_login(world.pmo)
    page = client.get(reverse("search:search"), {"q": "الالكترونيه", "entity": "MOF", "kind": "portfolio.project"})
    assert [hit.record for group in page.context["groups"] for hit in group.hits] == [records["invoicing"]]


def test_a_focal_point_never_learns_of_another_entitys_private_records(client, world, records):
    """Not in the results, not in the counts per kind, not in a snippet, not in the suggestions."""
    Obstacle.objects.create(
        project=world.tax, title="سرية مالية", description="عقد التوريد المتعثر", category="funding"
    )
    client.force_login(world.focal_health)
    for text in ("سريه ماليه", "التوريد", "الفوتره", "الاستيراد", "مخدمات"):
        page = client.get(reverse("search:search"), {"q": text})
        assert page.context["total"] == 0 or all(
            group.kind in {"portfolio.entity", "committee.meeting", "committee.decision", "portfolio.strategy",
                           "portfolio.programme"}  # reference data and the committee's own records: everyone reads them
            for group in page.context["groups"]
        ), text  # fmt: skip
        # Words of those records the reader did not type (typed words echo in the page).
        secrets = ("سرية", "المتعثر", "مخدّمات", "E-INV", "IMP-LIC", "الجمركي", "الإلكترونية")
        body = page.content.decode()
        assert not [secret for secret in secrets if secret in body], text
        suggestions = client.get(reverse("search:suggest"), {"q": text}).content.decode()
        assert not [secret for secret in secrets if secret in suggestions], text
    # Their own entity's records they do find.
    assert records["obstacle"] in found(world.focal_health, "الكوادر")["obstacles.obstacle"]
    # A finance project made public is found by everyone, and counted.
    Project.objects.filter(pk=records["invoicing"].pk).update(is_public=True)
    groups = queries.search(world.focal_health, "الفوتره")
    assert [(group.kind, group.count) for group in groups if group.kind == "portfolio.project"] == [
        ("portfolio.project", 1)
    ]


def test_counts_per_kind_are_the_readers_own(world, records):
    for n in range(3):
        make_project(f"FIN-{n}", world.finance, name_ar=f"منصة الدفع {n}")
    make_project("HEALTH-PAY", world.health, name_ar="منصة الدفع الصحية")
    counts = {group.kind: group.count for group in queries.search(world.pmo, "منصه الدفع")}
    assert counts["portfolio.project"] == 4
    counts = {group.kind: group.count for group in queries.search(world.focal_health, "منصه الدفع")}
    assert counts["portfolio.project"] == 1


def test_the_index_follows_creates_edits_and_deletions(world, records):
    project = make_project("NEW", world.health, name_ar="منصة المواعيد")
    assert project in found(world.pmo, "منصه")["portfolio.project"]
    project.name_ar = "بوابة الحجز"
    project.save()
    assert "portfolio.project" not in found(world.pmo, "منصه")
    assert project in found(world.pmo, "بوابه الحجز")["portfolio.project"]
    obstacle = records["obstacle"]
    obstacle.delete()
    assert "obstacles.obstacle" not in found(world.pmo, "الكوادر")
    assert not SearchEntry.objects.filter(kind="obstacles.obstacle", object_id=obstacle.pk or 0).exists()


def test_the_index_follows_an_import(world):
    importer = importer_class("projects")(world.pmo)
    book = load_workbook(io.BytesIO(importer.template()))
    book.worksheets[0].append(["NEW-PAY", "بوابة الدفع الموحّدة", "Unified payment gateway", "MOF", None, 2026])
    data = io.BytesIO()
    book.save(data)
    assert importer.apply(data.getvalue()) == 1
    assert [project.code for project in found(world.pmo, "بوابه الدفع الموحده")["portfolio.project"]] == ["NEW-PAY"]


def test_rebuilding_the_index_restores_it(world, records):
    SearchEntry.objects.all().delete()
    assert found(world.pmo, "الفوتره") == {}
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert records["invoicing"] in found(world.pmo, "الفوتره")["portfolio.project"]


def test_the_portfolio_search_box_folds_too(client, world, records):
    client.force_login(world.pmo)
    page = client.get(reverse("portfolio:project_list"), {"q": "اتمته"})
    assert [project.code for project in page.context["projects"]] == ["IMP-LIC"]


def test_the_admin_search_box_folds_too(client, world, records):
    client.force_login(world.admin)
    page = client.get(reverse("admin:portfolio_project_changelist"), {"q": "الفوتره"})
    assert "E-INV" in page.content.decode() and "IMP-LIC" not in page.content.decode()


def test_the_page_is_in_arabic_and_english(client, world, records):
    client.force_login(world.pmo)
    response = client.get(reverse("search:search"), {"q": "الفوتره"})
    assert response.context["total"] == 2  # the project and the decision
    page = response.content.decode()
    assert "المشاريع" in page and "نتيجتان" in page
    set_language(client, "en")
    page = client.get(reverse("search:search"), {"q": "الفوتره"}).content.decode()
    assert "Projects" in page and "results" in page and "E-Invoicing" in page


def test_a_query_with_no_words_or_odd_characters_is_answered_not_refused(client, world, records):
    client.force_login(world.pmo)
    for text in ("", "   ", "!!!", '"', "*", "AND OR NOT", "a'b", "NEAR(", "ـــ", "x" * 500):
        response = client.get(reverse("search:search"), {"q": text})
        assert response.status_code == 200, text


def test_the_number_of_queries_does_not_grow_with_the_results(world):
    def queries_for(n):
        for i in range(n):
            make_project(f"P{n}-{i}", world.finance, name_ar=f"مشروع الربط {i}")
            Obstacle.objects.create(project=world.tax, title=f"عقبة الربط {n}-{i}", category="staff")
        reader = User.objects.get(pk=world.focal_finance.pk)  # nothing cached on it
        with CaptureQueriesContext(connection) as captured:
            queries.search(reader, "الربط")
        return len(captured)

    assert queries_for(2) == queries_for(12)


def test_the_search_page_needs_a_sign_in(client, records):
    response = client.get(reverse("search:search"), {"q": "الفوتره"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_other_entities_projects_are_in_the_index_of_everyone(world, records):
    # The index itself is not scoped: the reader's scope is applied at every search.
    assert SearchEntry.objects.filter(kind="portfolio.project").count() == Project.objects.count()
    assert SearchEntry.objects.filter(kind="portfolio.entity").count() == Entity.objects.count()
