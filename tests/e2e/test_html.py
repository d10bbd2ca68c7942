"""The Nu HTML Checker (vnu-jar from npm, on the machine's Java) on every page of PAGES."""

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from .conftest import ARTIFACTS, ROOT
from .pages import page_params
from .users import make_user, session_cookie

pytestmark = pytest.mark.e2e

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SAVED = ARTIFACTS / "html"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def vnu():
    """The checker as a local web service, started once: one Java start instead of one a page.

    Yields a function that takes an HTML document (bytes) and returns the checker's errors.
    (The same jar checks saved files with `java -jar vnu.jar --errors-only FILE`.)
    """
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: install a JRE (default-jre-headless)")
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: run `npm ci` (or `bash .ci/browser`)")
    port = _free_port()
    command = [java, "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(VNU)]
    server = subprocess.Popen(
        [*command, "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/?out=json"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the Nu HTML Checker did not start")
                time.sleep(0.3)

        def check(html: bytes) -> list[dict]:
            request = urllib.request.Request(
                url, data=html, headers={"Content-Type": "text/html; charset=utf-8"}
            )
            with urllib.request.urlopen(request, timeout=60) as response:
                messages = json.load(response)["messages"]
            return [m for m in messages if m["type"] in ("error", "non-document-error")]

        yield check
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str, cookie: dict | None = None) -> tuple[int, bytes]:
    """The page as the server sends it (not the browser's DOM), with its status."""
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", f"{cookie['name']}={cookie['value']}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:  # 404 pages are checked too
        return error.code, error.read()


@pytest.mark.parametrize(("language", "checked"), page_params())
def test_valid_html(site, vnu, language, checked):
    cookie = None
    if checked.user:
        cookie = session_cookie(make_user(checked.user), domain="localhost")
    status, body = fetch(f"{site.url}/{language}{checked.path}", cookie)
    assert status == checked.status
    SAVED.mkdir(parents=True, exist_ok=True)
    saved = SAVED / f"{language}-{checked.name}.html"
    saved.write_bytes(body)

    errors = vnu(body)
    report = "\n".join(
        f"line {m.get('lastLine', '?')}: {m['message']}  «{m.get('extract', '').strip()}»"
        for m in errors
    )
    assert errors == [], f"{saved.name}:\n{report}"
