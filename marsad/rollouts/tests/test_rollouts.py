"""Rollouts: stage moves and their history, % live and the trajectory on a worked
example, who may update which row, the bulk update, the import."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import Workbook

from marsad.imports.spreadsheet import ImportRefused
from marsad.rollouts.imports import RolloutRowsImporter
from marsad.rollouts.models import Participant, Rollout, StageMove
from marsad.rollouts.services import bulk_update
from marsad.rollouts.tests.conftest import move
from marsad.rollouts.trajectory import Standing, chart, live_series

pytestmark = pytest.mark.django_db
d = datetime.date


def test_a_rollout_starts_every_institution_at_its_first_stage_of_four(payments):
    assert [s.name_ar for s in payments.rollout.stages.order_by("order")] == [
        "لم يبدأ",
        "الربط",
        "الاختبار",
        "في الخدمة",
    ]
    assert [s.is_live for s in payments.rollout.stages.order_by("order")] == [False, False, False, True]
    assert {row.stage.order for row in payments.rollout.participants.all()} == {1}


def test_a_stage_move_is_kept_with_its_day_evidence_and_author(payments):
    bank = payments.banks[0]
    move(payments, bank, 2, d(2026, 3, 1))
    move(payments, bank, 4, d(2026, 5, 10), evidence="محضر اختبار رقم 12")
    row = payments.row(bank)
    assert (row.stage.order, row.stage_reached_on, row.version) == (4, d(2026, 5, 10), 3)
    moves = list(StageMove.objects.filter(participant=row).order_by("reached_on"))
    assert [(m.from_stage.order, m.stage.order, m.reached_on) for m in moves] == [
        (1, 2, d(2026, 3, 1)),
        (2, 4, d(2026, 5, 10)),
    ]
    assert moves[1].evidence == "محضر اختبار رقم 12" and moves[1].by == payments.world.pmo
    assert row.history.count() == 3  # created, then two saves: versioned like every record


def test_changing_only_the_notes_is_no_move(payments):
    bank = payments.banks[0]
    row = payments.row(bank)
    from marsad.rollouts.services import participant_update

    participant_update(participant=row, user=payments.world.pmo, version=row.version, notes="بانتظار الشهادة")
    assert StageMove.objects.count() == 0 and payments.row(bank).notes == "بانتظار الشهادة"


def test_a_move_dated_before_the_last_one_or_in_the_future_is_refused_by_field(payments):
    bank = payments.banks[0]
    move(payments, bank, 3, d(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        move(payments, bank, 4, d(2026, 5, 1))
    assert "stage_reached_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        move(payments, bank, 4, timezone.localdate() + datetime.timedelta(days=3))
    assert "stage_reached_on" in refused.value.message_dict
    assert payments.row(bank).stage.order == 3


def test_a_stale_version_is_refused(payments):
    from marsad.lib.versioning import StaleVersion
    from marsad.rollouts.services import participant_update

    row = payments.row(payments.banks[0])
    old = row.version
    move(payments, payments.banks[0], 2, d(2026, 2, 1))
    with pytest.raises(StaleVersion):
        participant_update(participant=row, user=payments.world.pmo, version=old, stage=payments.stages[3])


# --- % live and the trajectory, worked by hand ------------------------------------


def test_percent_live_and_trajectory_on_a_worked_example(payments):
    """Ten banks, 1 January to 31 December (364 days). On 2 July (day 182) the straight
    line has 10 × 182 / 364 = 5 banks live; three are: behind by two, 30 % live, and
    the remaining seven over 182 days need 7 × 30 / 182 ≈ 1.15 a month."""
    b = payments.banks
    move(payments, b[0], 4, d(2026, 3, 1))
    move(payments, b[1], 4, d(2026, 4, 15))
    move(payments, b[3], 4, d(2026, 5, 1))
    move(payments, b[2], 4, d(2026, 6, 1))
    move(payments, b[3], 3, d(2026, 6, 10))  # a bank's live service withdrawn for retesting
    today = d(2026, 7, 2)
    rollout = Rollout.objects.with_counts().get(pk=payments.rollout.pk)
    standing = Standing(rollout, today, rollout.participant_count, rollout.live_count)
    assert (standing.participants, standing.live, standing.target) == (10, 3, 10)
    assert standing.percent_live == 30
    assert standing.planned_on(today) == 5.0 and standing.planned_now == 5
    assert standing.behind and standing.shortfall == 2
    assert round(standing.needed_per_month, 2) == 1.15
    assert live_series(payments.rollout, today) == [
        (d(2026, 1, 1), 0),
        (d(2026, 3, 1), 1),
        (d(2026, 4, 15), 2),
        (d(2026, 5, 1), 3),
        (d(2026, 6, 1), 4),
        (d(2026, 6, 10), 3),
        (d(2026, 7, 2), 3),
    ]
    data = chart(standing)
    assert data["planned"] == [["2026-01-01", 0], ["2026-12-31", 10]]
    assert data["needed"] == [["2026-07-02", 3], ["2026-12-31", 10]]


def test_on_trajectory_when_the_line_owes_only_a_fraction(payments):
    """On 19 February (day 49) the line has 10 × 49 / 364 ≈ 1.35 live: one bank live is enough."""
    move(payments, payments.banks[0], 4, d(2026, 2, 10))
    rollout = Rollout.objects.with_counts().get(pk=payments.rollout.pk)
    standing = Standing(rollout, d(2026, 2, 19), rollout.participant_count, rollout.live_count)
    assert standing.planned_now == 1 and not standing.behind


def test_a_target_count_below_the_participants_is_the_target(payments):
    Rollout.objects.filter(pk=payments.rollout.pk).update(target_count=8)
    for bank in payments.banks[:4]:
        move(payments, bank, 4, d(2026, 3, 1))
    rollout = Rollout.objects.with_counts().get(pk=payments.rollout.pk)
    assert Standing(rollout, d(2026, 7, 2), 10, rollout.live_count).percent_live == 50


# --- who may update which row -------------------------------------------------------


def test_who_may_update_which_row(payments):
    from marsad.accounts import scope

    first, second = payments.row(payments.banks[0]), payments.row(payments.banks[1])
    w = payments.world
    assert scope.can_change(payments.focal_central, first) and scope.can_change(payments.focal_central, second)
    assert scope.can_change(payments.focal_bank1, first) and not scope.can_change(payments.focal_bank1, second)
    assert scope.can_change(w.pmo, second)
    for user in (w.focal_health, w.committee, w.viewer_health):
        assert not scope.can_change(user, first)
    # The bank's own focal point moves its row, not another's, nor the rollout itself.
    move(payments, payments.banks[0], 2, d(2026, 3, 1), user=payments.focal_bank1)
    with pytest.raises(PermissionDenied):
        move(payments, payments.banks[1], 2, d(2026, 3, 1), user=payments.focal_bank1)
    assert not scope.can_create(payments.focal_central, Rollout)


def test_a_bank_reads_its_own_row_only_and_the_leader_reads_all(payments):
    from marsad.accounts import scope

    assert scope.readable(payments.focal_bank1, Participant.objects.all()).count() == 1
    assert scope.readable(payments.focal_central, Participant.objects.all()).count() == 10
    assert scope.readable(payments.world.focal_health, Participant.objects.all()).count() == 0
    assert scope.readable(payments.world.focal_health, Rollout.objects.all()).count() == 0


# --- many rows at once: the API's bulk update -------------------------------------


def test_bulk_update_is_all_or_nothing(payments):
    rows = [
        {"institution": "BANK-1", "stage": "4", "stage_reached_on": "2026-03-01"},
        {"institution": "BANK-2", "stage": "الاختبار", "stage_reached_on": "2026-03-02"},
        {"institution": "BANK-3", "stage": "9"},  # no such stage
    ]
    with pytest.raises(ValidationError) as refused:
        bulk_update(rollout=payments.rollout, user=payments.world.pmo, rows=rows)
    assert list(refused.value.message_dict) == ["row 3: stage"]
    assert StageMove.objects.count() == 0
    assert set(Participant.objects.values_list("stage__order", flat=True)) == {1}


def test_bulk_update_is_idempotent(payments):
    rows = [
        {"institution": "BANK-1", "stage": "4", "stage_reached_on": "2026-03-01", "evidence": "تعميم 5"},
        {"institution": "BANK-2", "stage": "Testing", "stage_reached_on": "2026-03-02"},
    ]
    first = bulk_update(rollout=payments.rollout, user=payments.world.pmo, rows=rows)
    versions = dict(Participant.objects.values_list("entity__code", "version"))
    again = bulk_update(rollout=payments.rollout, user=payments.world.pmo, rows=rows)
    assert (first.changed, first.unchanged) == (2, 0)
    assert (again.changed, again.unchanged) == (0, 2)
    assert StageMove.objects.count() == 2
    assert dict(Participant.objects.values_list("entity__code", "version")) == versions


def test_bulk_update_refuses_a_row_out_of_the_users_reach_whole(payments):
    rows = [
        {"institution": "BANK-1", "stage": "2", "stage_reached_on": "2026-03-01"},
        {"institution": "BANK-2", "stage": "2", "stage_reached_on": "2026-03-01"},
    ]
    with pytest.raises(ValidationError) as refused:
        bulk_update(rollout=payments.rollout, user=payments.focal_bank1, rows=rows)
    assert list(refused.value.message_dict) == ["row 2: institution"]
    assert StageMove.objects.count() == 0


# --- the spreadsheet ----------------------------------------------------------------


def _workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["Rollout code", "Institution code", "Stage (number or name)", "Stage reached on (YYYY-MM-DD)",
                  "Forecast go-live (YYYY-MM-DD)", "Evidence", "Notes"])  # fmt: skip
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_import_is_refused_whole_naming_row_and_column(payments):
    data = _workbook(
        [
            ["E-PAY", "BANK-1", "4", "2026-03-01", None, "تعميم 5", None],
            ["E-PAY", "BANK-2", "3", "2026-03-01", None, None, None],
            ["E-PAY", "BANK-3", "المرحلة الخامسة", "2026-03-01", None, None, None],
        ]
    )
    with pytest.raises(ImportRefused) as refused:
        RolloutRowsImporter(payments.world.pmo).apply(data)
    stage_column = str(RolloutRowsImporter.columns[2].header)  # "المرحلة (رقمها أو اسمها)"
    assert [(p.row, p.column) for p in refused.value.problems] == [(4, stage_column)]
    assert StageMove.objects.count() == 0


def test_the_import_applies_through_the_same_path_and_repeating_it_changes_nothing(payments):
    data = _workbook(
        [
            ["E-PAY", "BANK-1", "4", "2026-03-01", None, "تعميم 5", None],
            ["E-PAY", "BANK-2", "Testing", "2026-03-01", "2026-09-30", None, None],
        ]
    )
    RolloutRowsImporter(payments.focal_central).apply(data)
    RolloutRowsImporter(payments.focal_central).apply(data)
    assert dict(Participant.objects.filter(stage__order__gt=1).values_list("entity__code", "stage__order")) == {
        "BANK-1": 4,
        "BANK-2": 3,
    }
    assert StageMove.objects.count() == 2
    assert payments.row(payments.banks[1]).forecast_live == d(2026, 9, 30)


def test_the_template_holds_the_rows_the_user_may_update(payments):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(RolloutRowsImporter(payments.focal_bank1).template()))["rollouts"]
    assert [row[:2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]] == [("E-PAY", "BANK-1")]


def test_template_dry_run_apply_through_the_import_pages(client, payments):
    """The leader's focal point downloads its rows, moves one, uploads: the dry run
    writes nothing and shows the row; applying moves it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from openpyxl import load_workbook

    from marsad.imports.models import ImportBatch

    client.force_login(payments.focal_central)
    assert 'href="/imports/rollout-rows/' in client.get("/rollouts/").content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("imports:template", args=["rollout-rows"])).content))
    sheet = book["rollouts"]
    assert sheet.max_row == 11  # the header and its ten banks' rows as they stand
    sheet["C2"], sheet["D2"], sheet["F2"] = "الاختبار", "2026-04-01", "تقرير الاختبار"
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        reverse("imports:upload", args=["rollout-rows"]),
        {"file": SimpleUploadedFile("rollouts.xlsx", out.getvalue())},
        follow=True,
    )
    assert 'id="preview"' in response.content.decode() and "تقرير الاختبار" in response.content.decode()
    assert StageMove.objects.count() == 0  # the dry run wrote nothing
    batch = ImportBatch.objects.get(pk=response.context["job"].result["batch"])
    client.post(reverse("imports:apply", args=[batch.pk]))
    row = payments.row(payments.banks[0])
    assert (row.stage.order, row.stage_reached_on, row.evidence) == (3, d(2026, 4, 1), "تقرير الاختبار")
    assert StageMove.objects.count() == 1  # the other nine lines repeat what is stored
