"""The Nu HTML Checker (vnu-jar from npm, on the machine's Java) on every page of PAGES."""

import urllib.error
import urllib.request

import pytest

from .conftest import ARTIFACTS
from .pages import page_params
from .staff import language_headers, staff_page_params, staff_path

pytestmark = pytest.mark.e2e

SAVED = ARTIFACTS / "html"


def fetch(url: str, cookie: dict | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    """The page as the server sends it (not the browser's DOM), with its status."""
    request = urllib.request.Request(url, headers=headers or {})
    if cookie:
        request.add_header("Cookie", f"{cookie['name']}={cookie['value']}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # 404 pages are checked too
        return error.code, error.read()


@pytest.mark.parametrize(("language", "checked"), page_params())
def test_valid_html(demo_site, vnu, visitor_cookie, language, checked):
    cookie = None
    if checked.user:
        cookie = visitor_cookie(checked.user)
    status, body = fetch(f"{demo_site.url}/{language}{checked.path}", cookie)
    assert status == checked.status
    _assert_valid(vnu, body, f"{language}-{checked.name}")


@pytest.mark.parametrize(("language", "checked"), staff_page_params())
def test_valid_html_in_the_back_office(demo_site, vnu, visitor_cookie, language, checked):
    cookie = visitor_cookie(checked.user)
    url = f"{demo_site.url}{staff_path(checked)}"
    status, body = fetch(url, cookie, language_headers(language))
    assert status == 200
    assert f'lang="{language}"'.encode() in body
    _assert_valid(vnu, body, f"{language}-admin-{checked.name}")


def _assert_valid(vnu, body: bytes, name: str) -> None:
    SAVED.mkdir(parents=True, exist_ok=True)
    saved = SAVED / f"{name}.html"
    saved.write_bytes(body)

    errors = vnu(body)
    report = "\n".join(
        f"line {m.get('lastLine', '?')}: {m['message']}  «{m.get('extract', '').strip()}»"
        for m in errors
    )
    assert errors == [], f"{saved.name}:\n{report}"
