from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.portfolio import extensions


class IndicatorsConfig(AppConfig):
    name = "marsad.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from marsad.indicators import pages

        extensions.register_page_section("project_detail", pages.project_indicators)
        extensions.register_page_section("entity_detail", pages.entity_indicators)
