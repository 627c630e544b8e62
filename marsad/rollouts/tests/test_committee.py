"""The committee sees rollouts: the agenda builder proposes one behind its trajectory,
a decision orders one, the meeting's changes list stage moves, the dashboard shows each
active rollout against its deadline."""

import datetime

import pytest
import time_machine

from marsad.committee import agenda, decisions
from marsad.committee.models import Committee, Decision, Meeting
from marsad.rollouts.models import Rollout
from marsad.rollouts.tests.conftest import move

pytestmark = pytest.mark.django_db
d = datetime.date


@pytest.fixture
def meetings(payments):
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    last = Meeting.objects.create(committee=higher, number=1, date=d(2026, 6, 1), status="held")
    next_one = Meeting.objects.create(committee=higher, number=2, date=d(2026, 7, 20), status="planned")
    return last, next_one


def test_the_agenda_builder_proposes_a_rollout_behind_its_trajectory(payments, meetings):
    _last, next_one = meetings
    move(payments, payments.banks[0], 4, d(2026, 3, 1))
    # 2 July: the line expects five banks live; one is.
    found = [p for p in agenda.proposals(next_one, today=d(2026, 7, 2)) if p.kind == "rollout"]
    assert [p.title for p in found] == ["الدفع الإلكتروني في المصارف العاملة"]
    assert "1" in found[0].reasons[0] and "5" in found[0].reasons[0]
    assert found[0].presenter_entity == payments.central
    items = agenda.accept(meeting=next_one, user=payments.world.pmo, keys=[found[0].key], today=d(2026, 7, 2))
    assert items[0].rollout == payments.rollout
    # On the agenda now, so no longer proposed.
    assert not [p for p in agenda.proposals(next_one, today=d(2026, 7, 2)) if p.kind == "rollout"]


def test_a_rollout_on_its_trajectory_is_not_proposed(payments, meetings):
    _last, next_one = meetings
    for bank in payments.banks[:5]:
        move(payments, bank, 4, d(2026, 6, 1))
    assert not [p for p in agenda.proposals(next_one, today=d(2026, 7, 2)) if p.kind == "rollout"]


def test_a_decision_orders_a_rollout_and_annulling_it_withdraws_it(payments, meetings):
    last, _next = meetings
    w = payments.world
    decision = decisions.record(
        meeting=last,
        user=w.pmo,
        number=7,
        kind="order_rollout",
        text="تعميم التوقيع الإلكتروني على الوزارات قبل نهاية العام.",
        title="اعتماد التوقيع الإلكتروني",
        lead_entity=w.moct,
        due_date=d(2026, 12, 31),
        projects=[w.health_registry],
        other_entities=[w.health, w.finance],
    )
    decisions.apply(decision=decision, user=w.pmo)
    rollout = Rollout.objects.get(decision=decision)
    assert (rollout.name_ar, rollout.lead_entity, rollout.target_date, rollout.project) == (
        "اعتماد التوقيع الإلكتروني",
        w.moct,
        d(2026, 12, 31),
        w.health_registry,
    )
    assert set(rollout.participants.values_list("entity__code", flat=True)) == {"MOH", "MOF"}
    assert rollout.start_date == last.date and rollout.stages.count() == 4
    decisions.annul(decision=Decision.objects.get(pk=decision.pk), user=w.pmo, reason="خطأ في المحضر")
    assert Rollout.objects.get(pk=rollout.pk).status == "cancelled"


def test_an_order_without_institutions_or_deadline_is_refused_by_field(payments, meetings):
    from django.core.exceptions import ValidationError

    last, _next = meetings
    with pytest.raises(ValidationError) as refused:
        decisions.record(
            meeting=last,
            user=payments.world.pmo,
            kind="order_rollout",
            text="تعميم",
            title="تعميم",
            lead_entity=payments.central,
        )
    assert {"due_date", "other_entities"} <= set(refused.value.message_dict)


def test_the_meeting_page_lists_stage_moves_since_the_last_meeting(client, payments, meetings):
    _last, next_one = meetings
    move(payments, payments.banks[0], 2, d(2026, 5, 20))  # before the last meeting: not listed
    move(payments, payments.banks[0], 4, d(2026, 6, 15))
    move(payments, payments.banks[1], 3, d(2026, 7, 1))
    client.force_login(payments.world.committee)
    with time_machine.travel(d(2026, 7, 10), tick=False):
        page = client.get(f"/meetings/{next_one.pk}/").content.decode()
    section = page[page.index('id="rollout-moves"') :]
    assert "مصرف خاص 1: الربط ← في الخدمة" in section and "مصرف خاص 2: لم يبدأ ← الاختبار" in section
    assert 'data-went-live="1"' in section
    assert "20 أيار" not in section


def test_a_bank_sees_only_its_own_moves_on_the_meeting_page(client, payments, meetings):
    _last, next_one = meetings
    move(payments, payments.banks[0], 4, d(2026, 6, 15))
    move(payments, payments.banks[1], 3, d(2026, 7, 1))
    client.force_login(payments.focal_bank1)
    with time_machine.travel(d(2026, 7, 10), tick=False):
        page = client.get(f"/meetings/{next_one.pk}/").content.decode()
    assert "مصرف خاص 1" in page and "مصرف خاص 2" not in page


def test_the_dashboard_shows_each_active_rollout_against_its_deadline_and_since_the_meeting(client, payments, meetings):
    move(payments, payments.banks[0], 4, d(2026, 5, 1))
    move(payments, payments.banks[1], 4, d(2026, 6, 20))
    move(payments, payments.banks[2], 4, d(2026, 7, 1))
    client.force_login(payments.world.committee)
    with time_machine.travel(d(2026, 7, 2), tick=False):
        page = client.get("/").content.decode()
    card = page[page.index('data-rollout="E-PAY"') :]
    card = card[: card.index("</div>\n          </div>") if "</div>\n          </div>" in card else 3000]
    assert 'data-percent-live="30"' in card  # 3 of 10
    assert "data-behind" in card  # five expected by 2 July
    assert 'data-live-then="1"' in card and 'data-live-change="2"' in card  # one live at the 1 June meeting
