"""The demo's facts, from ../shared/seed/README.md (the committee meeting).

Dates are offsets in days from the meeting, which the demo places 14 days before the
day it is loaded. Figures the article does not give (percentages, dates, funding) are
plausible values, marked "plausible" where they stand.
"""

# (code, Arabic name, English name, kind, parent code)
ENTITIES = [
    ("PMO-CM", "رئاسة مجلس الوزراء", "Presidency of the Council of Ministers", "other", None),
    ("MOCT", "وزارة الاتصالات وتقانة المعلومات", "Ministry of Communications and Technology", "ministry", None),
    ("NANS", "الهيئة الوطنية لخدمات الشبكة", "National Agency for Network Services", "agency", "MOCT"),
    ("STE", "السورية للاتصالات", "Syrian Telecom", "agency", "MOCT"),
    ("MOH", "وزارة الصحة", "Ministry of Health", "ministry", None),
    ("MOIND", "وزارة الصناعة", "Ministry of Industry", "ministry", None),
    ("MOITCP", "وزارة التجارة الداخلية وحماية المستهلك", "Ministry of Internal Trade and Consumer Protection", "ministry", None),
    ("MOF", "وزارة المالية", "Ministry of Finance", "ministry", None),
    ("SIA", "هيئة الاستثمار السورية", "Syrian Investment Agency", "agency", "PMO-CM"),
    ("MOT", "وزارة النقل", "Ministry of Transport", "ministry", None),
    ("PICC", "هيئة التخطيط والتعاون الدولي", "Planning and International Cooperation Commission", "commission", "PMO-CM"),
    ("MOEFT", "وزارة الاقتصاد والتجارة الخارجية", "Ministry of Economy and Foreign Trade", "ministry", None),
    ("SMEDA", "هيئة تنمية المشروعات الصغيرة والمتوسطة", "SME Development Agency", "agency", "MOEFT"),
    ("GORS", "الهيئة العامة للاستشعار عن بعد", "General Organisation of Remote Sensing", "authority", None),
    ("MOE", "وزارة الكهرباء", "Ministry of Electricity", "ministry", None),
    ("MOHE", "وزارة التعليم العالي والبحث العلمي", "Ministry of Higher Education and Scientific Research", "ministry", None),
    ("MOJ", "وزارة العدل", "Ministry of Justice", "ministry", None),
    ("MOTOUR", "وزارة السياحة", "Ministry of Tourism", "ministry", None),
    ("CBS", "مصرف سورية المركزي", "Central Bank of Syria", "bank", None),
]

STRATEGIES = [
    {
        "code": "NDTS",
        "name_ar": "الإستراتيجية الوطنية للتحول الرقمي للخدمات الحكومية",
        "name_en": "National Digital Transformation Strategy for Government Services",
        "kind": "national",
        "status": "adopted",
        "owner": "MOCT",
        "start_year": 2021,
        "end_year": 2030,
        "adopted_on": -1100,  # plausible: adopted some three years before the meeting
        "description": "الإطار الوطني لتوسيع دائرة الخدمات المقدمة إلكترونياً وتبسيط الإجراءات على المواطنين.",
    },
    {
        "code": "HE-DTS",
        "name_ar": "إستراتيجية التحول الرقمي لقطاع التعليم العالي والبحث العلمي",
        "name_en": "Digital Transformation Strategy of the Higher Education and Scientific Research Sector",
        "kind": "sector",
        "status": "adopted",
        "owner": "MOHE",
        "start_year": 2025,
        "end_year": 2030,
        "adopted_on": 0,  # adopted at the meeting (decision 4)
        "description": "اعتمدتها اللجنة العليا للتحول الرقمي، وكُلّفت وزارة التعليم العالي بالتنسيق مع وزارة الاتصالات بوضع مؤشرات تتبع تنفيذها.",
    },
]

# Executive programmes of the national strategy (the article names none: plausible grouping).
PROGRAMMES = [
    ("P-INFRA", "البنية التحتية للحكومة الرقمية", "Digital government infrastructure", 1),
    ("P-REG", "السجلات الوطنية", "National registries", 2),
    ("P-ECON", "الخدمات المالية والاقتصادية الرقمية", "Digital financial and economic services", 3),
    ("P-SERV", "الخدمات الحكومية الإلكترونية", "Government e-services", 4),
    ("P-CYBER", "الأمن السيبراني", "Cybersecurity", 5),
]

# Phase names used by the projects that report by phases.
STANDARD_PHASES = [
    ("الدراسة والتحليل", "Study and analysis", 15),
    ("التطوير والتجهيز", "Development and equipment", 45),
    ("التجريب", "Piloting", 20),
    ("الإطلاق والتعميم", "Launch and rollout", 20),
]

# Projects. Offsets are days from the meeting. "phases" gives each standard phase's
# % complete (omitted: the project reports one overall %). Everything numeric here
# beyond the article's facts is plausible, not reported.
PROJECTS = [
    # 1–15: presented with their stage, execution % and timeline
    dict(n=1, code="NHR", name_ar="السجل الوطني الصحي", name_en="National Health Registry", owner="MOH", programme="P-REG",
         status="execution", start=-420, go_live=120, forecast=200, phases=[100, 70, 0, 0], pmo="amber", own="amber_green", funding=(4_500_000_000, 2_100_000_000)),
    dict(n=2, code="IND-REG", name_ar="السجل الصناعي", name_en="Industrial Registry", owner="MOIND", programme="P-REG",
         status="execution", start=-300, go_live=90, forecast=110, phases=[100, 85, 10, 0], pmo="amber_green", own="green"),
    dict(n=3, code="COM-REG", name_ar="السجل التجاري", name_en="Commercial Registry", owner="MOITCP", programme="P-REG",
         status="piloting", start=-400, go_live=30, forecast=45, phases=[100, 100, 60, 0], pmo="green", own="green", public=True),
    dict(n=4, code="ITAS", name_ar="نظام الإدارة الضريبية المتكامل", name_en="Integrated Tax Administration System", owner="MOF", programme="P-ECON",
         status="execution", start=-500, go_live=60, forecast=240, phases=[100, 55, 0, 0], pmo="amber_red", own="amber", funding=(6_000_000_000, 3_900_000_000)),
    dict(n=5, code="INV-PLAT", name_ar="منصة المستثمرين", name_en="Investors Platform", owner="SIA", programme="P-ECON",
         status="execution", start=-250, go_live=150, forecast=150, reported=40, pmo="green", own="green"),
    dict(n=6, code="E-TICKET", name_ar="تذكرة السفر الإلكترونية", name_en="Electronic Travel Ticket", owner="MOT", programme="P-SERV",
         status="piloting", start=-330, go_live=-10, forecast=20, phases=[100, 100, 70, 0], pmo="amber_green", own="green", public=True),
    dict(n=7, code="E-INVOICE", name_ar="الفوترة الإلكترونية", name_en="E-Invoicing", owner="MOF", programme="P-ECON",
         status="execution", start=-200, go_live=180, forecast=210, phases=[100, 40, 0, 0], pmo="amber_green", own="amber_green", participants=["MOITCP"]),
    dict(n=8, code="PTS", name_ar="منظومة تتبع تنفيذ المشاريع", name_en="Project Implementation Tracking System", owner="PICC", programme="P-SERV",
         status="execution", start=-150, go_live=100, forecast=100, reported=55, pmo="green", own="green"),
    dict(n=9, code="IMP-LIC", name_ar="أتمتة إجازات الاستيراد", name_en="Import Licence Automation", owner="MOEFT", programme="P-ECON",
         status="execution", start=-280, go_live=40, forecast=95, phases=[100, 80, 0, 0], pmo="amber", own="amber_green", participants=["CBS"]),
    dict(n=10, code="SME-PLAT", name_ar="المنصة الإلكترونية للمشروعات الصغيرة", name_en="SME e-Platform", owner="SMEDA", programme="P-ECON",
         status="preparation", start=-60, go_live=300, forecast=300, reported=15, pmo="green", own="green"),
    dict(n=11, code="GOV-PROC", name_ar="منصة المشتريات الحكومية", name_en="Government Procurement Platform", owner="MOF", programme="P-ECON",
         status="execution", start=-240, go_live=75, forecast=260, phases=[100, 35, 0, 0], pmo="red", own="amber"),
    dict(n=12, code="CYBER-TRACK", name_ar="تتبع تنفيذ بنود إستراتيجية الأمن السيبراني", name_en="Tracking the Cybersecurity Strategy's items", owner="MOCT", programme="P-CYBER",
         status="execution", start=-365, go_live=365, forecast=365, reported=35, pmo="green", own="green"),
    dict(n=13, code="INTEROP", name_ar="منظومة التوافق البيني", name_en="Interoperability Framework", owner="MOCT", programme="P-INFRA",
         status="execution", start=-330, go_live=60, forecast=80, phases=[100, 90, 20, 0], pmo="amber_green", own="green"),
    # 14: included at the meeting with its funding allocated (decision 1)
    dict(n=14, code="GDDS", name_ar="منظومة الوثائق الرقمية الحكومية", name_en="Government Digital Documents System", owner="MOCT", programme="P-INFRA",
         status="approved", plan_year=2025, start=30, go_live=400, forecast=400, reported=0, funding=(2_000_000_000, 0)),
    dict(n=15, code="SAT-STATION", name_ar="تطوير محطة استقبال المعطيات الفضائية", name_en="Upgrade of the Satellite Data Receiving Station", owner="GORS", programme="P-INFRA",
         status="execution", start=-200, go_live=150, forecast=230, phases=[100, 30, 0, 0], pmo="amber", own="amber_green"),
    # 16–17: completed, in service
    dict(n=16, code="DIG-SIGN", name_ar="منظومة التوقيع الرقمي", name_en="Digital Signature System", owner="MOCT", programme="P-INFRA",
         status="in_service", start=-700, go_live=-150, forecast=-120, actual=-120, phases=[100, 100, 100, 100], pmo="green", own="green", public=True),
    dict(n=17, code="CLOUD-3", name_ar="المركز الوطني للحوسبة السحابية – المرحلة الثالثة", name_en="National Cloud Computing Centre, phase 3", owner="MOCT", programme="P-INFRA",
         status="in_service", start=-540, go_live=-90, forecast=-60, actual=-60, phases=[100, 100, 100, 100], pmo="green", own="green", public=True),
    # 18: phase 1 finished; a technical committee will set how the next phases run
    dict(n=18, code="GSB", name_ar="الناقل الحكومي", name_en="Government Service Bus", owner="MOCT", programme="P-INFRA",
         status="execution", start=-480, go_live=240, forecast=330, pmo="amber", own="amber_green", participants=["MOF", "MOITCP", "MOH", "NANS"],
         custom_phases=[
             ("المرحلة الأولى: الربط الأساسي", "Phase 1: core connection", 30, 100, -480, -120, -90),
             ("المرحلة الثانية: ربط الجهات المشتركة", "Phase 2: connecting participating entities", 40, 10, -120, 120, None),
             ("المرحلة الثالثة: التعميم على الجهات", "Phase 3: rollout to all entities", 30, 0, 120, 240, None),
         ]),
    # 19–20: priority projects under way
    dict(n=19, code="CERT", name_ar="مركز الاستجابة للطوارئ المعلوماتية", name_en="Computer Emergency Response Centre (CERT)", owner="NANS", programme="P-CYBER",
         status="execution", priority=True, start=-300, go_live=90, forecast=120, phases=[100, 75, 0, 0], pmo="amber_green", own="green", funding=(1_800_000_000, 1_100_000_000)),
    dict(n=20, code="INTL-GW", name_ar="توسيع البوابة الدولية للإنترنت", name_en="Expansion of the International Internet Gateway", owner="STE", programme="P-INFRA",
         status="execution", priority=True, start=-260, go_live=60, forecast=150, phases=[100, 50, 0, 0], pmo="amber_red", own="amber", earlier_forecast=60,
         description="توسيع البوابة الدولية لاستيعاب الطلب المتزايد على الإنترنت في سورية، بالتوازي مع المشاريع ذات الأولوية."),
    # Included by the committee at the meeting (decisions 2 and 3), for 2025
    dict(n=21, code="MOE-BILLING", name_ar="منظومة الجباية والفوترة المركزية", name_en="Central Collection and Billing System", owner="MOE", programme="P-ECON",
         status="approved", plan_year=2025, start=60, go_live=420, forecast=420, reported=0),
    dict(n=22, code="TAX-EFILE", name_ar="تقديم البيانات الضريبية وتسديدها إلكترونياً", name_en="Electronic Submission and Payment of Tax Declarations", owner="MOF", programme="P-ECON",
         status="approved", plan_year=2025, start=45, go_live=330, forecast=330, reported=0, participants=["CBS"]),
    dict(n=23, code="TOUR-REG", name_ar="رقمنة السجل السياحي للمنشآت السياحية", name_en="Digitisation of the Tourism Registry", owner="MOTOUR", programme="P-REG",
         status="approved", plan_year=2025, start=45, go_live=300, forecast=300, reported=0),
    dict(n=24, code="E-POA", name_ar="إصدار الوكالات العدلية الداخلية إلكترونياً", name_en="Electronic Issuance of Internal Judicial Powers of Attorney", owner="MOJ", programme="P-SERV",
         status="approved", plan_year=2025, start=45, go_live=300, forecast=300, reported=0),
]

# One demo account per role. The password is the demo's only: `make demo` prints it.
DEMO_PASSWORD = "marsad-demo-2024"
USERS = [
    # (username, first name, last name, role, entity codes, staff)
    ("committee", "عضو", "اللجنة العليا", "committee", [], False),
    ("pmo", "مكتب", "البرنامج", "pmo", ["MOCT"], False),
    ("focal.health", "ضابط اتصال", "وزارة الصحة", "focal_point", ["MOH"], False),
    ("focal.finance", "ضابط اتصال", "وزارة المالية", "focal_point", ["MOF"], False),
    ("viewer", "مدقق", "الرقابة", "viewer", ["MOH", "MOF"], False),
    ("admin", "مدير", "النظام", "admin", [], True),
    ("feed.csc", "منظومة", "مركز خدمة المواطن", "data_feed", [], False),
]
