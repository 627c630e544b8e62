"""The PDFs' charts, drawn on the server from the same data the web pages give their
ECharts (`reports.scurve.scurve_chart`, `portfolio.timeline.phase_timeline`,
`indicators.series.latest`, `rollouts.matrix.bars_chart`,
`dashboard.sections.go_live_timeline`).

matplotlib's SVG backend with `svg.fonttype = "none"` writes every label as SVG
`<text>` naming the document's fonts, so WeasyPrint shapes the Arabic with the same
font as the page around it (`svg_text` draws each label as one shaped line), and the
labels stay text in the PDF: searchable, copyable, read by `pdftotext`. It needs no
browser and no Node at run time, only the Python wheels.

Time runs left to right as in the web charts; in Arabic the category labels stand on
the right, beside where the reader's eye starts.
"""

import datetime
import io
import logging
import textwrap
import warnings

import matplotlib

matplotlib.use("svg")  # no display, no raster backend: SVG only

from django.utils import translation  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from matplotlib import dates as mdates  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from marsad.dashboard.sections import PROGRAMME_COLOURS  # noqa: E402
from marsad.lib import formatting  # noqa: E402

# The document's fonts by name (render.FONT_FACES); matplotlib measures with its own
# fallback, which only places labels, and says so once per chart unless quietened.
FONTS = ["Plex Latin", "Plex Arabic", "DejaVu Sans"]
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "marsad",  # the same ids for the same chart: documents differ only by their data
        "font.family": FONTS,
        "font.size": 8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#adb5bd",
        "axes.grid": True,
        "grid.color": "#e9ecef",
        "xtick.color": "#495057",
        "ytick.color": "#495057",
        "legend.frameon": False,
    }
)

PLANNED, ACTUAL, NEEDED, TARGET, LATE = "#6c757d", "#0d6efd", "#fd7e14", "#dc3545", "#dc3545"
LIVE, DONE = "#15803d", "#198754"
WIDTH_CM = 17


def _rtl() -> bool:
    return translation.get_language_bidi()


def _figure(
    height_cm: float, width_cm: float = WIDTH_CM, *, start=1.6, end=0.4, top=0.4, bottom=0.8
) -> tuple[Figure, Axes]:
    """A figure with fixed margins in centimetres (`start`: where the value labels stand,
    left of the plot). Fixed rather than matplotlib's constrained layout, which draws
    every chart twice to measure it: a 50-project pack draws over a hundred."""
    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54))
    figure.subplots_adjust(
        left=start / width_cm, right=1 - end / width_cm, top=1 - top / height_cm, bottom=bottom / height_cm
    )
    return figure, figure.subplots()


def _mirrored(**margins) -> dict:
    """Margins for a chart whose value labels stand on its start side: on the right in
    Arabic (the chart then runs right to left, `_right_to_left`), on the left in English."""
    start, end = margins.pop("start", 1.6), margins.pop("end", 0.4)
    return {"start": end, "end": start, **margins} if _rtl() else {"start": start, "end": end, **margins}


def _right_to_left(axis, *, values: bool = True) -> None:
    """In Arabic, time runs from right to left, as on the web's charts; the value axis
    (`values`) then stands on the right."""
    if not _rtl():
        return
    axis.invert_xaxis()
    if values:
        axis.yaxis.tick_right()
        axis.yaxis.set_label_position("right")


def _beside_labels(width_cm: float = WIDTH_CM) -> dict:
    """Margins for a chart whose category labels stand beside its bars: on the right
    in Arabic, on the left in English."""
    labels, other = 4.4, 0.5
    return {"start": other, "end": labels} if _rtl() else {"start": labels, "end": other}


def _svg(figure: Figure) -> str:
    out = io.StringIO()
    with warnings.catch_warnings():
        # A series of one or two points leaves the date locator no interval to pick;
        # it falls back to a sensible one, and would say so on every such chart.
        warnings.filterwarnings("ignore", message="AutoDateLocator was unable", category=UserWarning)
        figure.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    return text[text.index("<svg") :]  # inline in the HTML: no XML prologue or doctype


def _day(value: str | datetime.date) -> datetime.date:
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _month_axis(axis, most: int = 6) -> None:
    """Dates as the reader's month names (Levantine in Arabic), a few ticks only."""
    axis.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=2, maxticks=most))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: formatting.format_month(mdates.num2date(value))))


def _wrapped(label: str, width: int = 26) -> str:
    """A long category name on two or three short lines (the labels stand beside the bars)."""
    return "\n".join(textwrap.wrap(label, width)[:3]) or label


def _legend(axis, **options) -> None:
    # In Arabic the swatch follows the words, on their right.
    axis.legend(loc=options.pop("loc", "upper left"), markerfirst=not _rtl(), fontsize=7, **options)


def _numbers(axis, which: str = "y", percent: bool = False) -> None:
    target = axis.yaxis if which == "y" else axis.xaxis
    target.set_major_locator(MaxNLocator(nbins=5, integer=not percent))
    suffix = "%" if percent else ""
    target.set_major_formatter(FuncFormatter(lambda value, _pos: f"{formatting.format_number(value)}{suffix}"))


def scurve(data: dict | None) -> str | None:
    """Planned against actual execution % over time, with today."""
    if not data:
        return None
    figure, axis = _figure(3.4, **_mirrored(start=1.7, end=0.3, top=0.3, bottom=0.7))
    for points, colour, label, style in (
        (data["planned"], PLANNED, data["labels"]["planned"], "--"),
        (data["actual"], ACTUAL, data["labels"]["actual"], "-"),
    ):
        if points:
            axis.plot([_day(d) for d, _v in points], [v for _d, v in points], style, color=colour, label=label, lw=1.6)  # type: ignore[arg-type]  # matplotlib converts dates
    axis.axvline(_day(data["today"]), color=LATE, lw=0.8, ls=":", label=data["labels"]["today"])  # type: ignore[arg-type]
    axis.set_ylim(0, 105)
    axis.set_ylabel(_("Execution %"))
    _numbers(axis, percent=True)
    _month_axis(axis)
    _right_to_left(axis)
    _legend(axis, loc="upper right" if _rtl() else "upper left")
    return _svg(figure)


def phases(data: dict | None) -> str | None:
    """Each phase's planned span above its actual or forecast span, with today and the
    original go-live."""
    if not data:
        return None
    rows = data["rows"]
    # Each row as tall as its name's lines need, so no two names overlap.
    lines = max(_wrapped(row["name"]).count("\n") + 1 for row in rows)
    figure, axis = _figure(1.4 + max(0.5, 0.42 * lines) * len(rows), top=0.9, bottom=0.6, **_beside_labels())
    for index, row in enumerate(rows):
        y = len(rows) - 1 - index
        for span, offset, colour, label in (
            (row["planned"], 0.18, PLANNED, data["labels"]["planned"]),
            (row["current"], -0.18, DONE if row["done"] else ACTUAL, data["labels"]["current"]),
        ):
            if span[0] and span[1]:
                start, end = mdates.date2num(_day(span[0])), mdates.date2num(_day(span[1]))
                axis.barh(y + offset, max(end - start, 1), left=start, height=0.32, color=colour, label=label)
    axis.set_yticks(range(len(rows)), [_wrapped(row["name"]) for row in reversed(rows)])
    axis.axvline(mdates.date2num(_day(data["today"])), color=LATE, lw=0.8, ls=":", label=data["labels"]["today"])
    if data.get("go_live"):
        axis.axvline(mdates.date2num(_day(data["go_live"])), color="#000", lw=0.8, label=data["labels"]["go_live"])
    axis.xaxis_date()
    _month_axis(axis)
    _right_to_left(axis, values=False)
    if _rtl():
        axis.yaxis.tick_right()
    handles, labels = axis.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    axis.legend(unique.values(), unique.keys(), loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=4, fontsize=7)
    axis.grid(axis="y", visible=False)
    return _svg(figure)


def indicator(row: dict, unit_label: str = "") -> str | None:
    """An indicator's last twelve months: its values as bars, its target as a line."""
    points = row.get("points") or []
    if not any(point.actual is not None for point in points):
        return None
    figure, axis = _figure(4.4, 8.2, **_mirrored(start=1.5, end=0.3, top=0.9, bottom=0.6))
    days = [point.start for point in points]
    axis.bar(days, [float(p.actual or 0) for p in points], width=20, color=ACTUAL, label=_("Actual"), align="edge")
    targets = [(p.start, float(p.target)) for p in points if p.target is not None]
    if targets:
        axis.plot([d for d, _t in targets], [t for _d, t in targets], color=TARGET, lw=1.2, label=_("Target"))
    _numbers(axis)
    _month_axis(axis, most=3)
    if unit_label:
        axis.set_ylabel(unit_label)
    _right_to_left(axis)
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=7, markerfirst=not _rtl())
    axis.tick_params(axis="x", labelsize=6.5)
    return _svg(figure)


def rollouts(data: dict | None) -> str | None:
    """Each rollout's share of institutions live against the share expected by now."""
    if not data or not data["names"]:
        return None
    names = data["names"]
    figure, axis = _figure(1.8 + 0.8 * len(names), top=1.0, bottom=0.7, **_beside_labels())
    places = list(range(len(names)))[::-1]
    axis.barh([y + 0.18 for y in places], data["live"], height=0.34, color=LIVE, label=data["labels"]["live"])
    axis.barh([y - 0.18 for y in places], data["planned"], height=0.34, color=PLANNED, label=data["labels"]["planned"])
    axis.set_yticks(places, [_wrapped(name) for name in names])
    axis.set_xlim(0, 100)
    _numbers(axis, "x", percent=True)
    _right_to_left(axis, values=False)
    if _rtl():
        axis.yaxis.tick_right()
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize=7, markerfirst=not _rtl())
    axis.grid(axis="y", visible=False)
    return _svg(figure)


def go_live_timeline(data: dict | None) -> str | None:
    """Projects expected to enter service by month and programme, the overdue first."""
    if not data or not data["series"]:
        return None
    figure, axis = _figure(7.5, **_mirrored(start=1.4, end=0.3, top=1.5, bottom=2.0))
    bottoms = [0] * len(data["labels"])
    for index, series_row in enumerate(data["series"]):
        colour = PROGRAMME_COLOURS[index % len(PROGRAMME_COLOURS)]  # the web chart's
        axis.bar(range(len(bottoms)), series_row["values"], bottom=bottoms, color=colour, label=series_row["name"])
        bottoms = [b + v for b, v in zip(bottoms, series_row["values"], strict=True)]
    axis.set_xticks(range(len(bottoms)), data["labels"], rotation=45, ha="left" if _rtl() else "right", fontsize=7)
    axis.set_ylabel(_("Projects"))
    _numbers(axis)
    _right_to_left(axis)
    axis.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=7, markerfirst=not _rtl())
    axis.grid(axis="x", visible=False)
    return _svg(figure)
