from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from marsad.portfolio import extensions


class DashboardConfig(AppConfig):
    name = "marsad.dashboard"
    verbose_name = _("Dashboard")

    def ready(self):
        from marsad.dashboard import then

        # The last meeting's figures kept with its snapshot are made afresh once
        # projects are deleted (the other two hooks have nothing to do).
        extensions.register_kept_counts(lambda _ids: None, then.forget, lambda _today: None)
