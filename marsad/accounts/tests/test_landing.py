"""Each role starts where its work is: a focal point on My work, the committee and the
programme office on the dashboard."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(user) -> Client:
    browser = Client()
    response = browser.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    browser.landed = response.url
    return browser


@pytest.mark.parametrize(
    ("who", "landing"),
    [("focal_health", "/my-work/"), ("committee", "/"), ("viewer_health", "/")],
)
def test_sign_in_lands_each_role_where_its_work_is(world, who, landing):
    assert sign_in(getattr(world, who)).landed == landing


def test_the_programme_office_lands_on_the_dashboard_after_its_second_factor(world):
    device = TOTPDevice.objects.create(user=world.pmo, name="phone", confirmed=True)
    browser = sign_in(world.pmo)
    assert browser.landed == "/"
    owed = browser.get("/")  # the second factor is owed first
    assert owed.url.startswith(reverse("two_factor_verify"))
    code = TOTP(device.bin_key, device.step, device.t0, device.digits).token()
    response = browser.post(owed.url, {"code": f"{code:06d}"})
    assert response.status_code == 302 and response.url == "/"


def test_a_page_asked_for_before_sign_in_is_still_where_one_lands(world):
    browser = Client()
    response = browser.post(
        reverse("login") + "?next=/obstacles/",
        {"username": "focal.health", "password": PASSWORD, "next": "/obstacles/"},
    )
    assert response.url == "/obstacles/"
