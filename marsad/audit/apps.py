from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "marsad.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        # Recording hooks only: the audit log listens to sign-ins and to the change
        # history every model already keeps; no business logic hangs on these.
        from marsad.audit import hooks

        hooks.connect()
