from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.portfolio import extensions


class CommitteeConfig(AppConfig):
    name = "marsad.committee"
    verbose_name = _("Committees and meetings")

    def ready(self):
        from marsad.committee import exports, pages, snapshots

        exports.register()
        # The kept summaries of past windows are made afresh once projects are deleted.
        extensions.register_kept_counts(lambda _ids: None, snapshots.forget, lambda _today: None)

        extensions.register_page_section("project_detail", pages.project_decisions)
        extensions.register_page_section("entity_detail", pages.entity_tasks)
        extensions.register_page_section("entity_detail", pages.entity_decisions)
        extensions.register_page_section("strategy_detail", pages.strategy_decisions)
        extensions.register_page_section("my_work", pages.my_open_tasks)
