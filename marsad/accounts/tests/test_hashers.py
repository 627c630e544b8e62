"""Passwords are hashed with Argon2id at the sized parameters, and older hashes are
upgraded at the next sign-in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.test import override_settings

from marsad.accounts.models import User
from marsad.settings import PASSWORD_HASHERS

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=PASSWORD_HASHERS)
def test_a_hash_with_the_old_parameters_still_signs_in_and_is_upgraded(client):
    old = make_password("a-long-password-1", hasher=Argon2PasswordHasher())
    assert "m=102400" in old and "p=8" in old  # Django's default: 100 MiB, 8 lanes
    user = User.objects.create(username="amal", password=old, role="committee")
    response = client.post("/accounts/login/", {"username": "amal", "password": "a-long-password-1"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$") and "m=19456,t=2,p=1" in user.password
    assert user.check_password("a-long-password-1")
