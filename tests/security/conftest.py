"""Fixtures of the security gates."""

import pytest

from tests.delegates.test_authorisation_matrix import world  # noqa: F401  (the matrix's world)
from tests.e2e.users import make_user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's cost is for attackers, not for hundreds of test sign-ins."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def delegate(db):
    return make_user("delegate")


@pytest.fixture
def superuser(db):
    return make_user("superuser", email="secretariat@example.org")
