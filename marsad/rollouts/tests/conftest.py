import datetime
from types import SimpleNamespace

import pytest

from marsad.accounts.models import Role
from marsad.conftest import make_user
from marsad.portfolio.models import Entity
from marsad.rollouts import services
from marsad.rollouts.models import Participant

START, DEADLINE = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


@pytest.fixture
def payments(world):
    """The central bank's e-payment over ten banks, led by the central bank."""
    central = Entity.objects.create(code="CBS", name_ar="مصرف سورية المركزي", kind="bank")
    banks = [
        Entity.objects.create(code=f"BANK-{n}", name_ar=f"مصرف خاص {n}", name_en=f"Private bank {n}", kind="bank")
        for n in range(1, 11)
    ]
    rollout = services.rollout_create(
        user=world.pmo,
        institutions=banks,
        code="E-PAY",
        name_ar="الدفع الإلكتروني في المصارف العاملة",
        name_en="Electronic payment in the operating banks",
        capability="e_payment",
        lead_entity=central,
        start_date=START,
        target_date=DEADLINE,
        target="جميع المصارف العاملة",
    )
    stages = {stage.order: stage for stage in rollout.stages.all()}
    return SimpleNamespace(
        world=world,
        rollout=rollout,
        central=central,
        banks=banks,
        stages=stages,
        focal_central=make_user("focal.cbs", Role.FOCAL_POINT, [central]),
        focal_bank1=make_user("focal.bank1", Role.FOCAL_POINT, [banks[0]]),
        row=lambda bank: Participant.objects.get(rollout=rollout, entity=bank),
    )


def move(payments, bank, order, day, user=None, **more):
    row = payments.row(bank)
    return services.participant_update(
        participant=row,
        user=user or payments.world.pmo,
        version=row.version,
        stage=payments.stages[order],
        stage_reached_on=day,
        **more,
    )
