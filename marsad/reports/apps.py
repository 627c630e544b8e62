from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.portfolio import extensions


class ReportsConfig(AppConfig):
    name = "marsad.reports"
    label = "reports"
    verbose_name = _("Progress reports")

    def ready(self):
        from marsad.reports import figures, kept, pages

        extensions.register_project_annotations(figures.reporting_annotations)
        extensions.register_stored_figures(figures.stale_from)
        extensions.register_page_section("project_detail", pages.project_reports)
        extensions.register_page_section("entity_detail", pages.entity_reporting)
        extensions.register_kept_counts(kept.update, kept.forget, kept.ensure)
