"""The Higher Committee's meeting from the source document, with its agenda and its
five decisions applied, the technical committee for the government service bus, and
the committee's previous meeting, whose open tasks are the matters arising.

Decisions go through `marsad.committee.decisions` like any the programme office
records, so their effects (projects included, funding recorded, strategy adopted,
task assigned) are the real ones. Loading again changes nothing: records are found by
their numbers and an applied decision is not applied twice.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from marsad.committee import decisions
from marsad.committee.models import AgendaItem, Committee, Decision, Meeting, Task, TaskUpdate
from marsad.demo.upsert import upsert
from marsad.indicators.models import Indicator
from marsad.portfolio.models import Entity, Project, RebaselineRequest, Strategy

EARLIER_MEETING = -91  # days before the meeting of the source document
HIGHER_COMMITTEE = dict(
    code="HC",
    name_ar="اللجنة العليا للتحول الرقمي",
    name_en="Higher Committee for Digital Transformation",
    kind="higher",
    chair_title="رئيس مجلس الوزراء",
    mandate="متابعة البرامج التنفيذية للإستراتيجية الوطنية للتحول الرقمي وتذليل العقبات لدخولها الخدمة الفعلية وفق البرامج الزمنية المعتمدة.",
)
MEMBERS = ["MOCT", "MOF", "MOH", "MOHE", "MOE", "MOITCP", "MOEFT", "MOJ", "MOTOUR", "CBS", "PICC"]
ATTENDEES = "\n".join(
    [
        "رئيس مجلس الوزراء (رئيساً)",
        "وزير الاتصالات والتقانة",
        "وزير المالية",
        "وزير التعليم العالي والبحث العلمي",
        "وزير الكهرباء",
        "حاكم مصرف سورية المركزي",
        "رئيس هيئة التخطيط والتعاون الدولي",
    ]
)
PLACE = "مقر رئاسة مجلس الوزراء، دمشق"

# (kind, title, target code, presenter, presenting entity, minutes of the item)
EARLIER_AGENDA = [
    ("project", "الناقل الحكومي: تقدم المرحلة الأولى", "GSB", "وزير الاتصالات والتقانة", "MOCT", ""),
    ("project", "مركز الاستجابة للطوارئ المعلوماتية", "CERT", "وزير الاتصالات والتقانة", "MOCT", ""),
    ("other", "جاهزية المصارف للدفع الإلكتروني", None, "حاكم مصرف سورية المركزي", "CBS", ""),
]
MEETING_AGENDA = [
    ("other", "متابعة التكليفات السابقة", None, "", None, ""),
    (
        "other",
        "عرض مراحل تنفيذ مشاريع التحول الرقمي ونسب التنفيذ والبرامج الزمنية لدخولها الخدمة الفعلية",
        None,
        "وزير الاتصالات والتقانة",
        "MOCT",
        "عرضت وزارة الاتصالات والتقانة المرحلة التي وصل إليها كل مشروع ونسبة تنفيذه وبرنامجه الزمني لدخول الخدمة الفعلية.",
    ),
    (
        "project",
        "الناقل الحكومي: إنجاز المرحلة الأولى وتشكيل لجنة فنية متخصصة",
        "GSB",
        "وزير الاتصالات والتقانة",
        "MOCT",
        "أُنجزت المرحلة الأولى، وشُكّلت لجنة فنية متخصصة لوضع آلية تنفيذ المراحل اللاحقة وتوزيع الأدوار بين الجهات وتحديد البنية التقنية للناقل.",
    ),
    ("project", "مركز الاستجابة للطوارئ المعلوماتية (مشروع ذو أولوية)", "CERT", "وزير الاتصالات والتقانة", "MOCT", ""),
    ("project", "توسيع البوابة الدولية للإنترنت", "INTL-GW", "وزير الاتصالات والتقانة", "MOCT", ""),
    (
        "indicator",
        "الخدمات الإلكترونية المقدمة عبر مراكز خدمة المواطن وبوابة المغتربين",
        "CSC-ESERVICES",
        "وزير الاتصالات والتقانة",
        "MOCT",
        "بلغ عدد الخدمات المقدمة عبر مركز خدمة المواطن 3,615,100 خدمة منذ بداية تموز 2023، وعبر بوابة المغتربين 94,125 خدمة.",
    ),
    (
        "other",
        "متابعة تطبيق الدفع الإلكتروني",
        None,
        "حاكم مصرف سورية المركزي",
        "CBS",
        "تأمين متطلبات الربط الإلكتروني لجميع المصارف العاملة قبل نهاية العام الحالي، واعتماد تقنية QR للدفع الإلكتروني في المدى القريب.",
    ),
    (
        "strategy",
        "إستراتيجية التحول الرقمي لقطاع التعليم العالي والبحث العلمي",
        "HE-DTS",
        "وزير التعليم العالي والبحث العلمي",
        "MOHE",
        "",
    ),
]


def load_committee(*, meeting: datetime.date, pmo) -> int:
    """Write the committees, both meetings and their decisions; returns records written."""

    entities = {e.code: e for e in Entity.objects.all()}
    written = 0

    def put(model, lookup, values):
        nonlocal written
        obj, changed = upsert(model, lookup, values)
        written += changed
        return obj

    higher = put(Committee, {"code": "HC"}, {k: v for k, v in HIGHER_COMMITTEE.items() if k != "code"})
    _set(higher.members, [entities[c] for c in MEMBERS])
    earlier_day = meeting + datetime.timedelta(days=EARLIER_MEETING)
    earlier = put(
        Meeting,
        {"committee": higher, "number": 11},
        {
            "date": earlier_day,
            "place": PLACE,
            "status": "approved",
            "chaired_by": "رئيس مجلس الوزراء",
            "attendees": ATTENDEES,
        },
    )
    source = put(
        Meeting,
        {"committee": higher, "number": 12},
        {
            "date": meeting,
            "place": PLACE,
            "status": "held",
            "chaired_by": "رئيس مجلس الوزراء",
            "attendees": ATTENDEES,
            "minutes": "عقدت اللجنة العليا للتحول الرقمي اجتماعها برئاسة رئيس مجلس الوزراء، واطلعت على البرامج التنفيذية للإستراتيجية الوطنية للتحول الرقمي للخدمات الحكومية والمرحلة التي وصل إليها كل مشروع وتذليل العقبات، بما يضمن دخول البرامج في الخدمة الفعلية وفق البرامج الزمنية المعتمدة.\nوأكدت اللجنة ضرورة المتابعة المستمرة لبرامج التحول الرقمي في كل وزارة، وتأمين متطلباتها من البنى التحتية والتجهيزات وإعداد وتأهيل الكوادر الفنية المتخصصة، وتوسيع دائرة الخدمات المقدمة إلكترونياً وتبسيط الإجراءات على المواطنين.",
        },
    )
    for m in (earlier, source):
        _set(m.attending_entities, [entities[c] for c in MEMBERS])
    for m, rows in ((earlier, EARLIER_AGENDA), (source, MEETING_AGENDA)):
        for order, (kind, title, target, presenter, presenting, notes) in enumerate(rows, 1):
            values: dict[str, Any] = {"kind": kind, "title": title, "presenter": presenter, "notes": notes}
            values["presenter_entity"] = entities.get(presenting) if presenting else None
            values["project"] = Project.objects.get(code=target) if kind == "project" else None
            values["indicator"] = Indicator.objects.filter(code=target).first() if kind == "indicator" else None
            values["strategy"] = Strategy.objects.get(code=target) if kind == "strategy" else None
            put(AgendaItem, {"meeting": m, "order": order}, values)

    def decide(m, number, kind, text, *, projects=(), others=(), **fields):
        """Record the decision once, then apply it (a no-op when applied already)."""
        nonlocal written
        decision = Decision.objects.filter(meeting=m, number=number).first()
        if decision is None:
            decision = decisions.record(
                meeting=m,
                user=pmo,
                number=number,
                kind=kind,
                text=text,
                projects=[Project.objects.get(code=c) for c in projects],
                other_entities=[entities[c] for c in others],
                is_public=True,  # the press reported them: published on the transparency page
                **fields,
            )
            written += 1
        if decision.status == "recorded":
            started = timezone.now()
            decisions.apply(decision=decision, user=pmo)
            _date_history(decision, started, m.date)
            written += 1
        return decision

    # The previous meeting: the bus's technical committee and three tasks.
    bus_committee = decide(
        earlier,
        1,
        "form_committee",
        "تشكيل لجنة فنية متخصصة لوضع آلية تنفيذ المراحل اللاحقة للناقل الحكومي وتوزيع الأدوار بين الجهات المشاركة وتحديد البنية التقنية للناقل.",
        title="اللجنة الفنية للناقل الحكومي",
        projects=["GSB"],
        lead_entity=entities["MOCT"],
        others=["NANS", "MOF", "MOH", "MOITCP"],
    )
    put(
        Committee,
        {"formed_by": bus_committee},
        {
            "code": "GSB-TC",
            "name_en": "Technical Committee for the Government Service Bus",
            "chair_title": "معاون وزير الاتصالات والتقانة",
        },
    )
    gateway = decide(
        earlier,
        2,
        "assign_task",
        "تكليف وزارة الاتصالات والتقانة بتقديم برنامج زمني لتوسيع البوابة الدولية للإنترنت.",
        title="تقديم برنامج زمني لتوسيع البوابة الدولية للإنترنت",
        projects=["INTL-GW"],
        lead_entity=entities["MOCT"],
        others=["NANS"],
        due_date=earlier_day + datetime.timedelta(days=45),
    )
    banks = decide(
        earlier,
        3,
        "assign_task",
        "تكليف مصرف سورية المركزي بتأمين متطلبات الربط الإلكتروني لجميع المصارف العاملة.",
        title="تأمين متطلبات الربط الإلكتروني لجميع المصارف العاملة",
        lead_entity=entities["CBS"],
        others=["MOF"],
        due_date=datetime.date(meeting.year, 12, 31),  # "before the end of the current year"
    )
    invoicing = decide(
        earlier,
        4,
        "assign_task",
        "تكليف وزارة المالية بتقديم خطة تعميم الفوترة الإلكترونية على المكلفين.",
        title="تقديم خطة تعميم الفوترة الإلكترونية",
        projects=["E-INVOICE"],
        lead_entity=entities["MOF"],
        due_date=meeting - datetime.timedelta(days=20),
    )
    _progress(gateway, "done", "قُدّم البرنامج الزمني إلى الأمانة العامة.", earlier_day + datetime.timedelta(days=40))
    _progress(
        banks, "in_progress", "أُنجز ربط ستة مصارف من أصل أربعة عشر مصرفاً عاملاً.", meeting - datetime.timedelta(days=10)
    )
    _progress(invoicing, "in_progress", "مسودة الخطة قيد المراجعة في الوزارة.", meeting - datetime.timedelta(days=25))

    # An owner's request waiting for the committee (proposed by the agenda builder).
    station = Project.objects.get(code="SAT-STATION")
    if not station.rebaseline_requests.exists():
        RebaselineRequest.objects.create(
            project=station,
            new_go_live=station.forecast_go_live,
            reason="تأخر توريد تجهيزات محطة الاستقبال؛ يُطلب اعتماد موعد الدخول في الخدمة المتوقع خطاً أساسياً جديداً.",
        )
        written += 1

    # The five decisions of the source document. Its 2024 meeting included projects "for
    # 2025": the year after the meeting, which the demo's shifted calendar follows.
    plan_year = meeting.year + 1
    decide(
        source,
        1,
        "include_project",
        "إدراج منظومة الوثائق الرقمية الحكومية ضمن مشاريع التحول الرقمي ورصد الاعتماد المالي اللازم لها.",
        projects=["GDDS"],
        plan_year=plan_year,
        amount=Decimal("2000000000"),  # plausible: the article gives no amount
    )
    decide(
        source,
        2,
        "include_project",
        f"إدراج منظومة الجباية والفوترة المركزية لوزارة الكهرباء ضمن مشاريع التحول الرقمي لعام {plan_year}.",
        projects=["MOE-BILLING"],
        plan_year=plan_year,
    )
    decide(
        source,
        3,
        "include_project",
        "إدراج مشاريع تقديم البيانات الضريبية وتسديدها إلكترونياً، ورقمنة السجل السياحي للمنشآت السياحية، وإصدار الوكالات العدلية الداخلية إلكترونياً.",
        projects=["TAX-EFILE", "TOUR-REG", "E-POA"],
        plan_year=plan_year,
    )
    decide(
        source,
        4,
        "adopt_strategy",
        "اعتماد إستراتيجية التحول الرقمي لقطاع التعليم العالي والبحث العلمي.",
        strategy=Strategy.objects.get(code="HE-DTS"),
    )
    decide(
        source,
        5,
        "assign_task",
        "تكليف وزارة التعليم العالي والبحث العلمي بالتنسيق مع وزارة الاتصالات والتقانة بوضع المؤشرات اللازمة لتتبع تنفيذ الإستراتيجية.",
        title="وضع مؤشرات تتبع تنفيذ إستراتيجية التحول الرقمي لقطاع التعليم العالي",
        strategy=Strategy.objects.get(code="HE-DTS"),
        lead_entity=entities["MOHE"],
        others=["MOCT"],
        due_date=meeting + datetime.timedelta(days=60),
    )
    return written


def _set(manager, wanted) -> None:
    if set(manager.values_list("pk", flat=True)) != {obj.pk for obj in wanted}:
        manager.set(wanted)


def _progress(decision, status, text, on) -> None:
    """The assigned entity's update on the task, once."""
    task = decision.tasks.get()
    if task.updates.exists():
        return
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(11)))
    TaskUpdate.objects.create(task=task, text=text, status=status, at=moment)
    task.status, task.done_on = status, on if status == "done" else None
    task._history_date = moment
    task.save()


def _date_history(decision, started, day) -> None:
    """Date what applying a demo decision wrote on the meeting day, as if the programme
    office had applied it there and then (the demo is loaded later than the meeting)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(13)))
    for model in (Project, Strategy, Committee, Task, Decision):
        model.history.filter(history_date__gte=started).update(history_date=moment)
    Decision.objects.filter(pk=decision.pk).update(applied_at=moment)
