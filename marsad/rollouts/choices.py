from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.TextChoices):
    E_PAYMENT = "e_payment", _("Electronic payment")
    QR_PAYMENT = "qr_payment", _("QR payment")
    SERVICE_BUS = "service_bus", _("Government service bus connection")
    E_SIGNATURE = "e_signature", _("Electronic signature")
    E_INVOICE = "e_invoice", _("Electronic invoicing")
    OTHER = "other", _("Other capability")


class RolloutStatus(models.TextChoices):
    ACTIVE = "active", _("Under way")
    DONE = "done", _("Completed")
    CANCELLED = "cancelled", _("Withdrawn")


# The stages a rollout gets unless it names its own, as (Arabic, English); the last is "live".
DEFAULT_STAGES = [
    ("لم يبدأ", "Not started"),
    ("الربط", "Integration"),
    ("الاختبار", "Testing"),
    ("في الخدمة", "Live"),
]
