"""Every kind of decision: what applying it changes, that applying twice changes
nothing, and that annulling it puts things back and is kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from marsad.committee import decisions
from marsad.committee.models import Committee, Decision, Meeting, Task
from marsad.conftest import make_project
from marsad.obstacles.models import Obstacle
from marsad.portfolio.models import Phase, Project, Rebaseline, Strategy

MEETING_DAY = datetime.date(2026, 11, 14)


@pytest.fixture
def meeting(world):
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    return Meeting.objects.create(committee=higher, number=7, date=MEETING_DAY, status="held")


def history_rows():
    return sum(
        model.history.count() for model in (Project, Strategy, Phase, Obstacle, Committee, Task, Decision, Rebaseline)
    )


def apply_twice(decision, user):
    """Apply, then apply again: the second must change nothing at all."""
    decisions.apply(decision=decision, user=user)
    rows = history_rows()
    again = decisions.apply(decision=decision, user=user)
    assert history_rows() == rows
    assert again.status == "applied"
    return Decision.objects.get(pk=decision.pk)


def test_include_existing_and_new_projects_for_a_plan_year(world, meeting):
    proposal = make_project("TAX-EFILE", world.finance, status="proposed")
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="include_project",
        text="إدراج تقديم البيانات الضريبية إلكترونياً ومنظومة الجباية",
        plan_year=2025,
        projects=[proposal],
        new_project_code="MOE-BILLING",
        new_project_name_ar="منظومة الجباية والفوترة المركزية",
        new_project_owner=world.moct,
    )
    assert Project.objects.filter(code="MOE-BILLING").count() == 0  # recorded, not yet applied
    decision = apply_twice(decision, world.pmo)

    proposal.refresh_from_db()
    created = Project.objects.get(code="MOE-BILLING")
    assert (proposal.status, proposal.plan_year) == ("approved", 2025)
    assert (created.status, created.plan_year, created.owner) == ("approved", 2025, world.moct)
    assert set(decision.projects.all()) == {proposal, created}  # linked both ways
    assert list(created.decisions.all()) == [decision]
    assert Project.objects.filter(code="MOE-BILLING").count() == 1

    kept = decisions.annul(decision=decision, user=world.pmo, reason="أُعيد النظر في الخطة")
    assert kept == []
    proposal.refresh_from_db()
    created.refresh_from_db()
    assert (proposal.status, proposal.plan_year) == ("proposed", None)
    assert created.status == "cancelled"  # kept with its history, no longer counted
    decision.refresh_from_db()
    assert decision.status == "annulled" and decision.annul_reason == "أُعيد النظر في الخطة"
    assert decision.annulled_by == world.pmo


def test_include_with_funding_records_the_allocation(world, meeting):
    gdds = make_project("GDDS", world.moct, status="proposed")
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="include_project",
        text="إدراج منظومة الوثائق الرقمية ورصد الاعتماد المالي",
        plan_year=2025,
        amount=Decimal("2000000000"),
        projects=[gdds],
    )
    apply_twice(decision, world.pmo)
    gdds.refresh_from_db()
    assert gdds.funding_allocated == Decimal("2000000000") and gdds.status == "approved"


def test_allocate_funding_adds_to_the_allocation_and_annulment_takes_it_back(world, meeting):
    world.tax.funding_allocated = Decimal("500")
    world.tax.save()
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="allocate_funding",
        text="رصد",
        amount=Decimal("250"),
        projects=[world.tax],
    )
    apply_twice(decision, world.pmo)
    world.tax.refresh_from_db()
    assert world.tax.funding_allocated == Decimal("750")
    decisions.annul(decision=decision, user=world.pmo, reason="خطأ في المبلغ")
    world.tax.refresh_from_db()
    assert world.tax.funding_allocated == Decimal("500")


def test_adopt_strategy(world, meeting):
    strategy = Strategy.objects.create(code="HE-DTS", name_ar="إستراتيجية التعليم العالي", owner=world.moct)
    decision = decisions.record(
        meeting=meeting, user=world.pmo, kind="adopt_strategy", text="اعتماد", strategy=strategy
    )
    apply_twice(decision, world.pmo)
    strategy.refresh_from_db()
    assert (strategy.status, strategy.adopted_on) == ("adopted", MEETING_DAY)
    assert list(strategy.decisions.all()) == [decision]
    decisions.annul(decision=decision, user=world.pmo, reason="سحب")
    strategy.refresh_from_db()
    assert (strategy.status, strategy.adopted_on) == ("draft", None)


def test_approve_phase_starts_it(world, meeting):
    phase = world.health_registry.phases.create(order=3, name_ar="التعميم", weight=1)
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="approve_phase", text="الموافقة", phase=phase)
    apply_twice(decision, world.pmo)
    phase.refresh_from_db()
    assert (phase.status, phase.actual_start) == ("in_progress", MEETING_DAY)
    decisions.annul(decision=decision, user=world.pmo, reason="تأجيل")
    phase.refresh_from_db()
    assert (phase.status, phase.actual_start) == ("not_started", None)


def test_approve_rebaseline_moves_the_baseline_through_a_kept_rebaseline(world, meeting):
    project = world.health_registry
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="approve_rebaseline",
        text="الموافقة على تعديل موعد الدخول في الخدمة",
        projects=[project],
        new_baseline_go_live=datetime.date(2027, 7, 1),
    )
    apply_twice(decision, world.pmo)
    project.refresh_from_db()
    assert project.baseline_go_live == datetime.date(2027, 7, 1)
    assert project.original_baseline_go_live == datetime.date(2027, 3, 1)  # the original never moves
    record = project.rebaselines.get()
    assert "7" in record.reason and record.new_go_live == datetime.date(2027, 7, 1)

    decisions.annul(decision=decision, user=world.pmo, reason="لم يُقرّ")
    project.refresh_from_db()
    assert project.baseline_go_live == datetime.date(2027, 3, 1)
    reversal = project.rebaselines.first()
    assert (reversal.previous_go_live, reversal.new_go_live) == (datetime.date(2027, 7, 1), datetime.date(2027, 3, 1))
    assert project.rebaselines.count() == 2  # both moves are kept


def test_form_committee(world, meeting):
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="form_committee",
        text="تشكيل لجنة فنية متخصصة لوضع آلية تنفيذ المراحل اللاحقة للناقل الحكومي",
        title="اللجنة الفنية للناقل الحكومي",
        lead_entity=world.moct,
        other_entities=[world.nans, world.finance],
    )
    decision = apply_twice(decision, world.pmo)
    committee = Committee.objects.get(formed_by=decision)
    assert committee.name_ar == "اللجنة الفنية للناقل الحكومي" and committee.parent == meeting.committee
    assert set(committee.members.all()) == {world.moct, world.nans, world.finance}
    assert committee.is_active and committee.formed_on == MEETING_DAY
    decisions.annul(decision=decision, user=world.pmo, reason="دمج مع لجنة أخرى")
    committee.refresh_from_db()
    assert not committee.is_active


def test_assign_task(world, meeting):
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="assign_task",
        text="تكليف وزارة الصحة بالتنسيق مع وزارة الاتصالات",
        title="وضع مؤشرات تتبع التنفيذ",
        lead_entity=world.health,
        other_entities=[world.moct],
        due_date=datetime.date(2027, 1, 31),
    )
    decision = apply_twice(decision, world.pmo)
    task = decision.tasks.get()
    assert (task.assigned_entity, task.status, task.due_date) == (world.health, "open", datetime.date(2027, 1, 31))
    assert list(task.coordinating_entities.all()) == [world.moct]
    decisions.annul(decision=decision, user=world.pmo, reason="نُفّذ بطريقة أخرى")
    task.refresh_from_db()
    assert task.status == "cancelled"


def test_remove_obstacle_resolves_it_with_the_link(world, meeting):
    obstacle = Obstacle.objects.create(project=world.tax, title="نقص التمويل", category="funding", level=3)
    decision = decisions.record(
        meeting=meeting, user=world.pmo, kind="remove_obstacle", text="تأمين الاعتماد اللازم", obstacle=obstacle
    )
    decision = apply_twice(decision, world.pmo)
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.resolved_on, obstacle.resolution) == (
        "resolved",
        MEETING_DAY,
        "تأمين الاعتماد اللازم",
    )
    assert list(obstacle.decisions.all()) == [decision]
    assert "7" in obstacle.decision_reference
    decisions.annul(decision=decision, user=world.pmo, reason="لم يُؤمَّن")
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.resolved_on) == ("open", None)


def test_other_decision_applies_with_no_effect(world, meeting):
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="التأكيد على المتابعة المستمرة")
    decision = apply_twice(decision, world.pmo)
    assert decision.effects == []


def test_annulment_leaves_a_field_someone_changed_since_and_says_so(world, meeting):
    proposal = make_project("TOUR-REG", world.finance, status="proposed")
    decision = decisions.record(
        meeting=meeting, user=world.pmo, kind="include_project", text="إدراج", plan_year=2025, projects=[proposal]
    )
    decisions.apply(decision=decision, user=world.pmo)
    proposal.refresh_from_db()
    proposal.status = "preparation"  # the entity started work after the decision
    proposal.save()
    kept = decisions.annul(decision=decision, user=world.pmo, reason="سحب")
    proposal.refresh_from_db()
    assert proposal.status == "preparation" and proposal.plan_year is None
    assert len(kept) == 1 and "TOUR-REG" in kept[0]
    # Annulling twice changes nothing more; an annulled decision is not applied again.
    assert decisions.annul(decision=decision, user=world.pmo, reason="مرة أخرى") == []
    with pytest.raises(ValidationError):
        decisions.apply(decision=decision, user=world.pmo)


def test_applying_is_all_or_nothing(world, meeting, monkeypatch):
    proposal = make_project("E-POA", world.finance, status="proposed")
    decision = decisions.record(
        meeting=meeting, user=world.pmo, kind="include_project", text="إدراج", plan_year=2025, projects=[proposal]
    )

    def fail(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Decision, "save", fail)
    with pytest.raises(RuntimeError):
        decisions.apply(decision=decision, user=world.pmo)
    proposal.refresh_from_db()
    assert proposal.status == "proposed"  # the project change was rolled back with the decision


@pytest.mark.parametrize("who", ["committee", "focal_health", "viewer_health"])
def test_only_the_programme_office_records_and_applies(world, meeting, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        decisions.record(meeting=meeting, user=user, kind="other", text="x")
    decision = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="x")
    with pytest.raises(PermissionDenied):
        decisions.apply(decision=decision, user=user)
    with pytest.raises(PermissionDenied):
        decisions.annul(decision=decision, user=user, reason="x")


def test_a_decision_names_what_it_misses(world, meeting):
    with pytest.raises(ValidationError) as refused:
        decisions.record(meeting=meeting, user=world.pmo, kind="assign_task", text="تكليف")
    assert set(refused.value.message_dict) == {"title", "lead_entity"}
    planned = Meeting.objects.create(committee=meeting.committee, number=8, date=datetime.date(2027, 1, 1))
    with pytest.raises(ValidationError) as refused:
        decisions.record(meeting=planned, user=world.pmo, kind="other", text="x")
    assert "meeting" in refused.value.message_dict


def test_approving_a_rebaseline_answers_the_owners_request_and_annulling_reopens_it(world, meeting):
    from marsad.portfolio.baselines import request_rebaseline

    project = world.health_registry
    asked = request_rebaseline(
        project=project, user=world.focal_health, reason="تأخر التوريد", new_go_live=datetime.date(2027, 7, 1)
    )
    assert asked.status == "pending"
    decision = decisions.record(
        meeting=meeting,
        user=world.pmo,
        kind="approve_rebaseline",
        text="الموافقة على طلب وزارة الصحة",
        projects=[project],
        new_baseline_go_live=asked.new_go_live,
    )
    apply_twice(decision, world.pmo)
    asked.refresh_from_db()
    assert asked.status == "approved"
    decisions.annul(decision=decision, user=world.pmo, reason="سحب")
    asked.refresh_from_db()
    assert asked.status == "pending"


def test_a_rebaseline_request_needs_a_change_and_a_reason_and_the_owner(world):
    from marsad.portfolio.baselines import request_rebaseline

    project = world.health_registry
    with pytest.raises(ValidationError) as refused:
        request_rebaseline(project=project, user=world.focal_health, reason="x", new_go_live=project.baseline_go_live)
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        request_rebaseline(project=project, user=world.focal_health, reason=" ", new_go_live=datetime.date(2028, 1, 1))
    with pytest.raises(PermissionDenied):
        request_rebaseline(project=project, user=world.focal_finance, reason="x", new_go_live=datetime.date(2028, 1, 1))
    with pytest.raises(PermissionDenied):
        request_rebaseline(project=project, user=world.viewer_health, reason="x", new_go_live=datetime.date(2028, 1, 1))
