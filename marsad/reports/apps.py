from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "marsad.reports"
    label = "reports"
    verbose_name = _("Progress reports")

    def ready(self):
        from marsad.portfolio import extensions
        from marsad.reports.pages import entity_reporting, project_reports
        from marsad.reports.queries import reporting_annotations, stale_from

        extensions.register_project_annotations(reporting_annotations)
        extensions.register_stored_figures(stale_from)
        extensions.register_page_section("project_detail", project_reports)
        extensions.register_page_section("entity_detail", entity_reporting)
