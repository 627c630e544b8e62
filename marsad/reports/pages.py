"""The reports' part of the project and entity pages (registered with the portfolio)."""

from marsad.accounts import scope
from marsad.portfolio.choices import REPORTING_STATUSES
from marsad.portfolio.models import Project
from marsad.reports.models import ProgressReport
from marsad.reports.rates import RECENT_PERIODS, ReportingRate, reporting_rates
from marsad.reports.scurve import actual_curve, go_live_tolerance_days, implied_go_live, scurve_chart


def project_reports(request, project, today) -> dict:
    """Reports, the S-curve and the go-live their pace implies."""
    reports = list(scope.readable(request.user, project.reports.select_related("project")).order_by("-period_start"))
    phases = list(project.phases.order_by("order"))
    return {
        "reports": reports,
        "scurve": scurve_chart(phases, reports, today),
        "implied": implied_go_live(actual_curve(reports), project.forecast_go_live),
        "tolerance_days": go_live_tolerance_days(),
        "can_report": scope.can_create(request.user, ProgressReport, entity_id=project.owner_id)
        and project.status in REPORTING_STATUSES,
    }


def entity_reporting(request, entity, today) -> dict:
    """The entity's reporting rate over the recent periods, of the projects the reader may read."""
    projects = scope.readable(request.user, Project.objects.all()).filter(owner=entity)
    return {
        "rate": reporting_rates(projects, today).get(entity.pk, ReportingRate()),
        "rate_periods": RECENT_PERIODS,
    }
