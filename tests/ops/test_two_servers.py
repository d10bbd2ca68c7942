"""Two app servers behind nginx share everything that is state (PostgreSQL and Redis).

Starts two gunicorn servers on loopback ports against the test database and Redis, nginx
(Debian's) in front; runs in CI on PostgreSQL (`make test` with DATABASE_URL, or
`make test-scaleout`).
"""

import os
import re
import shutil
import uuid

import pytest
import redis
from django.contrib.auth import get_user_model
from django.db import connection

from assembly.languages import language_codes
from tests.agenda.factories import TITLES
from tests.ops.browser import Browser, form_fields
from tests.ops.stack import NGINX, Stack, collect_static

REDIS = os.environ.get("OPS_TEST_REDIS", "redis://127.0.0.1:6379")
# The Redis databases of the shared cache and of the broker (parallel runs use other ones).
CACHE_DB, BROKER_DB = (int(n) for n in os.environ.get("OPS_TEST_REDIS_DBS", "6,7").split(","))
PASSWORD = "correct horse battery staple 91"  # noqa: S105
LANGUAGES = language_codes()

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _require(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is needed by the two-server test in CI")
    pytest.skip(f"{what} is not available")


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    collect_static({"DJANGO_STATIC_ROOT": str(root), "DJANGO_SECRET_KEY": "collect"})
    return root


@pytest.fixture(scope="module")
def servers(django_db_setup, static_root, tmp_path_factory):
    """Two app servers and nginx, started once for the module against the test database."""
    _require(shutil.which(NGINX) is not None or os.path.exists(NGINX), "nginx")
    try:
        redis.Redis.from_url(f"{REDIS}/{BROKER_DB}", socket_connect_timeout=2).flushdb()
    except redis.ConnectionError:
        _require(False, "Redis on 127.0.0.1:6379")
    settings = connection.settings_dict
    credentials = settings["USER"]
    if settings.get("PASSWORD"):
        credentials += f":{settings['PASSWORD']}"
    uploads = tmp_path_factory.mktemp("uploads")
    env = {
        "DATABASE_URL": (
            f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        ),
        "REDIS_URL": f"{REDIS}/{CACHE_DB}",
        "CELERY_BROKER_URL": f"{REDIS}/{BROKER_DB}",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SITE_URL": "http://127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.2",
        "DJANGO_STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(uploads / "media"),
        "PRIVATE_MEDIA_ROOT": str(uploads / "private"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    stack = Stack(servers=2, env=env, workers=2)
    try:
        stack.start()
    except RuntimeError as error:
        pytest.fail(f"{error}\n{stack.logs()}")
    yield stack
    stack.stop()


@pytest.fixture
def stack(servers, session91):
    # Each test starts with an empty shared cache: no rate-limit count or page from another.
    redis.Redis.from_url(f"{REDIS}/{CACHE_DB}", socket_connect_timeout=2).flushdb()
    get_user_model().objects.create_superuser(
        username="sg", email="sg@example.org", password=PASSWORD
    )
    return servers


def _admin_login(browser: Browser, base: str) -> None:
    page = browser.get(f"{base}/admin/login/?next=/admin/")
    token = form_fields(page.text)["csrfmiddlewaretoken"]
    page = browser.post(
        f"{base}/admin/login/?next=/admin/",
        {"username": "sg", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert page.status == 302, page.text[:500]


def test_a_session_opened_on_one_server_is_valid_on_the_other(stack):
    secretary = Browser()
    _admin_login(secretary, stack.server_url(0))

    page = secretary.get(f"{stack.server_url(1)}/admin/")

    assert page.status == 200
    assert "Secretariat back office" in page.text
    # The same session on the other server, not a new one.
    anonymous = Browser().get(f"{stack.server_url(1)}/admin/")
    assert anonymous.status == 302


def test_a_change_through_one_server_is_visible_at_once_on_the_other(stack, session91):
    visitor = Browser()
    before = visitor.get(f"{stack.server_url(1)}/en/")
    assert "91st INTERPOL General Assembly" in before.text
    secretary = Browser()
    _admin_login(secretary, stack.server_url(0))
    change = f"/admin/assembly/assemblysession/{session91.pk}/change/"
    # The form comes from server B, the change goes to server A.
    fields = form_fields(secretary.get(f"{stack.server_url(1)}{change}").text)
    fields["title_en"] = "91st General Assembly (Vienna, revised)"

    saved = secretary.post(f"{stack.server_url(0)}{change}", {**fields, "_save": "Save"})

    assert saved.status == 302, saved.text[:2000]
    for base in (stack.server_url(1), stack.server_url(0), stack.url, stack.url):
        assert "91st General Assembly (Vienna, revised)" in visitor.get(f"{base}/en/").text


def test_the_login_rate_limit_counts_attempts_on_both_servers(stack):
    attacker = Browser()
    upstreams = set()
    answers = []
    login = attacker.get(f"{stack.url}/en/accounts/login/")
    token = form_fields(login.text)["csrfmiddlewaretoken"]
    for attempt in range(7):
        # A new address in X-Forwarded-For and a new account each time: only the real
        # address of the client, as nginx saw it, can be counted.
        page = attacker.post(
            f"{stack.url}/en/accounts/login/",
            {
                "login": f"guess{attempt}@example.org",
                "password": "wrong password",
                "csrfmiddlewaretoken": token,
            },
            headers={"X-Forwarded-For": f"198.51.100.{attempt + 1}"},
        )
        upstreams.add(page.headers["x-upstream"])
        answers.append((page.status, "Too many failed login attempts" in page.text))

    assert len(upstreams) == 2, upstreams  # nginx sent the attempts to both servers
    assert [limited for _status, limited in answers] == [False] * 5 + [True] * 2, answers
    assert all(status in {200, 429} for status, _limited in answers)


def test_a_programme_change_on_one_server_is_visible_at_once_on_the_other(stack, session91):
    from tests.agenda.factories import at, make_slot

    opening = make_slot(
        session91, start=at(session91, 0, 9), end=at(session91, 0, 10), slug="opening"
    )
    draft = make_slot(
        session91,
        start=at(session91, 0, 11),
        end=at(session91, 0, 12),
        slug="late-addition",
        publish=False,
    )
    visitor = Browser()
    server_b = stack.server_url(1)
    for _round in range(2):  # the second visit is served from the shared page cache
        for language in LANGUAGES:
            page = visitor.get(f"{server_b}/{language}/agenda/")
            assert page.status == 200
            assert "opening" in page.text
            assert "late-addition" not in page.text
    secretary = Browser()
    _admin_login(secretary, stack.server_url(0))
    changelist = "/admin/agenda/programmeslot/"
    token = form_fields(secretary.get(f"{stack.server_url(0)}{changelist}").text)[
        "csrfmiddlewaretoken"
    ]

    published = secretary.post(
        f"{stack.server_url(0)}{changelist}",
        {
            "action": "publish",
            "_selected_action": str(draft.pk),
            "index": "0",
            "csrfmiddlewaretoken": token,
        },
    )

    assert published.status == 302, published.text[:2000]
    for base in (server_b, stack.server_url(0)):
        pages = {code: visitor.get(f"{base}/{code}/agenda/").text for code in LANGUAGES}
        for code, title in TITLES.items():
            assert f"{title} late-addition" in pages[code], (base, code)
        assert 'dir="rtl"' in pages["ar"] and 'lang="en"' in pages["en"]

    # An edit of one slot (its fragments are in the shared cache, in four languages) through
    # server A: server B shows it at once in every language, beside the slot left as it was.
    change = f"/admin/agenda/programmeslot/{opening.pk}/change/"
    fields = form_fields(secretary.get(f"{stack.server_url(0)}{change}").text)
    renamed = {
        "en": "Opening, renamed",
        "fr": "Ouverture, renommée",
        "es": "Apertura, renombrada",
        "ar": "الافتتاح، باسم جديد",
    }
    fields.update({f"title_{code}": text for code, text in renamed.items()})
    if not fields.get("themes"):
        fields.pop("themes", None)  # a multiple select with nothing chosen sends nothing
    saved = secretary.post(f"{stack.server_url(0)}{change}", {**fields, "_save": "Save"})
    assert saved.status == 302, re.findall(r"errorlist[^<]*<li>[^<]*", saved.text)
    for base in (server_b, stack.server_url(0), stack.url):
        for code in LANGUAGES:
            page = visitor.get(f"{base}/{code}/agenda/").text
            assert renamed[code] in page, (base, code)
            assert f"{TITLES[code]} late-addition" in page, (base, code)
    # Signed in (never the page cache: the shared page shell and days, agenda.shell) and the
    # exports (kept whole under the slots' versions), on both servers, in every language.
    for base in (server_b, stack.server_url(0)):
        for code in LANGUAGES:
            page = secretary.get(f"{base}/{code}/agenda/").text
            assert renamed[code] in page, (base, code)
            assert f"/{code}/accounts/logout/" in page, (base, code)
            anonymous = visitor.get(f"{base}/{code}/agenda/").text
            assert "/accounts/logout/" not in anonymous, (base, code)
            schedule = visitor.get(f"{base}/{code}/agenda/schedule.json").text
            assert renamed[code] in schedule, (base, code)
            calendar = visitor.get(f"{base}/{code}/agenda/agenda.ics").text
            unfolded = calendar.replace("\r\n ", "").replace("\\,", ",")  # RFC 5545 text
            assert renamed[code] in unfolded, (base, code)


def test_the_admin_login_rate_limit_counts_attempts_on_both_servers(stack):
    attacker = Browser()
    token = form_fields(attacker.get(f"{stack.server_url(0)}/admin/login/").text)[
        "csrfmiddlewaretoken"
    ]
    statuses = []
    for attempt in range(8):
        # Alternately on server A and server B: five failures in all close both.
        base = stack.server_url(attempt % 2)
        page = attacker.post(
            f"{base}/admin/login/",
            {"username": "sg", "password": "wrong password", "csrfmiddlewaretoken": token},
        )
        statuses.append(page.status)

    assert statuses == [200] * 5 + [429] * 3, statuses
    # The right password no longer helps, on either server, until the window ends.
    for index in (0, 1):
        page = attacker.post(
            f"{stack.server_url(index)}/admin/login/",
            {"username": "sg", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        assert page.status == 429


def test_no_page_goes_to_the_wrong_language_or_from_a_signed_in_page(stack):
    anonymous = Browser()
    for _round in range(2):
        for language, direction in [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr"), ("es", "ltr")]:
            page = anonymous.get(f"{stack.url}/{language}/")
            assert page.status == 200
            assert f'lang="{language}"' in page.text
            assert f'dir="{direction}"' in page.text
            assert page.headers.get("content-language") == language
    secretary = Browser()
    _admin_login(secretary, stack.url)
    signed_in = secretary.get(f"{stack.url}/en/")
    assert "Sign out" in signed_in.text
    cache_control = signed_in.headers.get("cache-control", "")
    assert "private" in cache_control and "no-store" in cache_control
    for _round in range(2):
        page = anonymous.get(f"{stack.url}/en/")
        assert "Sign out" not in page.text
        assert "Delegate sign in" in page.text


def test_every_response_carries_a_request_id_from_nginx(stack):
    page = Browser().get(f"{stack.url}/readyz")

    assert page.status == 200
    assert re.fullmatch(r"[0-9a-f]{32}", page.headers["x-request-id"])
    assert '"broker": "ok"' in page.text and '"cache": "ok"' in page.text
