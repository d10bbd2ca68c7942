"""Accounts (django-allauth): verification, enumeration, rate limits, sessions (SECURITY.md
13, 14, 15) and the account pages in the site's layout."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from .factories import PASSWORD, _english, make_user  # noqa: F401  (autouse)


@pytest.mark.parametrize("language, direction", [("en", "ltr"), ("ar", "rtl"), ("fr", "ltr")])
@pytest.mark.parametrize(
    "path", ["login/", "signup/", "password/reset/", "confirm-email/", "password/reset/done/"]
)
def test_account_pages_use_the_site_layout(client, db, language, direction, path):
    response = client.get(f"/{language}/accounts/{path}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in page
    assert 'class="site-header"' in page
    assert "/static/css/delegates.css" in page
    assert "<script>" not in page


def test_login_page_is_translated(client, db):
    page = client.get("/fr/accounts/login/").content.decode()
    assert "Connexion" in page
    page = client.get("/es/accounts/login/").content.decode()
    assert "Iniciar sesión" in page


def test_signup_requires_email_verification_before_login(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new.delegate@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert "/en/accounts/confirm-email/" in mail.outbox[0].body
    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": "new.delegate@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert client.get(reverse("delegates:portal")).status_code == 302


def test_signup_with_a_known_email_looks_the_same_as_with_a_new_one(client, db):
    """SECURITY.md 13: no account enumeration at sign-up."""
    make_user("known@example.org")
    known = client.post(
        "/en/accounts/signup/",
        {"email": "known@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    client.logout()
    unknown = client.post(
        "/en/accounts/signup/",
        {"email": "unknown@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert get_user_model().objects.filter(email__iexact="known@example.org").count() == 1


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client, db):
    """SECURITY.md 13: no account enumeration at password reset."""
    make_user("known@example.org")
    known = client.post("/en/accounts/password/reset/", {"email": "known@example.org"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/en/accounts/password/reset/done/"
    assert sorted(message.to[0] for message in mail.outbox) == [
        "known@example.org",
        "nobody@example.org",
    ]


def _fail_login(client, ip, xff=None, email="victim@example.org"):
    extra = {"REMOTE_ADDR": ip}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(
        "/en/accounts/login/", {"login": email, "password": "wrong password"}, **extra
    )


def test_portal_login_failures_are_rate_limited_despite_rotating_x_forwarded_for(client, db):
    """SECURITY.md 14: a rotating X-Forwarded-For from an untrusted client changes nothing."""
    make_user("victim@example.org")
    for attempt in range(5):
        response = _fail_login(
            client, "203.0.113.9", xff=f"198.51.100.{attempt}", email=f"x{attempt}@example.org"
        )
        assert "Too many failed" not in response.content.decode()
    response = _fail_login(
        client, "203.0.113.9", xff="198.51.100.77", email="someone.else@example.org"
    )
    assert response.status_code in (200, 429)
    assert "Too many failed" in response.content.decode()
    # Even the right password is refused while the limit holds.
    response = client.post(
        "/en/accounts/login/",
        {"login": "victim@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.78",
    )
    assert "_auth_user_id" not in client.session


def test_portal_login_limit_per_account_holds_across_addresses(client, db):
    make_user("victim@example.org")
    for attempt in range(5):
        _fail_login(client, f"192.0.2.{attempt}")
    response = _fail_login(client, "192.0.2.200")
    assert "Too many failed" in response.content.decode()


def _fail_admin_login(client, ip, xff=None, username="admin@example.org"):
    extra = {"REMOTE_ADDR": ip}
    if xff:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": "wrong"}, **extra
    )


def test_admin_login_failures_are_rate_limited_despite_rotating_x_forwarded_for(client, db):
    make_user("admin@example.org", is_staff=True, is_superuser=True)
    for attempt in range(5):
        response = _fail_admin_login(
            client, "203.0.113.5", xff=f"198.51.100.{attempt}", username=f"u{attempt}"
        )
        assert response.status_code == 200
    response = _fail_admin_login(client, "203.0.113.5", xff="10.9.9.9", username="other")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    # The right password does not get through while limited.
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "admin@example.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_limit_per_username_holds_across_addresses(client, db):
    for attempt in range(5):
        _fail_admin_login(client, f"192.0.2.{attempt}")
    assert _fail_admin_login(client, "192.0.2.99").status_code == 429


def test_behind_a_trusted_proxy_clients_are_told_apart(client, db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for attempt in range(5):
        _fail_admin_login(client, "10.0.0.1", xff="203.0.113.50", username=f"a{attempt}")
    assert (
        _fail_admin_login(client, "10.0.0.1", xff="203.0.113.50", username="b").status_code == 429
    )
    # Another real client behind the same proxy is not blocked.
    assert (
        _fail_admin_login(client, "10.0.0.1", xff="203.0.113.51", username="c").status_code == 200
    )
    # A client who prepends a forged address is still counted by the proxy's entry.
    assert (
        _fail_admin_login(client, "10.0.0.1", xff="1.2.3.4, 203.0.113.50", username="d").status_code
        == 429
    )


def test_successful_admin_login_is_not_counted(client, db):
    make_user("admin@example.org", is_staff=True, is_superuser=True)
    for _ in range(6):
        client.logout()
        response = client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin@example.org", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.20",
        )
        assert response.status_code == 302


def test_session_id_changes_at_login_and_logout_ends_it(client, db):
    """SECURITY.md 15."""
    make_user("delegate@example.org")
    client.get("/en/accounts/login/")
    client.cookies["sessionid"] = "attackerchosenid"
    session = client.session
    session["planted"] = "yes"
    session.save()
    before = session.session_key
    response = client.post(
        "/en/accounts/login/", {"login": "delegate@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get(reverse("delegates:portal")).status_code == 200
    from django.contrib.sessions.backends.db import SessionStore

    assert SessionStore().exists(after)
    client.post("/en/accounts/logout/")
    assert not SessionStore().exists(after)
    stolen = type(client)()
    stolen.cookies["sessionid"] = after
    assert stolen.get(reverse("delegates:portal")).status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_next_stays_on_the_site(client, db, target):
    make_user("delegate@example.org")
    response = client.post(
        f"/en/accounts/login/?next={target}",
        {"login": "delegate@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")
    assert "evil" not in response["Location"]
