"""Data for the phases timeline chart (planned bars beside forecast/actual bars)."""

import datetime

from babel.dates import get_month_names
from django.utils import timezone
from django.utils.translation import gettext as _

from marsad.lib.formatting import babel_locale
from marsad.portfolio.models import Phase, Project


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def phase_timeline(project: Project, phases: list[Phase]) -> dict | None:
    """One row per phase: planned span and the actual (or forecast) span.

    None when no phase has any dates: the page then says so instead of drawing an
    empty chart.
    """
    rows = []
    for phase in phases:
        planned = (phase.baseline_start, phase.baseline_end)
        start = phase.actual_start or phase.forecast_start or phase.baseline_start
        end = phase.actual_end or phase.forecast_end or phase.baseline_end
        if not any(planned) and not (start and end):
            continue
        rows.append(
            {
                "name": phase.name,
                "planned": [_iso(planned[0]), _iso(planned[1])],
                "current": [_iso(start), _iso(end)],
                "done": phase.status == "done",
                "percent": float(phase.percent_complete),
            }
        )
    if not rows:
        return None
    return {
        "rows": rows,
        "today": timezone.localdate().isoformat(),
        "go_live": _iso(project.original_baseline_go_live),
        # Levantine month names for the axis (ECharts' own Arabic locale has others).
        "months": [get_month_names("abbreviated", locale=babel_locale())[m] for m in range(1, 13)],
        "labels": {
            "planned": _("Planned"),
            "current": _("Actual / forecast"),
            "today": _("Today"),
            "go_live": _("Original go-live"),
        },
    }
