"""Demo obstacles and requirements, from the meeting's account (seed/README.md): the
service bus waiting for the division of roles (removed by forming a technical
committee), the international gateway's capacity, specialised staff for the emergency
response centre, equipment for the satellite data station, the banks' electronic-link
requirements for e-payment. Dates count back from the meeting; loading is idempotent."""

import datetime

from marsad.obstacles.models import Escalation, Obstacle, Requirement
from marsad.portfolio.models import Entity, Project

# (project, title, category, severity, raised days before the meeting, level,
#  responsible entity, resolution or "", resolved days before the meeting)
OBSTACLES = [
    ("GSB", "انتظار تقسيم الأدوار بين الجهات المشاركة في الناقل الحكومي", "coordination", "high", 150, 3, "PMO-CM",
     "شُكّلت لجنة فنية من الجهات المشاركة لتقسيم الأدوار", 20),
    ("INTL-GW", "سعة البوابة الدولية لا تستوعب الطلب المتزايد على الإنترنت", "infrastructure", "critical", 75, 3, "STE", "", None),
    ("CERT", "نقص الكوادر الفنية المتخصصة في الاستجابة للحوادث المعلوماتية", "staff", "medium", 25, 2, "NANS", "", None),
    ("SAT-STATION", "تأخر توريد تجهيزات استقبال المعطيات الفضائية", "equipment", "medium", 20, 1, "GORS", "", None),
    ("ITAS", "عدم كفاية الاعتماد المالي لمرحلة التطوير", "funding", "high", 50, 2, "MOF", "", None),
    ("NHR", "ضعف الربط الشبكي في المشافي الطرفية", "infrastructure", "medium", 10, 1, "NANS", "", None),
    ("E-INVOICE", "الحاجة إلى تعديل تشريعي لاعتماد الفاتورة الإلكترونية", "legal", "medium", 95, 2, "MOF", "", None),
]  # fmt: skip

# (project, kind, description, quantity, responsible, due days after the meeting, status, gate)
REQUIREMENTS = [
    ("CERT", "staff", "تأهيل مختصين في الاستجابة للحوادث المعلوماتية", 12, "NANS", 60, "requested", True),
    ("CERT", "equipment", "منصة مراقبة أمنية ومركز عمليات", 1, "NANS", 30, "secured", False),
    ("SAT-STATION", "equipment", "هوائي استقبال وتجهيزات معالجة المعطيات", 1, "GORS", 45, "secured", True),
    ("INTL-GW", "infrastructure", "سعة إضافية على الكابلات البحرية", None, "STE", 90, "requested", True),
    ("E-INVOICE", "infrastructure", "الربط الإلكتروني لجميع المصارف العاملة (قبل نهاية العام)", 14, "CBS", None, "requested", False),
    ("GSB", "training", "تدريب فرق الجهات المشاركة على الناقل الحكومي", 40, "MOCT", 20, "delivered", False),
    ("NHR", "infrastructure", "ربط المشافي الطرفية بالشبكة الحكومية", 60, "NANS", 120, "requested", True),
]  # fmt: skip


def load_obstacles(*, meeting: datetime.date, pmo) -> int:
    entities = {entity.code: entity for entity in Entity.objects.all()}
    projects = {project.code: project for project in Project.objects.all()}
    written = 0
    for code, title, category, severity, age, level, responsible, resolution, resolved in OBSTACLES:
        raised = meeting - datetime.timedelta(days=age)
        obstacle = Obstacle.objects.filter(project=projects[code], title=title).first()
        created = obstacle is None
        values = {
            "category": category,
            "severity": severity,
            "raised_on": raised,
            "raised_by": pmo,
            "responsible_entity": entities[responsible],
            "level": level,
            "level_since": raised + datetime.timedelta(days=min(age, 10 * level)),
            "status": "resolved" if resolution else "open",
            "resolution": resolution,
            "resolved_on": meeting - datetime.timedelta(days=resolved) if resolved else None,
            "decision_reference": "قرار اللجنة العليا بتشكيل اللجنة الفنية" if resolution else "",
        }
        if created:
            obstacle = Obstacle(project=projects[code], title=title, **values)
            # Its history says it stood so from the day it reached its level (the
            # dashboard's "at the last meeting" reads it), as the load writes it.
            obstacle._history_date = datetime.datetime.combine(  # type: ignore[attr-defined]  # django-simple-history's
                values["level_since"], datetime.time(10, 0), tzinfo=datetime.UTC
            )
            obstacle.save()
            written += 1
            for step in range(1, level):
                Escalation.objects.create(
                    obstacle=obstacle,
                    from_level=step,
                    to_level=step + 1,
                    reason="تحتاج العقبة إلى تدخل على مستوى أعلى",
                    by=pmo,
                    on=raised + datetime.timedelta(days=min(age, 10 * (step + 1)) - 1),
                )
    year_end = datetime.date(meeting.year, 12, 31)  # "before the end of the current year"
    for code, kind, description, quantity, responsible, due, status, gate in REQUIREMENTS:
        _requirement, created = Requirement.objects.get_or_create(
            project=projects[code],
            description=description,
            defaults={
                "kind": kind,
                "quantity": quantity,
                "responsible_entity": entities[responsible],
                "due_date": meeting + datetime.timedelta(days=due) if due is not None else year_end,
                "status": status,
                "is_gate": gate,
            },
        )
        written += created
    return written
