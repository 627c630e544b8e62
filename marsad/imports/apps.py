from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "marsad.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from marsad.imports import jobs

        jobs.register()
