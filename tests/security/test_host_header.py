"""A forged Host header never reaches a password-reset link (SECURITY.md 10)."""

import re

import pytest
from django.core import mail

RESET_LINK = re.compile(r"https?://[^\s/]+/[^\s]*password/reset/key/[^\s]+")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "testserver.evil.example"])
def test_forged_host_is_refused_and_sends_no_mail(client, delegate, host):
    response = client.post(
        "/en/accounts/password/reset/", {"email": delegate.email}, HTTP_HOST=host
    )
    assert response.status_code == 400  # DisallowedHost: Django answers 400, never 500
    assert mail.outbox == []


@pytest.mark.parametrize(
    "header", ["HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_SERVER", "HTTP_FORWARDED"]
)
def test_forwarded_host_headers_do_not_reach_the_link(client, delegate, header):
    value = "host=evil.example" if header == "HTTP_FORWARDED" else "evil.example"
    response = client.post(
        "/en/accounts/password/reset/", {"email": delegate.email}, **{header: value}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    links = RESET_LINK.findall(body)
    assert links, body
    for link in links:
        assert link.startswith("http://testserver/en/accounts/password/reset/key/"), link
    assert "evil" not in body


def test_unknown_address_gets_the_same_answer(client, delegate):
    """Enumeration prevention (SECURITY.md 13): a known and an unknown address look alike."""
    known = client.post("/en/accounts/password/reset/", {"email": delegate.email})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


@pytest.mark.parametrize("email", ["0@0.A\ufff9", "delegate@" + "a" * 64 + ".example"])
@pytest.mark.parametrize("path", ["/en/accounts/password/reset/", "/en/accounts/signup/"])
def test_address_that_mail_cannot_reach_is_refused(client, db, path, email):
    """Found by the fuzzing: such an address made the sign-up or reset mail fail with a 500."""
    data = {"email": email, "password1": "Vienna-2023-plenary", "password2": "Vienna-2023-plenary"}
    response = client.post(path, data)
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert mail.outbox == []
