"""Every `next` stays on the site: sign-in, sign-up, sign-out, language switcher (SECURITY.md 9)."""

import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

from tests.e2e.users import PASSWORD

EVIL = [
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "http://testserver.evil.example/",
]


def assert_on_site(location: str):
    assert location, "no redirect target"
    parts = urlsplit(location)
    # Browsers read "/\\host" and "\\\\host" as "//host": a target must be a plain local path.
    assert not location.startswith(("//", "/\\", "\\")), location
    assert parts.scheme in ("", "http", "https") and parts.netloc in ("", "testserver"), location
    assert "evil" not in parts.netloc, location


@pytest.mark.parametrize("evil", EVIL)
def test_sign_in_with_foreign_next_stays_on_site(client, delegate, evil):
    response = client.post(
        "/en/accounts/login/", {"login": delegate.email, "password": PASSWORD, "next": evil}
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == delegate.pk  # the sign-in itself worked
    assert_on_site(response["Location"])


@pytest.mark.parametrize("evil", EVIL)
def test_signed_in_visitor_on_sign_in_page_is_not_sent_away(client, delegate, evil):
    client.force_login(delegate)
    response = client.get("/en/accounts/login/", {"next": evil})
    if response.status_code == 302:
        assert_on_site(response["Location"])
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("evil", EVIL)
def test_sign_up_with_foreign_next_stays_on_site(client, db, evil):
    email = "new.delegate@example.org"
    response = client.post(
        "/en/accounts/signup/",
        {"email": email, "password1": PASSWORD, "password2": PASSWORD, "next": evil},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EmailAddress.objects.filter(email=email, verified=False).count() == 1
    assert_on_site(response["Location"])


@pytest.mark.parametrize("evil", EVIL)
def test_sign_out_with_foreign_next_stays_on_site(client, delegate, evil):
    client.force_login(delegate)
    response = client.post("/en/accounts/logout/", {"next": evil})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert_on_site(response["Location"])


SWITCHER_LINK = re.compile(r'<a href="([^"]*)" lang="(ar|en|fr|es)" hreflang=')


@pytest.mark.parametrize("path", ["/en/", "/en/sessions/90/", "/en/accounts/login/"])
def test_language_switcher_ignores_a_foreign_next(client, core_demo, path):
    for evil in EVIL:  # one page, all the foreign targets: the demo data is loaded once
        response = client.get(path, {"next": evil})
        body = response.content.decode()
        links = {language: href for href, language in SWITCHER_LINK.findall(body)}
        assert set(links) == {"ar", "en", "fr", "es"}
        for language, href in links.items():
            assert href.startswith(f"/{language}/"), href
            assert_on_site(href.replace("&amp;", "&"))


@pytest.mark.parametrize(
    "raw_path", ["//evil.example/", "//evil.example", "/\\evil.example/", "/en//evil.example/"]
)
def test_language_switcher_on_a_malformed_path_stays_on_site(client, core_demo, raw_path):
    """A path such as //evil.example/ is a 404 whose switcher must not link to evil.example."""
    response = client.get("/", PATH_INFO=raw_path)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    links = SWITCHER_LINK.findall(body)
    assert len(links) == 4
    for href, language in links:
        assert_on_site(href)
        assert href.startswith(f"/{language}/") or href.startswith("/en/"), href
