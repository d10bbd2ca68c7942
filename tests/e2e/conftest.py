"""The browser harness: Debian's Chromium driven by Playwright against Django's live server.

No browser is ever downloaded: Playwright launches the machine's /usr/bin/chromium (installed by
.ci/browser with apt-get). Every step's screenshot is kept under test-artifacts/screenshots/.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright():
    """Playwright's sync API keeps an event loop in the test thread; Django then refuses ORM
    calls from that thread. The tests only use the ORM to arrange data, so this is safe here."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash .ci/browser` (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A desktop window; journeys on a phone set their own viewport.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the core demo data (regions, 196 members, sessions 90–92)."""
    from tests.snapshot import seed_core

    seed_core()
    return live_server


class Screenshots:
    """Numbered screenshots of one test's steps: test-artifacts/screenshots/<test>/NN-step.png."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, page, step: str, *, full_page: bool = True) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{_slug(step)}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


@pytest.fixture
def snap(request):
    """Call `snap(page, "step name")` after each step of a journey."""
    return Screenshots(SCREENSHOTS / _slug(request.node.name))


@pytest.fixture(autouse=True)
def _short_timeouts(request):
    """A missing element fails in seconds, not after Playwright's default 30 s."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(10_000)


@pytest.fixture
def page_errors(page):
    """Console errors and uncaught exceptions of the page (CSP violations show up here)."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (or `bash .ci/browser`)")
    return AXE.read_text(encoding="utf-8")


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


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


@pytest.fixture(scope="module")
def demo_site(full_demo, live_server):
    """The live server with the whole demo (every app's `seed_demo`), seeded once per module
    (see `full_demo`). Tests of such a module must not use `site`, whose flush would empty the
    demo under them."""
    return live_server


@pytest.fixture
def visitor_cookie(demo_site, django_db_blocker):
    """`visitor_cookie(kind)`: the session cookie of a visitor of that kind (tests/e2e/users.py),
    for the demo site, made with the database unblocked (the demo lives outside any test)."""
    from .users import make_user, session_cookie

    host = demo_site.url.split("//", 1)[1].split(":", 1)[0]

    def cookie(kind: str) -> dict:
        with django_db_blocker.unblock():
            return session_cookie(make_user(kind), domain=host)

    return cookie


@pytest.fixture(autouse=True)
def _live_server_helper(request, django_db_blocker):
    """pytest-django's helper of the same name, except for tests on `demo_site`.

    pytest-django gives every live-server test `transactional_db`, whose flush after the test
    would empty the module's shared demo. A `demo_site` test instead has the database unblocked
    for its duration (the server thread and the test arrange and read data outside a transaction).
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    if "demo_site" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    if "demo_site" in request.fixturenames:
        with django_db_blocker.unblock():
            yield
    else:
        yield
    live_server._live_server_modified_settings.disable()


@pytest.fixture(autouse=True)
def _site_address_of_the_live_server(request, settings):
    """Links in mails (the confirmation link a journey follows) point at the live server."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
    yield
