from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "marsad.jobs"
    verbose_name = _("Background jobs")

    def ready(self):
        from marsad.jobs import exports

        exports.register()
