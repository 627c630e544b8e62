from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "marsad.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self):
        from marsad.indicators.pages import entity_indicators, project_indicators
        from marsad.portfolio import extensions

        extensions.register_page_section("project_detail", project_indicators)
        extensions.register_page_section("entity_detail", entity_indicators)
