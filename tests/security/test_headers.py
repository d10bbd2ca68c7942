"""Security headers on each page of tests/e2e/pages.py, anonymous and signed in (SECURITY 7, 17)."""

import pytest

from tests.e2e.pages import PAGES

from .conftest import make_user

SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
ADMIN_PAGES = ["/admin/", "/admin/assembly/assemblysession/", "/admin/auth/user/"]


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_safe_headers(response, *, signed_in: bool):
    where = f"{response.request['PATH_INFO']} ({'signed in' if signed_in else 'anonymous'})"
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"no Content-Security-Policy on {where}"
    directives = csp_directives(policy)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts, f"the policy of {where} does not restrict scripts: {policy}"
    assert "'unsafe-inline'" not in scripts and "*" not in scripts, f"{where}: {policy}"
    assert directives.get("object-src") == ["'none'"], f"{where}: {policy}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{where}: {policy}"
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where
    assert response.headers.get("Referrer-Policy") in SAFE_REFERRER_POLICIES, where
    cache_control = response.headers.get("Cache-Control", "")
    if signed_in:
        assert "private" in cache_control and "no-store" in cache_control, (
            f"{where} may be stored by a shared cache: Cache-Control={cache_control!r}"
        )


@pytest.mark.parametrize("checked", PAGES, ids=[checked.name for checked in PAGES])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_headers_of_public_pages(full_demo, client, core_demo, checked, signed_in):
    if signed_in or checked.user:
        client.force_login(make_user(checked.user or "delegate"))
    for language in ("en", "ar"):
        response = client.get(f"/{language}{checked.path}")
        # A signed-in visitor of the sign-in or sign-up page is sent on; the headers still count.
        assert response.status_code in (checked.status, 302), response.status_code
        assert_safe_headers(response, signed_in=signed_in or bool(checked.user))


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_headers_of_the_back_office(client, core_demo, superuser, path):
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    assert_safe_headers(response, signed_in=True)


def test_anonymous_home_page_is_not_marked_private(client, core_demo):
    """Public pages stay cacheable for anonymous readers (DESIGN.md, scale)."""
    response = client.get("/en/")
    assert "private" not in response.headers.get("Cache-Control", "")
    assert "no-store" not in response.headers.get("Cache-Control", "")
