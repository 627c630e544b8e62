from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditPagesConfig(AppConfig):
    """The audit log's pages and its administration page, above accounts; the log itself
    (`marsad.audit`) sits at the bottom beside `lib`, so every layer can write to it."""

    name = "marsad.audit_pages"
    label = "audit_pages"
    verbose_name = _("Audit log")

    def ready(self):
        from marsad.audit_pages import exports

        exports.register()
