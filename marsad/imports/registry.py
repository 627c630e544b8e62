"""The kinds of import, each an importer and the model whose writers may use it."""

from django.utils.module_loading import import_string

IMPORTERS = {
    "projects": "marsad.imports.portfolio.ProjectImporter",
    "phases": "marsad.imports.portfolio.PhaseImporter",
    "obstacles": "marsad.obstacles.imports.ObstacleImporter",
    "requirements": "marsad.obstacles.imports.RequirementImporter",
    "progress-reports": "marsad.reports.imports.ProgressReportImporter",
    "measurements": "marsad.indicators.imports.MeasurementImporter",
    "rollout-rows": "marsad.rollouts.imports.RolloutRowsImporter",
}


def importer_class(kind: str):
    return import_string(IMPORTERS[kind]) if kind in IMPORTERS else None
