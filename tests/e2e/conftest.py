"""The browser harness: Debian's Chromium driven by Playwright against Django's live server.

No browser is ever downloaded: Playwright launches the machine's /usr/bin/chromium (installed by
.ci/browser with apt-get). Every step's screenshot is kept under test-artifacts/screenshots/.
"""

import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
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
    from assembly import demo

    demo.seed(stdout=io.StringIO())
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
