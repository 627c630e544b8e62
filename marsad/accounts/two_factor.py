"""Who must use two-factor sign-in, and the devices that give it."""

from typing import Any

from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.accounts import scope

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"


def has_device(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def is_required(user: Any) -> bool:
    """Programme office and administrators must use it (unless demo mode relaxes it)."""
    return scope.role_of(user) in settings.MARSAD_TWO_FACTOR_ROLES and not settings.MARSAD_DEMO_MODE


def must_verify(user: Any) -> bool:
    """Signed in with a password, but a second factor is still owed."""
    if not user.is_authenticated or user.is_verified():
        return False
    return has_device(user) or is_required(user)


def recovery_codes_issue(user: Any) -> list[str]:
    """Replace the user's recovery codes; each works once. Returns them (shown once)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes
