from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "marsad.portfolio"
    label = "portfolio"
    verbose_name = _("Portfolio")

    def ready(self):
        from marsad.portfolio import views  # noqa: F401 — registers the portfolio's export (a job builds long ones)
