"""Sign-in hardening: lockout, session limits, password change, disabling, two-factor."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from marsad.conftest import PASSWORD, VerifiedClient

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
HOME = "/projects/"
START = datetime.datetime(2026, 11, 28, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, username, password=PASSWORD, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    response = client.get(HOME)
    return response.status_code == 200


def code_for(device) -> str:
    """The code an authenticator app shows now (the clock is frozen by the tests)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def test_passwords_are_hashed_with_argon2(world):
    from marsad import settings as production  # the test settings swap in a fast hasher

    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        world.committee.set_password("a-long-password-2026")
        assert world.committee.password.startswith("argon2$argon2id$")
        assert world.committee.check_password("a-long-password-2026")


class TestLockout:
    def test_repeated_failures_lock_the_username_from_that_address(self, world):
        client = Client()
        for _attempt in range(4):
            assert sign_in(client, "committee", "wrong").status_code == 200
        assert sign_in(client, "committee", "wrong").status_code == 429  # the fifth failure locks
        locked = sign_in(client, "committee")  # even the right password is refused now
        assert locked.status_code == 429
        assert "مقفل" in locked.content.decode()
        assert not signed_in(client)

    def test_failures_from_another_address_do_not_lock_you_out(self, world):
        attacker = Client()
        for _attempt in range(6):
            sign_in(attacker, "committee", "wrong", address="203.0.113.9")
        owner = Client()
        assert sign_in(owner, "committee", address="10.0.0.1").status_code == 302
        assert signed_in(owner)

    def test_lockout_lifts_after_the_cool_off(self, world):
        client = Client()
        with time_machine.travel(START, tick=False) as clock:
            for _attempt in range(5):
                sign_in(client, "committee", "wrong")
            assert sign_in(client, "committee").status_code == 429
            clock.shift(datetime.timedelta(minutes=16))
            assert sign_in(client, "committee").status_code == 302


class TestSessions:
    def test_idle_session_expires_after_30_minutes(self, world):
        client = Client()
        with time_machine.travel(START, tick=False) as clock:
            sign_in(client, "committee")
            clock.shift(datetime.timedelta(minutes=25))
            assert signed_in(client)  # activity renews the idle limit
            clock.shift(datetime.timedelta(minutes=25))
            assert signed_in(client)
            clock.shift(datetime.timedelta(minutes=31))
            response = client.get(HOME)
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN)

    def test_reading_pages_writes_the_session_once_every_few_minutes(self, world, settings):
        client = Client()
        with time_machine.travel(START, tick=False) as clock:
            sign_in(client, "committee")
            client.get(HOME)
            with CaptureQueriesContext(connection) as reads:
                for _page in range(5):
                    clock.shift(datetime.timedelta(seconds=30))
                    assert client.get(HOME).status_code == 200
            assert not [
                q for q in reads.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
            ]
            clock.shift(datetime.timedelta(seconds=settings.MARSAD_SESSION_RENEW_SECONDS))
            with CaptureQueriesContext(connection) as renewing:
                assert client.get(HOME).status_code == 200
            assert [q for q in renewing.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]

    def test_a_signed_in_request_costs_three_queries_before_its_view(self, world, settings):
        settings.ROOT_URLCONF = "marsad.accounts.tests.probe_urls"
        for username in ("committee", "pmo"):  # two-factor optional; required and verified
            client = VerifiedClient()
            client.force_login(getattr(world, username))
            client.get("/probe/")
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/probe/").content == b"ok"
            assert len(queries) <= 3, [q["sql"][:80] for q in queries.captured_queries]

    def test_active_session_ends_after_12_hours(self, world):
        client = Client()
        with time_machine.travel(START, tick=False) as clock:
            sign_in(client, "committee")
            for _step in range(28):  # a request every 25 minutes: 11 h 40 min
                clock.shift(datetime.timedelta(minutes=25))
                assert signed_in(client)
            clock.shift(datetime.timedelta(minutes=25))  # 12 h 5 min
            response = client.get(HOME)
            assert response.status_code == 302
            assert response["Location"].startswith(LOGIN)
            assert not signed_in(client)

    def test_sign_out_ends_the_session(self, world):
        client = Client()
        sign_in(client, "committee")
        client.post(reverse("logout"))
        assert not signed_in(client)

    def test_password_change_ends_other_sessions(self, world):
        laptop, phone = Client(), Client()
        sign_in(laptop, "committee")
        sign_in(phone, "committee")
        response = laptop.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a-new-long-pass-2026",
                "new_password2": "a-new-long-pass-2026",
            },
        )
        assert response.status_code == 302
        assert signed_in(laptop)
        assert not signed_in(phone)

    def test_disabling_an_account_ends_its_sessions(self, world):
        client = Client()
        sign_in(client, "committee")
        world.committee.is_active = False
        world.committee.save()
        assert not signed_in(client)

    def test_signed_in_pages_are_not_cached(self, world):
        client = Client()
        sign_in(client, "committee")
        assert "no-store" in client.get(HOME)["Cache-Control"]


class TestTwoFactor:
    def enrol(self, client, username):
        response = sign_in(client, username)
        response = client.get(HOME)
        assert response.status_code == 302 and response["Location"].startswith(reverse("two_factor_enrol"))
        page = client.get(response["Location"])
        assert "إعداد التحقق بخطوتين" in page.content.decode()
        device = TOTPDevice.objects.get(user__username=username)
        response = client.post(reverse("two_factor_enrol"), {"code": code_for(device)})
        codes = response.context["codes"]
        assert len(codes) == 10
        return device, codes

    def test_programme_office_must_enrol_then_verify(self, world):
        with time_machine.travel(START, tick=False) as clock:
            device, _codes = self.enrol(Client(), "pmo")
            clock.shift(datetime.timedelta(minutes=1))
            client = Client()
            sign_in(client, "pmo")
            response = client.get(HOME)
            assert response["Location"].startswith(reverse("two_factor_verify"))
            response = client.post(reverse("two_factor_verify") + f"?next={HOME}", {"code": code_for(device)})
            assert response.status_code == 302
            assert signed_in(client)

    def test_a_used_code_is_refused_the_second_time(self, world):
        with time_machine.travel(START, tick=False) as clock:
            device, _codes = self.enrol(Client(), "pmo")
            clock.shift(datetime.timedelta(seconds=31))
            first, second = Client(), Client()
            sign_in(first, "pmo")
            sign_in(second, "pmo")
            code = code_for(device)
            assert first.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
            refused = second.post(reverse("two_factor_verify"), {"code": code})
            assert refused.status_code == 200
            assert "استُخدم" in refused.content.decode()
            assert not signed_in(second)

    def test_recovery_code_works_once(self, world):
        with time_machine.travel(START, tick=False):
            _device, codes = self.enrol(Client(), "admin")
            first, second = Client(), Client()
            sign_in(first, "admin")
            sign_in(second, "admin")
            assert first.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 302
            assert signed_in(first)
            assert second.post(reverse("two_factor_verify"), {"code": codes[0]}).status_code == 200
            assert not signed_in(second)

    def test_optional_for_other_roles_until_they_enrol(self, world):
        client = Client()
        sign_in(client, "focal.health")
        assert signed_in(client)
        TOTPDevice.objects.create(user=world.focal_health, name="phone", confirmed=True)
        later = Client()
        sign_in(later, "focal.health")
        assert later.get(HOME)["Location"].startswith(reverse("two_factor_verify"))

    def test_api_refuses_a_session_still_owing_a_second_factor(self, world):
        client = Client()
        sign_in(client, "pmo")
        assert client.get("/api/v1/projects/").status_code == 403

    @override_settings(MARSAD_DEMO_MODE=True)
    def test_demo_mode_relaxes_it_and_says_so(self, world):
        client = Client()
        sign_in(client, "pmo")
        page = client.get(HOME)
        assert page.status_code == 200
        assert "وضع العرض التجريبي" in page.content.decode()

    def test_pages_without_demo_mode_do_not_mention_it(self, world):
        client = Client()
        sign_in(client, "committee")
        assert "وضع العرض التجريبي" not in client.get(HOME).content.decode()
