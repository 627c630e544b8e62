"""In a real browser (Debian's Chromium through Playwright): sign in, filter the portfolio,
and every page's scripts run under the Content-Security-Policy (ours, the admin's, Swagger's)."""

import os

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

from marsad.conftest import PASSWORD

CHROMIUM = os.environ.get("MARSAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are synchronous and sequential, so Django's async guard can stand down.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        # What a user would see break: a script or style the policy blocks, or a script error.
        page.problems = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and page.problems.append(f"{page.url} {message.location.get('url')}: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: page.problems.append(str(error)))
        yield page
        browser.close()


def sign_in(page, username, code=None):
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    if code is not None:
        page.fill("#id_code", code)
        page.get_by_role("button", name="تأكيد").click()


@pytest.mark.browser
def test_sign_in_and_filter_the_portfolio(transactional_db, live_server, world, page):
    # Every file the pages ask for (our own and the npm packages') is served.
    failed_requests = []
    page.on("response", lambda response: response.status >= 400 and failed_requests.append(response.url))

    page.goto(f"{live_server.url}/projects/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#id_username", "committee")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()

    expect(page.get_by_role("heading", name="محفظة المشاريع")).to_be_visible()
    table = page.locator("table.project-table tbody")
    expect(table.locator("tr")).to_have_count(3)

    # Choosing an entity updates the list in place (HTMX) and the address keeps the filter.
    page.select_option("#id_entity", "MOH")
    expect(table.locator("tr")).to_have_count(1)
    expect(table).to_contain_text("السجل الوطني الصحي")
    expect(page).to_have_url(f"{live_server.url}/projects/?q=&entity=MOH&programme=&status=&health=&sort=")

    # The bookmarked address shows the same view after a reload.
    page.reload()
    expect(page.locator("table.project-table tbody tr")).to_have_count(1)
    expect(page.locator("#id_entity")).to_have_value("MOH")

    # Typing in the search box narrows the list too.
    page.select_option("#id_entity", "")
    page.fill("#id_q", "مركز")
    expect(page.locator("table.project-table tbody tr")).to_have_count(1)
    expect(page.locator("table.project-table tbody")).to_contain_text("مركز الاستجابة للطوارئ المعلوماتية")

    # Into the project page, where the phases chart draws.
    page.get_by_role("link", name="مركز الاستجابة للطوارئ المعلوماتية").click()
    expect(page.get_by_role("heading", name="مركز الاستجابة للطوارئ المعلوماتية")).to_be_visible()
    assert failed_requests == []
    assert page.problems == []


@pytest.mark.browser
def test_phase_chart_draws_and_english_switch_keeps_the_page(transactional_db, live_server, world, page):
    import datetime

    world.health_registry.phases.filter(order=1).update(
        baseline_start=datetime.date(2026, 1, 1), baseline_end=datetime.date(2026, 7, 1)
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/projects/NHR/")
    page.fill("#id_username", "committee")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    expect(page.locator("[data-chart=phase-timeline] svg")).to_have_count(1)
    expect(page.locator("[data-chart=phase-timeline]")).to_contain_text("تموز")

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/projects/NHR/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", name="National Health Registry")).to_be_visible()
    assert page.problems == []


@pytest.mark.browser
def test_admin_and_api_docs_run_under_the_content_security_policy(transactional_db, live_server, world, page):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.admin, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/portfolio/project/")
    sign_in(page, "admin", code)

    # The admin's own scripts work: "select all" ticks every row and counts them.
    expect(page.locator("#result_list tbody tr")).to_have_count(3)
    page.locator("#action-toggle").check()
    expect(page.locator("#result_list tbody input.action-select:checked")).to_have_count(3)
    expect(page.locator(".action-counter")).to_contain_text("3")

    # Swagger UI, served from our own files, draws every part of the API.
    page.goto(f"{live_server.url}/api/v1/docs/")
    from marsad.api_urls import router

    expect(page.locator(".swagger-ui .opblock-tag-section")).to_have_count(len(router.registry))
    page.locator("#operations-projects-projects_list").click()
    expect(page.locator("#operations-projects-projects_list .opblock-body")).to_be_visible()
    assert page.problems == []


@pytest.mark.browser
def test_indicator_chart_draws_and_the_grid_saves(transactional_db, live_server, world, page):
    import datetime

    from django.utils import timezone

    from marsad.indicators.models import Indicator, Measurement, Target

    indicator = Indicator.objects.create(
        code="MOH-VISITS", name_ar="الزيارات الإلكترونية", name_en="E-visits", owner=world.health, frequency="month"
    )
    Target.objects.create(indicator=indicator, period=datetime.date(2026, 1, 1), value=100)
    Target.objects.create(indicator=indicator, period=datetime.date(2026, 12, 1), value=210)
    now = timezone.now()
    for month in range(1, 10):
        Measurement.objects.create(
            indicator=indicator,
            period=datetime.date(2026, month, 1),
            value=90 + 12 * month,
            created_at=now,
            updated_at=now,
        )
    page.goto(f"{live_server.url}/accounts/login/?next=/indicators/MOH-VISITS/")
    sign_in(page, "focal.health")
    expect(page.locator("[data-chart=indicator-series] svg")).to_have_count(1)
    expect(page.locator("#total")).to_have_text("1,350")

    page.get_by_role("link", name="إدخال القيم").click()
    page.select_option("#period", "2026-10-01")
    page.get_by_role("button", name="اعرض").click()
    page.get_by_label("الزيارات الإلكترونية").fill("215")
    page.get_by_role("button", name="حفظ").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("جديدة 1")
    assert Measurement.objects.get(period=datetime.date(2026, 10, 1)).value == 215
    assert page.problems == []


@pytest.mark.browser
def test_the_programme_office_records_and_applies_a_task_decision(transactional_db, live_server, world, page):
    import datetime

    from marsad.committee.models import Committee, Meeting

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    meeting = Meeting.objects.create(committee=higher, number=12, date=datetime.date(2026, 11, 14), status="held")
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.pmo, name="phone", confirmed=True)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.goto(f"{live_server.url}/accounts/login/?next=/meetings/{meeting.pk}/decisions/new/")
    sign_in(page, "pmo", code)
    # The form shows what the chosen kind needs, and only that.
    page.select_option("#id_kind", "assign_task")
    expect(page.locator("#id_due_date")).to_be_visible()
    expect(page.locator("#id_projects")).to_be_visible()  # what the task concerns
    expect(page.locator("#id_obstacle")).to_be_hidden()
    page.select_option("#id_kind", "adopt_strategy")
    expect(page.locator("#id_strategy")).to_be_visible()
    expect(page.locator("#id_due_date")).to_be_hidden()
    page.select_option("#id_kind", "assign_task")
    page.fill("#id_text", "تكليف وزارة الصحة بالتنسيق مع وزارة الاتصالات بوضع المؤشرات")
    page.fill("#id_title", "وضع مؤشرات السجل الصحي")
    page.select_option("#id_lead_entity", label="وزارة الصحة")
    page.fill("#id_due_date", "2027-01-31")
    page.select_option("#id_projects", label="السجل الوطني الصحي")
    page.get_by_role("button", name="تسجيل القرار").click()
    page.get_by_role("button", name="تنفيذ القرار").click()
    expect(page.locator("#decisions")).to_contain_text("نافذ")
    expect(page.locator("#decisions")).to_contain_text("وضع مؤشرات السجل الصحي")
    task = meeting.decisions.get().tasks.get()
    assert (task.assigned_entity, task.due_date) == (world.health, datetime.date(2027, 1, 31))
    page.get_by_role("link", name="وضع مؤشرات السجل الصحي").click()
    expect(page).to_have_url(f"{live_server.url}/tasks/{task.pk}/")
    expect(page.locator("dl")).to_contain_text("السجل الوطني الصحي")
    assert page.problems == []


@pytest.mark.browser
def test_an_import_shows_a_moving_progress_bar_then_its_result(live_server, world, page, workers, tmp_path, settings):
    """The check and the apply run in a worker; the page's bar moves as rows are read.

    Progress is written and asked for five times as often as in production, so the bar
    is seen moving over a file that takes a few seconds, not a minute."""
    import datetime
    import time

    from marsad.indicators.models import Dimension, DimensionValue, Indicator, Measurement

    indicator = Indicator.objects.create(
        code="MOH-ESERVICES", name_ar="الخدمات الصحية الإلكترونية", owner=world.health, frequency="day"
    )
    channel = Dimension.objects.create(indicator=indicator, position=1, code="channel", name_ar="القناة")
    settings.MARSAD_JOB_PROGRESS_SECONDS = 0.1
    channels = [f"c{n}" for n in range(4)]  # 36,000 rows: a few seconds of checking and writing
    for order, code in enumerate(channels):
        DimensionValue.objects.create(dimension=channel, code=code, name_ar=code, order=order)
    days = 9000
    lines = ["رمز المؤشر,الفترة (YYYY-MM-DD),القيمة,التصنيف 1"]
    for offset in range(days):
        day = (datetime.date(2000, 1, 1) + datetime.timedelta(days=offset)).isoformat()
        lines += [f"MOH-ESERVICES,{day},{offset % 50},{code}" for code in channels]
    csv_path = tmp_path / "values.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workers()

    page.goto(f"{live_server.url}/imports/measurements/")
    sign_in(page, "focal.health")
    page.set_input_files("#id_file", str(csv_path))
    page.get_by_role("button", name="افحص الملف").click()

    # The job's page: the bar is read as it moves, until the result replaces it; then
    # the same for the import itself.
    def watch(result):
        seen = set()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not page.locator(result).count():
            try:
                value = page.evaluate("document.querySelector('progress.job-progress')?.value ?? null")
            except PlaywrightError:  # the form's submission is still taking the page to the job's
                value = None
            if value:
                seen.add(value)
            time.sleep(0.1)
        return seen

    checking = watch("#ready, #problems")
    expect(page.locator("#ready")).to_contain_text("36,000")
    page.get_by_role("button", name="استيرادها").click()
    writing = watch("#imported")
    assert len(checking | writing) >= 3, (checking, writing)  # it moved
    expect(page.locator("#imported")).to_contain_text("36,000")
    assert Measurement.objects.count() == days * len(channels)
    page.get_by_role("link", name="أعمالي الجارية").first.click()
    expect(page.locator("table")).to_contain_text("استيراد الملف values.csv")
    assert page.problems == []


@pytest.mark.browser
def test_the_dashboard_draws_its_charts_in_arabic_and_english(transactional_db, live_server, world, page):
    from marsad.indicators.models import Indicator

    Indicator.objects.create(code="HI-1", name_ar="الخدمات المقدمة", owner=world.health, is_headline=True)
    page.goto(f"{live_server.url}/accounts/login/?next=/")
    sign_in(page, "committee")
    expect(page.get_by_role("heading", name="أين وصلت الإستراتيجية")).to_be_visible()
    chart = page.locator("[data-chart=go-live]")
    expect(chart.locator("svg")).to_have_count(1)
    expect(chart).to_contain_text("متأخر")  # the overdue bar's label, drawn by the chart
    expect(page.locator("#headline [data-figure=on_schedule]")).to_contain_text("%")
    expect(page.locator("#headline-indicators")).to_contain_text("الخدمات المقدمة")
    assert page.problems == []

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", name="Where the strategy stands")).to_be_visible()
    expect(page.locator("[data-chart=go-live] svg")).to_have_count(1)
    expect(page.locator("[data-chart=go-live]")).to_contain_text("Overdue")
    assert page.problems == []


@pytest.mark.browser
def test_the_rollouts_matrix_and_trajectory_draw_in_arabic(transactional_db, live_server, world, page):
    import datetime

    from marsad.portfolio.models import Entity
    from marsad.rollouts import services

    banks = [Entity.objects.create(code=f"B-{n}", name_ar=f"مصرف خاص {n}", kind="bank") for n in range(1, 5)]
    rollout = services.rollout_create(
        user=world.pmo,
        institutions=banks,
        code="E-PAY",
        name_ar="الدفع الإلكتروني",
        capability="e_payment",
        lead_entity=world.finance,
        start_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2026, 12, 31),
    )
    live = rollout.stages.get(is_live=True)
    row = rollout.participants.get(entity=banks[0])
    services.participant_update(
        participant=row, user=world.pmo, version=row.version, stage=live, stage_reached_on=datetime.date(2026, 6, 1)
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/rollouts/")
    sign_in(page, "committee")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="التعميم", exact=True)).to_be_visible()
    expect(page.locator("[data-chart=rollout-bars] svg")).to_have_count(1)
    expect(page.locator("[data-chart=rollout-bars]")).to_contain_text("الدفع الإلكتروني")
    expect(page.locator("tr[data-institution=B-1] td.stage-live")).to_have_count(1)
    # A bar opens its rollout, where the trajectory draws with Levantine months.
    page.get_by_role("link", name="الدفع الإلكتروني").first.click()
    expect(page).to_have_url(f"{live_server.url}/rollouts/E-PAY/")
    expect(page.locator("[data-chart=rollout-trajectory] svg")).to_have_count(1)
    expect(page.locator("[data-chart=rollout-trajectory]")).to_contain_text("تشرين الثاني")
    expect(page.locator("[data-chart=rollout-trajectory]")).to_contain_text("الموعد النهائي")
    assert page.problems == []


@pytest.mark.browser
def test_the_header_search_suggests_as_arabic_is_typed(transactional_db, live_server, world, page):
    page.set_viewport_size({"width": 1700, "height": 900})  # wide enough for the box itself
    page.goto(f"{live_server.url}/accounts/login/?next=/projects/")
    sign_in(page, "focal.health")
    page.locator(".header-search-box input").fill("السجل الوطنى الصحى")  # yaa typed as alef maqsura
    suggestion = page.locator(".search-suggestions a", has_text="السجل الوطني الصحي")
    expect(suggestion).to_be_visible()
    expect(suggestion.locator("mark")).to_have_count(3)
    page.locator(".header-search-box input").press("Enter")
    expect(page.get_by_role("heading", name="المشاريع (1)")).to_be_visible()
    page.get_by_role("link", name="NHR — السجل الوطني الصحي").click()
    expect(page).to_have_url(f"{live_server.url}/projects/NHR/")
    assert page.problems == []


@pytest.mark.browser
def test_the_public_page_draws_its_charts_without_a_sign_in(transactional_db, live_server, world, page):
    import datetime

    from django.utils import timezone

    from marsad.indicators.models import Indicator, Measurement

    world.health_registry.is_public = True
    world.health_registry.save()
    indicator = Indicator.objects.create(
        code="HI-1", name_ar="الخدمات المقدمة", owner=world.health, is_public=True, frequency="month"
    )
    first = timezone.localdate().replace(day=1) - datetime.timedelta(days=200)
    now = timezone.now()
    for n in range(6):
        period = (first + datetime.timedelta(days=31 * n)).replace(day=1)
        Measurement.objects.create(indicator=indicator, period=period, value=100 + n, created_at=now, updated_at=now)
    page.goto(f"{live_server.url}/public/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#project-NHR")).to_contain_text("السجل الوطني الصحي")
    expect(page.locator("#indicator-HI-1 [data-chart=indicator-series] svg")).to_have_count(1)
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#project-NHR")).to_contain_text("National Health Registry")
    expect(page.locator("#indicator-HI-1 [data-chart=indicator-series] svg")).to_have_count(1)
    assert page.problems == []


@pytest.mark.browser
def test_the_bell_counts_and_the_notifications_page_opens_in_arabic(transactional_db, live_server, world, page):
    import datetime

    from marsad.committee import decisions
    from marsad.committee.models import Committee, Meeting, Task
    from marsad.notifications.services import reminders_send

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 10, 1), status="held")
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="تكليفات")
    task = Task.objects.create(
        decision=decision, title="ربط المشافي", assigned_entity=world.health, due_date=datetime.date(2026, 11, 1)
    )
    reminders_send(today=datetime.date(2026, 11, 28))
    page.goto(f"{live_server.url}/accounts/login/?next=/projects/")
    sign_in(page, "focal.health")
    expect(page.locator(".bell .bell-count")).to_have_text("1")
    page.locator(".bell").click()
    expect(page.get_by_role("heading", name="الإشعارات")).to_be_visible()
    expect(page.locator(".list-group")).to_contain_text("التكليف «ربط المشافي» كان موعده")
    page.get_by_role("button", name="فتح").click()
    expect(page).to_have_url(f"{live_server.url}{task.get_absolute_url()}")
    expect(page.locator(".bell .bell-count")).to_have_count(0)
    # What they receive: overdue tasks in the app only, from now on.
    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("link", name="ما يصلني").click()
    page.get_by_label("تكليف متأخر").select_option(label="في مرصد فقط")
    page.get_by_role("button", name="حفظ").click()
    expect(page.get_by_text("حُفظت اختياراتك.")).to_be_visible()
    expect(page.get_by_label("تكليف متأخر")).to_have_value("in_app")
    assert page.problems == []
