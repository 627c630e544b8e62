"""Demo rollouts, from the meeting's last item (seed/README.md): the Central Bank's
electronic payment across the fourteen operating banks before the end of the
meeting's year, QR payment beside it, and the government service bus connection of
the ministries taking part. Written once through the rollouts' write path (stage moves
kept, so the trajectory and "changes since the last meeting" have something true to
show); a later load leaves them as they are. Days count from the meeting."""

import datetime

from marsad.committee.models import Decision
from marsad.portfolio.models import Entity, Programme, Project
from marsad.rollouts import services
from marsad.rollouts.models import Participant, Rollout, StageMove

BANKS = ["CBOS", "REB", "ACB", "IB", "PCB", "SB", *[f"PRB-{n}" for n in range(1, 9)]]

# institution -> ([(days from the meeting, stage reached)], forecast go-live in days or None).
# Six banks live ten days before the meeting (the task update says so), one more since.
E_PAYMENT = {
    "CBOS": ([(-80, 2), (-50, 3), (-35, 4)], None),
    "REB": ([(-75, 2), (-45, 3), (-28, 4)], None),
    "ACB": ([(-70, 2), (-40, 3), (-20, 4)], None),
    "PRB-1": ([(-78, 2), (-48, 3), (-30, 4)], None),
    "PRB-2": ([(-72, 2), (-42, 3), (-15, 4)], None),
    "PRB-3": ([(-65, 2), (-38, 3), (-12, 4)], None),
    "PCB": ([(-60, 2), (-25, 3), (5, 4)], None),
    "PRB-4": ([(-55, 2), (-18, 3)], 30),
    "SB": ([(-50, 2), (3, 3)], 35),
    "PRB-5": ([(-45, 2), (-5, 3)], 40),
    "IB": ([(-40, 2)], 70),  # forecast after the deadline: lagging
    "PRB-6": ([(-30, 2)], 40),
    "PRB-7": ([], None),
    "PRB-8": ([], 90),
}

QR_STAGES = [("لم يبدأ", "Not started"), ("اعتماد المواصفة", "Specification adopted"), ("الاختبار", "Testing"),
             ("في الخدمة", "Live")]  # fmt: skip
QR_PAYMENT = {
    "CBOS": ([(2, 2), (10, 3)], 60),
    "PRB-1": ([(4, 2)], 90),
    "PRB-2": ([(6, 2)], 120),
}

BUS_STAGES = [("لم يبدأ", "Not started"), ("طلب الربط", "Connection requested"), ("التكامل", "Integration"),
              ("الاختبار", "Testing"), ("مربوط", "Connected")]  # fmt: skip
BUS = {
    "MOF": ([(-120, 2), (-90, 3), (-40, 4), (-10, 5)], None),
    "MOITCP": ([(-110, 2), (-70, 3), (-25, 4)], 20),
    "MOH": ([(-100, 2), (-60, 3)], 60),
    "NANS": ([(-130, 2), (-95, 3), (-60, 4), (-30, 5)], None),
    "MOJ": ([(-50, 2)], 150),
    "MOE": ([(-20, 2)], 200),
    "MOHE": ([], None),
    "MOTOUR": ([], None),
}


def load_rollouts(*, meeting: datetime.date, pmo) -> int:
    """Write the three rollouts once; returns how many records were written."""
    entities = {entity.code: entity for entity in Entity.objects.all()}
    banks_task = Decision.objects.filter(meeting__number=11, number=3).first()
    bus_committee = Decision.objects.filter(meeting__number=11, number=1).first()
    end_of_year = datetime.date(meeting.year, 12, 31)
    written = 0
    written += _rollout(
        pmo,
        meeting,
        E_PAYMENT,
        code="E-PAY",
        name_ar="الدفع الإلكتروني في جميع المصارف العاملة",
        name_en="Electronic payment in every operating bank",
        capability="e_payment",
        lead_entity=entities["CBS"],
        programme=Programme.objects.filter(code="P-ECON").first(),
        decision=banks_task,
        description="مشروع الدفع الإلكتروني الذي عرضه مصرف سورية المركزي، ويُعمَّم على جميع المصارف العاملة قبل نهاية العام.",
        institution_kind="bank",
        start_date=meeting - datetime.timedelta(days=91),
        target_date=end_of_year,
        target="جميع المصارف العاملة (14 مصرفاً)",
        institutions=[entities[code] for code in BANKS],
    )
    written += _rollout(
        pmo,
        meeting,
        QR_PAYMENT,
        stages=QR_STAGES,
        code="QR-PAY",
        name_ar="الدفع الإلكتروني برمز الاستجابة السريعة (QR)",
        name_en="QR code payment",
        capability="qr_payment",
        lead_entity=entities["CBS"],
        programme=Programme.objects.filter(code="P-ECON").first(),
        description="اعتماد تقنية QR للدفع الإلكتروني في المدى القريب.",
        institution_kind="bank",
        start_date=meeting,
        target_date=meeting + datetime.timedelta(days=180),  # plausible: "the near term"
        target="جميع المصارف العاملة",
        institutions=[entities[code] for code in BANKS],
    )
    written += _rollout(
        pmo,
        meeting,
        BUS,
        stages=BUS_STAGES,
        code="GSB-LINK",
        name_ar="ربط الجهات بالناقل الحكومي للخدمات",
        name_en="Connecting entities to the government service bus",
        capability="service_bus",
        lead_entity=entities["MOCT"],
        project=Project.objects.filter(code="GSB").first(),
        decision=bus_committee,
        description="ربط الجهات المشاركة بالناقل الحكومي بعد تقسيم الأدوار بينها.",
        institution_kind="",
        start_date=meeting - datetime.timedelta(days=150),
        target_date=datetime.date(meeting.year + 1, 12, 31),  # plausible
        target="الوزارات المشاركة في الناقل",
        institutions=[entities[code] for code in BUS],
    )
    return written


def _rollout(pmo, meeting, plan, *, stages=None, institutions, **fields) -> int:
    if Rollout.objects.filter(code=fields["code"]).exists():
        return 0
    rollout = services.rollout_create(user=pmo, stages=stages, institutions=institutions, **fields)
    by_order = {stage.order: stage for stage in rollout.stages.all()}
    written = 1 + len(institutions)
    for code, (moves, forecast) in plan.items():
        row = Participant.objects.select_related("stage").get(rollout=rollout, entity__code=code)
        for offset, order in moves:
            day = meeting + datetime.timedelta(days=offset)
            before = row.stage
            row.stage, row.stage_reached_on = by_order[order], day
            services.save(row, pmo, version=row.version, moved_from=before)
            written += 1
        if forecast is not None:
            row.forecast_live = meeting + datetime.timedelta(days=forecast)
            services.save(row, pmo, version=row.version, moved_from=None)
    # Each move recorded as of its day, as if entered then.
    for move in StageMove.objects.filter(participant__rollout=rollout):
        StageMove.objects.filter(pk=move.pk).update(
            at=datetime.datetime.combine(move.reached_on, datetime.time(12), tzinfo=datetime.UTC)
        )
    return written
