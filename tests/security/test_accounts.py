"""Accounts under real use: many delegates sign up, each signs in with an email only."""

from django.contrib.auth import get_user_model

from tests.e2e.users import PASSWORD


def sign_up(client, email):
    return client.post(
        "/en/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def test_many_delegates_can_sign_up(client, db):
    """The second sign-up of the site used to fail with a 500 (an empty, unique username)."""
    emails = ["first.delegate@example.org", "second.delegate@example.org", "a.b@example.org"]
    for email in emails:
        response = sign_up(client, email)
        assert response.status_code == 302, response.status_code
        assert response["Location"] == "/en/accounts/confirm-email/"
        client.logout()
    users = get_user_model().objects.order_by("email")
    assert sorted(user.email for user in users) == sorted(emails)
    assert len({user.username for user in users}) == 3 and "" not in {u.username for u in users}


def test_same_email_twice_makes_one_account(client, db):
    assert sign_up(client, "delegate@example.org").status_code == 302
    client.logout()
    response = sign_up(client, "Delegate@Example.org")
    assert response.status_code in (200, 302)  # enumeration prevention may answer as usual
    assert get_user_model().objects.filter(email__iexact="delegate@example.org").count() == 1
