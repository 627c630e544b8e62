from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.lib import deferred


class PortfolioConfig(AppConfig):
    name = "marsad.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from marsad.portfolio import exports, feeds, figures, freshness, tally

        # The work the portfolio's writes leave for their end (`feeds`, `lib.deferred`).
        deferred.handle(feeds.FIGURES, figures.refresh_now)
        deferred.handle(feeds.LISTS, lambda keys: freshness.bump(projects="projects" in keys))
        deferred.handle(feeds.TALLY, tally.forget)
        exports.register()
