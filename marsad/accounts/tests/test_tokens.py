"""API tokens: created by administrators, shown once, stored hashed, revocable."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from marsad.accounts import scope
from marsad.accounts.models import ApiToken
from marsad.portfolio.models import Project

pytestmark = pytest.mark.django_db


def create_in_admin(client, world, user):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:accounts_apitoken_add"), {"user": user.pk, "name": "citizen service centre"}, follow=True
    )
    message = next(str(m) for m in response.context["messages"])
    return message.split(": ")[1].split(" — ")[0].strip()


def test_administrator_creates_a_token_shown_once_and_stored_hashed(client, world):
    key = create_in_admin(client, world, world.feed)
    token = ApiToken.objects.get()
    assert token.user == world.feed and token.created_by == world.admin
    assert key.startswith(token.prefix + ".")
    assert key not in token.key_hash and len(token.key_hash) == 64
    page = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert key not in page  # never shown again


def test_token_authenticates_as_its_user_until_revoked(client, world):
    key = create_in_admin(client, world, world.committee)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/projects/").status_code == 200
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [ApiToken.objects.get().pk]},
    )
    assert ApiToken.objects.get().revoked_at is not None
    assert api.get("/api/v1/projects/").status_code in (401, 403)


def test_wrong_or_malformed_tokens_are_refused(world):
    api = APIClient()
    for header in ("Token nope.nope", "Token", "Token a b"):
        api.credentials(HTTP_AUTHORIZATION=header)
        assert api.get("/api/v1/projects/").status_code in (401, 403)


def test_only_administrators_manage_tokens(client, world):
    client.force_login(world.pmo)
    world.pmo.is_staff = True
    world.pmo.save()
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_a_token_reads_as_its_user_sees_and_stops_with_the_account(world):
    """The lookup every API request makes (`lib.rows`, without the ORM's compiler) gives
    the token's own user, with their scope, and notes when the token was last used."""
    from marsad.accounts.tokens import api_token_for, api_token_issue

    _token, key = api_token_issue(user=world.focal_health, name="ministry system", created_by=world.admin)
    found = api_token_for(key)
    assert found is not None and found.user == world.focal_health and found.user.role == world.focal_health.role
    stamped = ApiToken.objects.get().last_used_at
    assert stamped is not None and stamped.tzinfo is not None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    codes = {row["code"] for row in api.get("/api/v1/projects/?page_size=500").json()["results"]}
    readable = set(scope.readable(world.focal_health, Project.objects.all()).values_list("code", flat=True))
    assert codes == readable and readable != set(Project.objects.values_list("code", flat=True))
    world.focal_health.is_active = False
    world.focal_health.save()
    assert api_token_for(key) is None
    assert api.get("/api/v1/projects/").status_code in (401, 403)
