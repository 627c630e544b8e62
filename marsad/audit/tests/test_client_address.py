"""The client's address behind our own nginx: taken from X-Forwarded-For only when the
peer is a trusted proxy, and then the same for sign-in lockout, rate limits and the
audit log (issue: every client was 127.0.0.1 behind the shipped nginx)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from marsad.audit.context import resolve_client
from marsad.audit.models import AuditAction, AuditEvent, RequestCount
from marsad.conftest import PASSWORD

LOGIN = "/accounts/login/"
NGINX = "127.0.0.1"  # the peer Django sees behind deploy/nginx
NOON = datetime.datetime(2026, 12, 1, 12, 0, 5, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        (NGINX, "127.0.0.2", "127.0.0.2"),  # nginx appended what it saw
        (NGINX, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own claim is ignored
        (NGINX, "198.51.100.7, 127.0.0.1", "198.51.100.7"),  # a second trusted hop is skipped
        (NGINX, "", NGINX),  # no header: the peer itself
        (NGINX, "not-an-address", NGINX),
        (NGINX, "2001:db8::5", "2001:db8::5"),
        ("203.0.113.4", "10.0.0.1", "203.0.113.4"),  # not our proxy: its header means nothing
    ],
)
def test_the_client_is_the_first_untrusted_address_from_the_right(peer, forwarded, client):
    assert resolve_client(peer, forwarded) == client


def test_trusted_proxies_are_a_setting(settings):
    settings.MARSAD_TRUSTED_PROXIES = "10.0.0.0/24"
    assert resolve_client("10.0.0.9", "198.51.100.7") == "198.51.100.7"
    assert resolve_client("127.0.0.1", "198.51.100.7") == "127.0.0.1"


def sign_in(client, address, password=PASSWORD):
    return client.post(
        LOGIN, {"username": "committee", "password": password}, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=address
    )


@pytest.mark.django_db
def test_wrong_passwords_from_one_client_behind_nginx_do_not_lock_out_another(world):
    attacker = Client()
    for _attempt in range(6):
        sign_in(attacker, "127.0.0.2", "wrong")
    assert sign_in(attacker, "127.0.0.2").status_code == 429  # the attacker's address is locked
    owner = Client()
    assert sign_in(owner, "127.0.0.3").status_code == 302  # the owner, elsewhere, is not
    failed = AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).values_list("ip_address", flat=True)
    assert set(failed) == {"127.0.0.2"}
    signed_in = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert signed_in.ip_address == "127.0.0.3"


@pytest.mark.django_db
def test_a_client_cannot_forge_its_address_past_nginx(world):
    attacker = Client()
    for _attempt in range(6):  # each time claiming to be someone new
        sign_in(attacker, f"10.9.9.{_attempt}, 127.0.0.2", "wrong")
    assert sign_in(attacker, "10.9.9.99, 127.0.0.2").status_code == 429


@pytest.mark.django_db
def test_the_public_rate_limit_is_per_client_behind_nginx_and_shared_by_workers(client, settings, world):
    from django.core.cache import cache

    settings.MARSAD_PUBLIC_REQUESTS_PER_MINUTE = 3
    page = reverse("public:page")
    with time_machine.travel(NOON, tick=False):
        answers = []
        for _ in range(4):
            cache.clear()  # as if each request reached another worker, with its own memory
            answers.append(client.get(page, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="127.0.0.2").status_code)
        assert answers == [200, 200, 200, 429]
        assert client.get(page, REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR="127.0.0.3").status_code == 200
    assert RequestCount.objects.get(key="public:127.0.0.2").count == 4


@pytest.mark.django_db
def test_with_redis_the_counts_are_kept_in_redis(client, settings, world, redis_url):
    settings.MARSAD_PUBLIC_REQUESTS_PER_MINUTE = 2
    settings.MARSAD_REDIS_URL = redis_url
    page = reverse("public:page")
    with time_machine.travel(NOON, tick=False):
        answers = [client.get(page, HTTP_X_FORWARDED_FOR="127.0.0.4").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    assert not RequestCount.objects.exists()
