from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "marsad.committee"
    verbose_name = _("Committees and meetings")

    def ready(self):
        from marsad.committee import views  # noqa: F401 — registers its lists' exports (a job builds long ones)
        from marsad.committee.pages import (
            entity_decisions,
            entity_tasks,
            my_open_tasks,
            project_decisions,
            strategy_decisions,
        )
        from marsad.portfolio import extensions

        extensions.register_page_section("project_detail", project_decisions)
        extensions.register_page_section("entity_detail", entity_tasks)
        extensions.register_page_section("entity_detail", entity_decisions)
        extensions.register_page_section("strategy_detail", strategy_decisions)
        extensions.register_page_section("my_work", my_open_tasks)
