"""The portfolio, project, entity and strategy pages as people see them."""

import re

import pytest
from django.urls import reverse

from marsad.conftest import PASSWORD, make_project, set_language
from marsad.portfolio.models import Programme, Strategy

pytestmark = pytest.mark.django_db


def rows(response):
    """Project codes in the order the page lists them."""
    return re.findall(r'<div class="small text-body-secondary" dir="ltr">([A-Z0-9-]+)</div>', response.content.decode())


@pytest.fixture
def strategy(world):
    strategy = Strategy.objects.create(
        code="NDTS", name_ar="الإستراتيجية الوطنية للتحول الرقمي", name_en="National strategy", owner=world.moct
    )
    programme = Programme.objects.create(
        code="P-REG", name_ar="السجلات الوطنية", name_en="National registries", strategy=strategy
    )
    world.health_registry.programme = programme
    world.health_registry.save()
    return strategy


PAGES = [
    ("portfolio:project_list", {}),
    ("portfolio:project_detail", {"code": "NHR"}),
    ("dashboard:league", {}),
    ("portfolio:entity_detail", {"code": "MOH"}),
    ("portfolio:strategy_list", {}),
    ("portfolio:strategy_detail", {"code": "NDTS"}),
    ("profile", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_renders_in_arabic_right_to_left(client, world, strategy, name, kwargs):
    client.force_login(world.pmo)
    response = client.get(reverse(name, kwargs=kwargs))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl" data-digits="latn">' in html
    assert "bootstrap.rtl.min.css" in html
    assert "تسجيل الخروج" in html  # the menu is in Arabic


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_every_page_renders_in_english_left_to_right(client, world, strategy, name, kwargs):
    client.force_login(world.pmo)
    set_language(client, "en")
    response = client.get(reverse(name, kwargs=kwargs))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr" data-digits="latn">' in html
    assert "Sign out" in html
    assert "تسجيل الخروج" not in html


def test_browser_language_does_not_override_arabic(client, world):
    client.force_login(world.pmo)
    response = client.get(reverse("portfolio:project_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="ar"' in response.content.decode()


def test_language_switch_returns_to_the_same_page_with_its_filters(client, world):
    client.force_login(world.pmo)
    here = reverse("portfolio:project_list") + "?status=execution"
    response = client.post(reverse("set_language"), {"language": "en", "next": here})
    assert response.status_code == 302
    assert response["Location"] == here
    assert 'lang="en"' in client.get(here).content.decode()


def test_sign_in_page_is_arabic_and_signs_in(client, world):
    page = client.get(reverse("login"))
    assert "تسجيل الدخول إلى مرصد" in page.content.decode()
    response = client.post(reverse("login"), {"username": "pmo", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # the programme office starts on the dashboard


def test_wrong_password_is_explained_in_arabic(client, world):
    response = client.post(reverse("login"), {"username": "pmo", "password": "wrong"})
    assert response.status_code == 200
    assert "الرجاء إدخال" in response.content.decode()  # "please enter a correct username and password"


def test_pages_need_sign_in(client, world):
    response = client.get(reverse("portfolio:project_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_data_feed_account_cannot_use_pages(client, world):
    client.force_login(world.feed)
    assert client.get(reverse("portfolio:project_list")).status_code == 403


def test_portfolio_lists_projects_with_figures(client, world):
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_list")).content.decode()
    assert "السجل الوطني الصحي" in html
    assert "وزارة الصحة" in html
    assert "تموز 2027" in html  # forecast go-live, Levantine month name
    assert "يوليو" not in html
    assert "متأخر 122 يوماً" in html  # 1 March → 1 July 2027
    assert "أولوية" in html  # the CERT priority badge


def test_filter_by_entity_includes_entities_under_it(client, world):
    client.force_login(world.committee)
    response = client.get(reverse("portfolio:project_list"), {"entity": "MOCT"})
    assert rows(response) == ["CERT"]  # owned by NANS, which is under MOCT


def test_filter_by_status_and_health(client, world):
    client.force_login(world.committee)
    url = reverse("portfolio:project_list")
    assert rows(client.get(url, {"status": "in_service"})) == ["CERT"]
    assert rows(client.get(url, {"health": "amber_red"})) == ["NHR"]  # 122 days late


def test_sort_by_slippage_puts_projects_without_dates_last(client, world):
    make_project("NODATES", world.health)
    client.force_login(world.committee)
    url = reverse("portfolio:project_list")
    assert rows(client.get(url, {"sort": "-slippage"})) == ["NHR", "CERT", "ITAS", "NODATES"]
    assert rows(client.get(url, {"sort": "slippage"})) == ["ITAS", "CERT", "NHR", "NODATES"]


def test_sort_by_execution_percent(client, world):
    client.force_login(world.committee)
    assert rows(client.get(reverse("portfolio:project_list"), {"sort": "-percent"})) == ["NHR", "ITAS", "CERT"]


def test_htmx_request_gets_only_the_results(client, world):
    client.force_login(world.committee)
    response = client.get(reverse("portfolio:project_list"), {"status": "in_service"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html
    assert rows(response) == ["CERT"]


def test_filters_live_in_the_address(client, world):
    client.force_login(world.committee)
    response = client.get(reverse("portfolio:project_list"), {"entity": "MOH", "sort": "-slippage"})
    html = response.content.decode()
    assert 'hx-push-url="true"' in html
    assert '<option value="MOH" selected>' in html
    assert '<option value="-slippage" selected>' in html


def test_no_match_shows_a_way_back(client, world):
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_list"), {"q": "لا يوجد"}).content.decode()
    assert "لا يوجد مشروع يطابق عوامل التصفية هذه" in html
    assert "مسح عوامل التصفية" in html


def test_empty_portfolio_says_what_to_do(client, db):
    from marsad.conftest import make_user

    client.force_login(make_user("boss", "pmo", is_staff=True))
    html = client.get(reverse("portfolio:project_list")).content.decode()
    assert "لا توجد مشاريع للمتابعة بعد" in html
    assert "python manage.py demo" in html


def test_viewer_sees_only_granted_entities(client, world):
    client.force_login(world.viewer_health)
    assert rows(client.get(reverse("portfolio:project_list"))) == ["NHR"]
    assert client.get(reverse("portfolio:project_detail", args=["ITAS"])).status_code == 404
    entity_page = client.get(reverse("portfolio:entity_detail", args=["MOF"])).content.decode()
    assert "نظام الإدارة الضريبية المتكامل" not in entity_page


def test_project_page_shows_header_phases_and_history(client, world):
    project = world.health_registry
    project._history_user = world.pmo
    project.status = "piloting"
    project.save()
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_detail", args=["NHR"])).content.decode()
    assert "السجل الوطني الصحي" in html
    assert "40%" in html  # (1×100 + 3×20) / 4
    assert "المرحلة 2" in html  # current phase
    assert 'id="phase-timeline-data"' not in html  # no phase dates: no empty chart
    assert "سجل التعديلات" in html
    assert "قيد التنفيذ" in html and "تجريبي" in html  # the status change, before and after
    assert "pmo" in html


def test_project_page_draws_timeline_when_phases_have_dates(client, world):
    import datetime

    world.health_registry.phases.filter(order=1).update(
        baseline_start=datetime.date(2026, 1, 1), baseline_end=datetime.date(2026, 7, 1)
    )
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_detail", args=["NHR"])).content.decode()
    assert 'id="phase-timeline-data"' in html
    assert "تموز" in html  # month names for the axis come from ar_SY


def test_project_without_phases_explains_its_percent(client, world):
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_detail", args=["ITAS"])).content.decode()
    assert "35%" in html
    assert "لا مراحل لهذا المشروع بعد" in html


def test_entity_page_lists_owned_and_participating_projects(client, world):
    world.tax.participants.add(world.health)
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:entity_detail", args=["MOH"])).content.decode()
    assert "السجل الوطني الصحي" in html
    assert "نظام الإدارة الضريبية المتكامل" in html


def test_entity_without_projects_says_so(client, world):
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:entity_detail", args=["MOCT"])).content.decode()
    assert "لا تملك هذه الجهة أي مشروع في البرنامج" in html


def test_strategy_page_groups_projects_by_programme(client, world, strategy):
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:strategy_detail", args=["NDTS"])).content.decode()
    assert "السجلات الوطنية" in html
    assert "السجل الوطني الصحي" in html
    assert "مشروع واحد" in html


def test_no_strategy_yet(client, world):
    client.force_login(world.committee)
    assert "لم تُسجَّل أي إستراتيجية بعد" in client.get(reverse("portfolio:strategy_list")).content.decode()


def test_pages_load_no_third_party_resources(client, world):
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_detail", args=["NHR"])).content.decode()
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_long_portfolio_is_paged_and_keeps_its_filters(client, world):
    for n in range(60):
        make_project(f"X-{n:02d}", world.health, status="execution")
    client.force_login(world.committee)
    html = client.get(reverse("portfolio:project_list"), {"status": "execution"}).content.decode()
    assert "الصفحة 1 من 2" in html
    assert 'href="?status=execution&page=2"' in html
    second = client.get(reverse("portfolio:project_list"), {"status": "execution", "page": 2})
    assert len(rows(second)) == 62 - 50  # 60 generated + NHR + ITAS in execution
