"""The charts are drawn on the server with their labels kept as text: WeasyPrint must
lay each Arabic label out as one shaped line in logical order (`svg_text`), which a
reader's copy (here pdftotext) gives back as written."""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from marsad.documents import charts, render
from marsad.documents.tests.conftest import pdf_text


def chart_alone(svg: str) -> bytes:
    faces = "".join(
        f'@font-face {{ font-family: "{f["family"]}"; font-weight: {f["weight"]}; src: url("{f["url"]}"); }}'
        for f in render.font_faces()
    )
    markup = (
        f'<html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>{faces}</style></head><body>{svg}</body></html>'
    )
    return render.pdf(markup)[0]


def test_an_s_curve_keeps_its_arabic_labels_as_text_in_reading_order():
    with translation.override("ar"):
        data = {
            "planned": [["2026-01-01", 0], ["2026-06-01", 40], ["2026-12-01", 100]],
            "actual": [["2026-01-31", 5], ["2026-05-31", 30]],
            "today": "2026-07-15",
            "labels": {"planned": _("Planned %"), "actual": _("Actual % (accepted reports)"), "today": _("Today")},
        }
        svg = charts.scurve(data)
        axis, planned = _("Execution %"), data["labels"]["planned"]
    assert "<text" in svg and "<path" in svg  # labels as text, the curves as paths
    assert axis in svg and axis == "نسبة التنفيذ"
    text = pdf_text(chart_alone(svg))
    # Arabic letters read back right to left as written (drawn letter by letter, they
    # came back reversed: "ذيفنتلا ةبسن"), with the Levantine month names of the axis.
    assert axis in text and planned in text and "ذيفنتلا" not in text
    assert "تموز" in text or "نيسان" in text or "كانون الثاني" in text


def test_a_phase_chart_names_each_phase_beside_its_bars():
    with translation.override("ar"):
        data = {
            "rows": [
                {
                    "name": "المرحلة الأولى: الربط الأساسي",
                    "planned": ["2026-01-01", "2026-04-01"],
                    "current": ["2026-01-10", "2026-05-01"],
                    "done": True,
                    "percent": 100.0,
                },
                {
                    "name": "المرحلة الثانية: التعميم على الجهات",
                    "planned": ["2026-04-01", "2026-09-01"],
                    "current": ["2026-05-01", None],
                    "done": False,
                    "percent": 20.0,
                },
            ],
            "today": datetime.date(2026, 7, 1).isoformat(),
            "go_live": "2026-10-01",
            "labels": {
                "planned": "المخطط",
                "current": "الفعلي / المتوقع",
                "today": "اليوم",
                "go_live": "الموعد الأصلي",
            },
        }
        text = pdf_text(chart_alone(charts.phases(data)))
    assert "الربط الأساسي" in text and "التعميم على الجهات" in text and "الموعد الأصلي" in text
