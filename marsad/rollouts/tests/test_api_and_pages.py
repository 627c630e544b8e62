"""The rollouts API (rows, bulk update) and pages, as each role meets them."""

import datetime

import pytest

from marsad.rollouts.models import Participant, Rollout, StageMove
from marsad.rollouts.tests.conftest import move

pytestmark = pytest.mark.django_db


def test_the_api_lists_rollouts_with_their_standing(client, payments):
    move(payments, payments.banks[0], 4, datetime.date(2026, 3, 1))
    client.force_login(payments.world.committee)
    body = client.get("/api/v1/rollouts/").json()
    found = body["results"][0] if "results" in body else body[0]
    assert (found["code"], found["live_count"], found["participant_count"], found["percent_live"]) == (
        "E-PAY",
        1,
        10,
        10.0,
    )
    assert [s["order"] for s in found["stages"]] == [1, 2, 3, 4] and found["stages"][-1]["is_live"]


def test_a_bank_moves_its_own_row_through_the_api_and_not_another(client, payments):
    client.force_login(payments.focal_bank1)
    own = Participant.objects.get(rollout=payments.rollout, entity=payments.banks[0])
    other = Participant.objects.get(rollout=payments.rollout, entity=payments.banks[1])
    answer = client.patch(
        f"/api/v1/rollout-participants/{own.pk}/",
        {"stage": "الربط", "stage_reached_on": "2026-03-01", "version": own.version},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["stage"] == 2
    assert StageMove.objects.filter(participant=own).count() == 1
    refused = client.patch(
        f"/api/v1/rollout-participants/{other.pk}/", {"stage": "2", "version": 1}, content_type="application/json"
    )
    assert refused.status_code == 404  # another bank's row is out of its sight


def test_a_focal_point_cannot_move_its_row_to_another_institution(client, payments):
    client.force_login(payments.focal_central)
    row = Participant.objects.get(rollout=payments.rollout, entity=payments.banks[0])
    answer = client.patch(
        f"/api/v1/rollout-participants/{row.pk}/",
        {"stage": "9", "version": row.version},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "stage" in answer.json()


def test_the_bulk_update_through_the_api_is_all_or_nothing_and_idempotent(client, payments):
    client.force_login(payments.focal_central)
    url = "/api/v1/rollouts/E-PAY/bulk-stages/"
    bad = {"rows": [{"institution": "BANK-1", "stage": "4", "stage_reached_on": "2026-03-01"},
                    {"institution": "NOPE", "stage": "2"}]}  # fmt: skip
    answer = client.post(url, bad, content_type="application/json")
    assert answer.status_code == 400 and "row 2: institution" in answer.json()
    assert StageMove.objects.count() == 0
    good = {"rows": [{"institution": "BANK-1", "stage": "4", "stage_reached_on": "2026-03-01"}]}
    assert client.post(url, good, content_type="application/json").json() == {"changed": 1, "unchanged": 0}
    assert client.post(url, good, content_type="application/json").json() == {"changed": 0, "unchanged": 1}
    assert StageMove.objects.count() == 1


def test_only_the_programme_office_defines_a_rollout(client, payments):
    payload = {
        "code": "QR",
        "name_ar": "الدفع برمز QR",
        "capability": "qr_payment",
        "lead_entity": "CBS",
        "start_date": "2026-06-01",
        "target_date": "2026-12-31",
        "institutions": ["BANK-1", "BANK-2"],
        "stages": [{"name_ar": "لم يبدأ"}, {"name_ar": "الاختبار"}, {"name_ar": "في الخدمة"}],
    }
    client.force_login(payments.focal_central)
    assert client.post("/api/v1/rollouts/", payload, content_type="application/json").status_code == 403
    client.force_login(payments.world.pmo)
    answer = client.post("/api/v1/rollouts/", payload, content_type="application/json")
    assert answer.status_code == 201, answer.content
    assert [s["name_ar"] for s in answer.json()["stages"]] == ["لم يبدأ", "الاختبار", "في الخدمة"]
    assert answer.json()["participant_count"] == 2
    late = {**payload, "code": "QR2", "target_date": "2026-01-01"}
    refused = client.post("/api/v1/rollouts/", late, content_type="application/json")
    assert refused.status_code == 400 and "target_date" in refused.json()


def test_the_matrix_page_in_arabic_shows_cells_counts_and_the_chart_data(client, payments):
    move(payments, payments.banks[0], 4, datetime.date(2026, 3, 1))
    move(payments, payments.banks[1], 3, datetime.date(2026, 3, 1))
    client.force_login(payments.world.committee)
    page = client.get("/rollouts/").content.decode()
    assert 'dir="rtl"' in page and 'data-chart="rollout-bars"' in page
    assert "stage-cell stage-live" in page and "stage-cell stage-late" in page
    row = page[page.index('data-institution="BANK-1"') :][:600]
    assert "في الخدمة" in row
    only_banks_live = client.get("/rollouts/?state=live").content.decode()
    assert 'data-institution="BANK-1"' in only_banks_live and 'data-institution="BANK-2"' not in only_banks_live


def test_the_rollout_page_shows_the_stage_table_the_laggards_and_the_update_link(client, payments):
    move(payments, payments.banks[0], 4, datetime.date(2026, 3, 1))
    client.force_login(payments.focal_bank1)
    page = client.get("/rollouts/E-PAY/").content.decode()
    assert page.count('data-institution="') == 1  # its own row only
    assert f"/rollouts/E-PAY/rows/{payments.row(payments.banks[0]).pk}/" in page
    client.force_login(payments.world.committee)
    page = client.get("/rollouts/E-PAY/").content.decode()
    assert page.count('data-institution="') == 10 and "/rows/" not in page  # reads, never updates
    assert 'data-stage-count="4">1<' in page and 'data-chart="rollout-trajectory"' in page


def test_updating_a_row_on_its_page(client, payments):
    row = payments.row(payments.banks[0])
    client.force_login(payments.focal_bank1)
    url = f"/rollouts/E-PAY/rows/{row.pk}/"
    answer = client.post(url, {"stage": payments.stages[3].pk, "stage_reached_on": "2026-04-01",
                               "evidence": "محضر الاختبار", "version": row.version})  # fmt: skip
    assert answer.status_code == 302
    assert payments.row(payments.banks[0]).stage.order == 3
    stale = client.post(url, {"stage": payments.stages[4].pk, "stage_reached_on": "2026-05-01", "version": row.version})
    assert stale.status_code == 409 and payments.row(payments.banks[0]).stage.order == 3
    future = client.post(
        url, {"stage": payments.stages[4].pk, "stage_reached_on": "2099-01-01", "version": row.version + 1}
    )
    assert future.status_code == 200 and "stage_reached_on" in future.content.decode()


def test_the_programme_office_defines_a_rollout_on_its_page_with_every_bank(client, payments):
    client.force_login(payments.world.pmo)
    answer = client.post(
        "/rollouts/new/",
        {
            "code": "QR-PAY",
            "name_ar": "الدفع برمز QR",
            "capability": "qr_payment",
            "lead_entity": payments.central.pk,
            "start_date": "2026-06-01",
            "target_date": "2026-12-31",
            "status": "active",
            "stages": "لم يبدأ | Not started\nاعتماد المواصفة | Specification adopted\nفي الخدمة | Live",
            "add_kind": "bank",
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    rollout = Rollout.objects.get(code="QR-PAY")
    # Every bank but the central bank that leads it, each at the first of three stages.
    assert set(rollout.participants.values_list("entity__code", flat=True)) == {f"BANK-{n}" for n in range(1, 11)}
    assert list(rollout.stages.values_list("name_en", "is_live")) == [
        ("Not started", False),
        ("Specification adopted", False),
        ("Live", True),
    ]
    client.force_login(payments.focal_central)
    assert client.get("/rollouts/new/").status_code == 403


def test_the_agenda_builder_page_offers_the_rollout(client, payments):
    import time_machine

    from marsad.committee.models import Committee, Meeting

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(committee=higher, number=2, date=datetime.date(2026, 7, 20), status="planned")
    client.force_login(payments.world.pmo)
    with time_machine.travel(datetime.date(2026, 7, 2), tick=False):
        page = client.get(f"/meetings/{meeting.pk}/agenda/").content.decode()
    assert f'value="rollout:{payments.rollout.pk}"' in page and "متأخر عن مساره" in page


def test_changing_the_stage_on_the_page_without_a_day_dates_the_move_today(client, payments):
    from django.utils import timezone

    move(payments, payments.banks[0], 2, datetime.date(2026, 3, 1))
    row = payments.row(payments.banks[0])
    client.force_login(payments.focal_bank1)
    url = f"/rollouts/E-PAY/rows/{row.pk}/"
    form = client.get(url).content.decode()
    assert 'name="stage_reached_on" value=' not in form  # not the old stage's day, offered as the new one's
    client.post(url, {"stage": payments.stages[3].pk, "stage_reached_on": "", "version": row.version})
    assert payments.row(payments.banks[0]).stage_reached_on == timezone.localdate()
    row = payments.row(payments.banks[0])
    client.post(url, {"stage": payments.stages[3].pk, "notes": "بانتظار الشهادة", "version": row.version})
    kept = payments.row(payments.banks[0])
    assert (kept.stage_reached_on, kept.notes) == (timezone.localdate(), "بانتظار الشهادة")
    assert StageMove.objects.filter(participant=kept).count() == 2


def test_a_rollout_without_institutions_yet_has_its_page(client, payments):
    from marsad.rollouts.services import rollout_create

    rollout_create(
        user=payments.world.pmo,
        code="E-SIGN",
        name_ar="التوقيع الإلكتروني",
        capability="e_signature",
        lead_entity=payments.central,
        target_date=datetime.date(2026, 12, 31),
    )
    client.force_login(payments.world.committee)
    page = client.get("/rollouts/E-SIGN/")
    assert page.status_code == 200 and 'data-stage-count="1">0<' in page.content.decode()
