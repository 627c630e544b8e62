from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "marsad.committee"
    verbose_name = _("Committees and meetings")
