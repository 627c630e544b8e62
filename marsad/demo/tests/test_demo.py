"""The demo carries the committee meeting's facts and loads idempotently."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from marsad.accounts.models import Role, User
from marsad.committee.models import AgendaItem, Committee, Decision, Meeting, Task, TaskUpdate
from marsad.demo.models import DemoLoad
from marsad.indicators.models import Dimension, DimensionValue, Indicator, Measurement, MeasurementChange, Target
from marsad.obstacles.models import Escalation, Obstacle, Requirement
from marsad.portfolio.models import Entity, Phase, Programme, Project, RebaselineRequest, Strategy
from marsad.reports.models import PhaseUpdate, ProgressReport
from marsad.reports.worklist import owed_reports

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)
MEETING = TODAY - datetime.timedelta(days=14)
# The source's 2024 meeting included projects "for 2025": the year after the meeting.
PLAN_YEAR = MEETING.year + 1

# The 20 projects the Ministry of Communications presented (seed/README.md).
PRESENTED = [
    "السجل الوطني الصحي",
    "السجل الصناعي",
    "السجل التجاري",
    "نظام الإدارة الضريبية المتكامل",
    "منصة المستثمرين",
    "تذكرة السفر الإلكترونية",
    "الفوترة الإلكترونية",
    "منظومة تتبع تنفيذ المشاريع",
    "أتمتة إجازات الاستيراد",
    "المنصة الإلكترونية للمشروعات الصغيرة",
    "منصة المشتريات الحكومية",
    "تتبع تنفيذ بنود إستراتيجية الأمن السيبراني",
    "منظومة التوافق البيني",
    "منظومة الوثائق الرقمية الحكومية",
    "تطوير محطة استقبال المعطيات الفضائية",
    "منظومة التوقيع الرقمي",
    "المركز الوطني للحوسبة السحابية – المرحلة الثالثة",
    "الناقل الحكومي",
    "مركز الاستجابة للطوارئ المعلوماتية",
    "توسيع البوابة الدولية للإنترنت",
]


def everything():
    """Counts of every table the demo writes, history included."""
    models = [
        *[Entity, Strategy, Programme, Project, Phase, User, DemoLoad, ProgressReport, PhaseUpdate],
        *[Obstacle, Escalation, Requirement],
        *[Indicator, Dimension, DimensionValue, Target, Measurement, MeasurementChange],
        *[Committee, Meeting, AgendaItem, Decision, Task, TaskUpdate, RebaselineRequest],
    ]
    counts = {model.__name__: model.objects.count() for model in models}
    for model in [Entity, Strategy, Programme, Project, Phase, User, ProgressReport, Indicator, Target, Decision, Task]:
        counts[f"history of {model.__name__}"] = model.history.count()
    counts["participants"] = Project.participants.through.objects.count()
    return counts


@pytest.fixture
def demo():
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", "--quiet-logins", verbosity=0)


def test_loading_twice_changes_nothing(demo):
    before = everything()
    stamps = list(Project.objects.order_by("code").values_list("code", "updated_at"))
    with time_machine.travel(TODAY, tick=False):
        call_command("demo", "--quiet-logins", verbosity=0)
    assert everything() == before
    assert list(Project.objects.order_by("code").values_list("code", "updated_at")) == stamps


def test_all_twenty_presented_projects_with_owners(demo):
    names = set(Project.objects.values_list("name_ar", flat=True))
    assert set(PRESENTED) <= names
    assert Project.objects.get(name_ar="السجل الوطني الصحي").owner.code == "MOH"
    assert Project.objects.get(name_ar="تطوير محطة استقبال المعطيات الفضائية").owner.code == "GORS"
    assert Project.objects.filter(owner__isnull=True).count() == 0


def test_two_completed_projects_are_in_service(demo):
    in_service = set(Project.objects.filter(status="in_service").values_list("code", flat=True))
    assert in_service == {"DIG-SIGN", "CLOUD-3"}
    assert not Project.objects.filter(status="in_service", actual_go_live__isnull=True).exists()


def test_government_bus_finished_phase_one(demo):
    bus = Project.objects.with_progress().get(code="GSB")
    phases = list(bus.phases.order_by("order"))
    assert phases[0].status == "done" and phases[0].percent_complete == 100
    assert all(p.status != "done" for p in phases[1:])
    assert bus.current_phase_ar.startswith("المرحلة الثانية")
    assert {e.code for e in bus.participants.all()} >= {"MOF", "MOH"}


def test_cert_and_gateway_are_priority_projects_in_progress(demo):
    for code in ("CERT", "INTL-GW"):
        project = Project.objects.get(code=code)
        assert project.is_priority
        assert project.status == "execution"


def test_meeting_inclusions_and_the_higher_education_strategy(demo):
    billing = Project.objects.get(code="MOE-BILLING")
    assert (billing.owner.code, billing.status, billing.plan_year) == ("MOE", "approved", PLAN_YEAR)
    assert Project.objects.get(code="GDDS").funding_allocated > 0
    for code in ("TAX-EFILE", "TOUR-REG", "E-POA"):
        assert Project.objects.get(code=code).status == "approved"
    strategy = Strategy.objects.get(code="HE-DTS")
    assert strategy.status == "adopted"
    assert strategy.adopted_on == TODAY - datetime.timedelta(days=14)  # the meeting day


def test_the_meetings_five_decisions_are_applied_with_their_effects(demo):
    meeting = Meeting.objects.get(committee__code="HC", number=12)
    assert meeting.date == TODAY - datetime.timedelta(days=14)
    found = list(meeting.decisions.order_by("number"))
    assert [(d.number, d.kind, d.status) for d in found] == [
        (1, "include_project", "applied"),
        (2, "include_project", "applied"),
        (3, "include_project", "applied"),
        (4, "adopt_strategy", "applied"),
        (5, "assign_task", "applied"),
    ]
    assert [p.code for p in found[0].projects.all()] == ["GDDS"] and found[0].amount > 0
    assert {p.code for p in found[2].projects.all()} == {"TAX-EFILE", "TOUR-REG", "E-POA"}
    # Adopted by decision 4; decision 5's task is about it.
    assert set(Strategy.objects.get(code="HE-DTS").decisions.all()) == {found[3], found[4]}
    task = found[4].tasks.get()
    assert task.assigned_entity.code == "MOHE"
    assert [e.code for e in task.coordinating_entities.all()] == ["MOCT"]
    # The agenda: the projects presented and the e-payment update by the central bank.
    titles = list(meeting.items.values_list("title", flat=True))
    assert any("الدفع الإلكتروني" in t for t in titles) and meeting.items.filter(project__code="GSB").exists()


def test_the_earlier_meeting_gives_matters_arising_and_changes(demo):
    from marsad.committee.changes import changes_between

    meeting = Meeting.objects.get(committee__code="HC", number=12)
    earlier = Meeting.objects.previous_held(meeting)
    assert earlier.number == 11
    arising = Task.objects.matters_arising(meeting)
    assert arising.count() == 2 and arising.filter(assigned_entity__code="CBS").exists()
    assert Committee.objects.get(code="GSB-TC").formed_by.meeting == earlier
    changes = {c.now.code: c for c in changes_between(earlier.date, meeting.date)}
    assert changes["GSB"].phases_finished == ["المرحلة الأولى: الربط الأساسي"]
    assert changes["INTL-GW"].go_live_shift_days > 0 and changes["INTL-GW"].health_changed
    assert changes["GDDS"].then is None and changes["GDDS"].now.status == "approved"


def test_every_meeting_and_task_page_of_the_demo_renders(client, demo):
    client.force_login(User.objects.get(username="committee"))
    for meeting in Meeting.objects.all():
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 200
    for task in Task.objects.all():
        page = client.get(f"/tasks/{task.pk}/")
        assert page.status_code == 200 and task.title in page.content.decode()
    assert "وضع مؤشرات تتبع تنفيذ" in client.get("/entities/MOHE/").content.decode()


def test_the_five_decisions_show_on_the_meeting_page_and_their_effects_on_the_other_pages(client, demo):
    client.force_login(User.objects.get(username="committee"))
    meeting = Meeting.objects.get(committee__code="HC", number=12)
    with time_machine.travel(TODAY, tick=False):
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
        for decision in meeting.decisions.all():
            assert decision.text in page
        assert page.count(">نافذ<") == 5  # each decision's card says it is applied
        documents = client.get("/projects/GDDS/").content.decode()
        assert "2,000,000,000 ل.س." in documents and "منظومة الوثائق الرقمية الحكومية ضمن مشاريع" in documents
        included = client.get(f"/projects/?plan_year={PLAN_YEAR}").content.decode()
        for code in ("GDDS", "MOE-BILLING", "TAX-EFILE", "TOUR-REG", "E-POA"):
            assert f"/projects/{code}/" in included
        strategy = client.get("/strategies/HE-DTS/").content.decode()
        assert "معتمدة" in strategy and "اعتماد إستراتيجية التحول الرقمي لقطاع التعليم العالي" in strategy
        assert "وضع مؤشرات تتبع تنفيذ" in strategy  # the task decision 5 set about it
        tasks = client.get("/tasks/?entity=MOHE").content.decode()
        assert "وضع مؤشرات تتبع تنفيذ" in tasks and "وزارة الاتصالات وتقانة المعلومات" in tasks
        task = client.get(f"/tasks/{found_task(meeting).pk}/").content.decode()
        assert "يخصّ" in task and "/strategies/HE-DTS/" in task


def found_task(meeting):
    return Task.objects.get(decision__meeting=meeting, decision__number=5)


def test_a_user_for_every_role(demo):
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="focal.health").entities.get().code == "MOH"


def test_portfolio_shows_all_projects_in_arabic_with_the_demo_banner(client, demo):
    client.force_login(User.objects.get(username="committee"))
    response = client.get(reverse("portfolio:project_list"))
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert "بيانات عرض تجريبي" in html
    for name in PRESENTED:
        assert name in html
    assert response.context["page"].paginator.count == 24


def test_no_banner_without_demo_data(client, world):
    client.force_login(world.committee)
    assert "بيانات عرض تجريبي" not in client.get(reverse("portfolio:project_list")).content.decode()


def test_every_demo_project_page_renders(client, demo):
    client.force_login(User.objects.get(username="pmo"))
    for code in Project.objects.values_list("code", flat=True):
        assert client.get(reverse("portfolio:project_detail", args=[code])).status_code == 200


def test_gateway_history_shows_the_forecast_moving(client, demo):
    client.force_login(User.objects.get(username="pmo"))
    html = client.get(reverse("portfolio:project_detail", args=["INTL-GW"])).content.decode()
    assert "الموعد المتوقع للدخول في الخدمة" in html


def test_a_year_of_reports_gives_curves_stale_flags_and_work_to_do(demo):
    with time_machine.travel(TODAY, tick=False):
        projects = {p.code: p for p in Project.objects.with_progress(today=TODAY)}
        assert ProgressReport.objects.filter(project__code="GSB", status="accepted").count() == 12
        curve = list(
            ProgressReport.objects.filter(project__code="GSB", status="accepted")
            .order_by("period_start")
            .values_list("accepted_percent", flat=True)
        )
        assert curve == sorted(curve) and curve[-1] == pytest.approx(projects["GSB"].execution_percent, abs=0.1)
        # Finance missed its last reports for two projects: stale, and owed in My work.
        assert {code for code, p in projects.items() if p.is_stale} == {"ITAS", "E-INVOICE", "IMP-LIC"}
        finance = User.objects.get(username="focal.finance")
        owed = {(item.project.code, item.overdue) for item in owed_reports(finance, TODAY)}
        assert ("ITAS", True) in owed and ("E-INVOICE", True) in owed
        assert ProgressReport.objects.review_queue().count() == 3
        assert ProgressReport.objects.get(project__code="GOV-PROC", status="returned").return_reason


def test_obstacles_and_requirements_from_the_meeting(demo):
    bus = Obstacle.objects.get(project__code="GSB")
    assert bus.status == "resolved" and "لجنة فنية" in bus.resolution and bus.escalations.count() == 2
    gateway = Obstacle.objects.get(project__code="INTL-GW")
    assert gateway.is_open and gateway.level == 3
    with time_machine.travel(TODAY, tick=False):
        health = {p.code: p for p in Project.objects.with_progress(today=TODAY)}
    assert health["INTL-GW"].schedule_health != health["INTL-GW"].schedule_by_dates  # pulled down a step
    banks = Requirement.objects.get(project__code="E-INVOICE")
    assert banks.responsible_entity.code == "CBS" and banks.due_date == datetime.date(2026, 12, 31)
    assert Requirement.objects.filter(project__code="CERT", is_gate=True, kind="staff").exists()
    assert set(Obstacle.objects.values_list("level", flat=True)) == {1, 2, 3}
    # The load ran the escalation job: nothing sits past its level's limit unescalated;
    # the funding gap and the legal amendment, long at the programme office, climbed.
    assert not Obstacle.objects.due_to_climb(TODAY).exists()
    climbed = Escalation.objects.filter(automatic=True, on=TODAY)
    assert set(climbed.values_list("obstacle__project__code", flat=True)) == {"ITAS", "E-INVOICE"}


def test_the_banks_count_is_one_across_the_demo(demo):
    """Fourteen operating banks: the e-payment rollout's institutions, the requirement's
    quantity and the task update's "six of fourteen" (six live ten days before the meeting)."""
    from marsad.rollouts.models import Participant, Rollout
    from marsad.rollouts.trajectory import live_on

    payments = Rollout.objects.get(code="E-PAY")
    assert payments.lead_entity.code == "CBS" and payments.target_date == datetime.date(MEETING.year, 12, 31)
    banks = Participant.objects.filter(rollout=payments)
    assert banks.count() == 14 and set(banks.values_list("entity__kind", flat=True)) == {"bank"}
    assert Requirement.objects.get(project__code="E-INVOICE", responsible_entity__code="CBS").quantity == 14
    update = TaskUpdate.objects.get(task__decision=payments.decision)
    assert "ستة مصارف من أصل أربعة عشر" in update.text
    assert live_on([payments.pk], update.at.date())[payments.pk] == 6
    stages = dict(banks.values_list("entity__code", "stage__order"))
    assert {order: list(stages.values()).count(order) for order in (1, 2, 3, 4)} == {1: 2, 2: 2, 3: 3, 4: 7}
    # The banks' task is due before the year ends, as the source says.
    assert payments.decision.tasks.get().due_date == datetime.date(MEETING.year, 12, 31)
    assert Rollout.objects.filter(code__in=["QR-PAY", "GSB-LINK"]).count() == 2


def test_service_counts_the_committee_heard_add_up_through_the_series_api(demo, client):
    """3,615,100 e-services at the Citizen Service Centres and 94,125 on the Expatriates
    Portal, from 1 July 2023 through the meeting day; nothing after it."""
    from marsad.indicators.models import Measurement

    meeting = DemoLoad.objects.get().meeting_date
    client.force_login(User.objects.get(username="committee"))
    totals = {}
    for code in ("CSC-ESERVICES", "EXPAT-PORTAL"):
        response = client.get(
            f"/api/v1/indicators/{code}/series/",
            {"interval": "month", "first": "2023-07-01", "last": meeting.isoformat()},
        )
        assert response.status_code == 200
        data = response.json()
        totals[code] = data["total"]
        assert sum(float(point["actual"] or 0) for point in data["points"]) == float(data["total"])
        assert not Measurement.objects.filter(indicator__code=code, period__gt=meeting).exists()
        assert not Measurement.objects.filter(indicator__code=code, period__lt=datetime.date(2023, 7, 1)).exists()
    assert totals == {"CSC-ESERVICES": "3615100.0000", "EXPAT-PORTAL": "94125.0000"}
    split = client.get(
        "/api/v1/indicators/CSC-ESERVICES/series/", {"interval": "year", "first": "2023-07-01", "split": "channel"}
    ).json()["split"]
    assert set(split) == {"centre", "web", "mobile"}


def test_strategy_indicators_have_targets_and_a_formula(demo):
    from marsad.indicators import series
    from marsad.indicators.models import Indicator

    takeup = Indicator.objects.get(code="DIGITAL-TAKEUP")
    assert takeup.is_formula and takeup.targets.exists()
    assert 0 < series.range_value(takeup) < 100
    for code in ("EGOV-ONLINE", "GSB-ENTITIES"):
        assert Indicator.objects.get(code=code).targets.count() == 2
