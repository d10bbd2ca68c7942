"""SECURITY.md 27 and 28 (issue 10, problems 2 and 3): the shared page cache.

A page stored in the shared cache holds nothing of one visitor: an entry is made only from a
request that carries no visitor state (no session, no flash messages, not signed in) and from a
response that used none. Its key holds only what the page reads: language, path, the query
parameters the page reads (the programme's filters) and the programme version. And filling the
page cache cannot push the brute-force counters out.
"""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db.models import F
from django.http import HttpRequest
from django.test import Client

from agenda import services
from agenda.cache import PAGE_CACHE_ALIAS
from agenda.models import ProgrammeSlot
from tests.agenda.factories import make_programme
from tests.delegates.factories import make_user

# What an attacker had shown: allauth's "Confirmation email sent to …" with a chosen address.
PLANTED = "Confirmation email sent to call-us-now-0800-PLANTED@example.org."


@pytest.fixture
def programme(session91):
    from assembly.models import Room

    rooms = list(Room.objects.filter(venue__name_en="Austria Center Vienna").order_by("order"))
    return make_programme(session91, rooms, per_day=3, days=2)


def _with_messages_cookie(client: Client, settings) -> Client:
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.INFO, PLANTED)])
    return client


def _with_session_messages(client: Client, settings) -> Client:
    """An anonymous visitor whose session holds a flash message (messages kept in sessions)."""
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
    session = SessionStore()
    request = HttpRequest()
    request.session = session
    SessionStorage(request)._store([Message(constants.INFO, PLANTED)], None)
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


VISITOR_STATE = {"messages cookie": _with_messages_cookie, "session": _with_session_messages}


def _page_urls(programme) -> list[str]:
    return ["/en/agenda/", f"/fr/agenda/items/{programme[0].slug}/", "/en/agenda/speakers/"]


@pytest.mark.parametrize("state", VISITOR_STATE)
def test_a_page_rendered_for_a_visitor_with_state_never_reaches_another(programme, state, settings):
    for url in _page_urls(programme):
        visitor = VISITOR_STATE[state](Client(), settings)
        own = visitor.get(url)
        assert own.status_code == 200
        assert PLANTED in own.content.decode(), url  # the visitor sees their own message
        for _round in range(2):  # a first anonymous visit, then one that a cache would answer
            page = Client().get(url)
            assert page.status_code == 200
            assert PLANTED not in page.content.decode(), url


@pytest.mark.parametrize("state", VISITOR_STATE)
def test_a_visitor_with_state_is_not_served_the_cached_page(programme, state, settings):
    """The other way round: with the page already cached for anonymous visitors, a visitor with
    a pending message gets a fresh page with it, and the cached page stays clean."""
    for url in _page_urls(programme):
        Client().get(url)  # cached for anonymous visitors
        Client().get(url)
        visitor = VISITOR_STATE[state](Client(), settings)
        assert PLANTED in visitor.get(url).content.decode(), url
        assert PLANTED not in Client().get(url).content.decode(), url


def test_a_page_that_rendered_a_csrf_token_or_set_a_cookie_is_not_stored(programme, client):
    """A signed-in delegate's slot page holds a CSRF token and their name; it is not stored,
    and the anonymous page that follows holds neither."""
    user = make_user("stored.delegate@example.org")
    signed_in = Client()
    signed_in.force_login(user)
    url = f"/en/agenda/items/{programme[0].slug}/"
    mine = signed_in.get(url).content.decode()
    assert "csrfmiddlewaretoken" in mine
    page = client.get(url).content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert "Sign out" not in page


def _rename_behind_the_page_cache(slot) -> None:
    """A change the page cache does not know of: a new slot version without a new programme
    version. The programme's rows (kept under the programme version) are read again, so a page
    made afresh shows it; a page from the page cache does not."""
    ProgrammeSlot.objects.filter(pk=slot.pk).update(
        title_en="Renamed behind the cache", version=F("version") + 1
    )
    services.programme_version_forget()  # this process's copy of the rows
    caches[PAGE_CACHE_ALIAS].delete(
        f"programme:{slot.session_id}", version=services.programme_version()
    )


def test_unread_query_parameters_hit_the_same_entry(programme, client):
    first = client.get("/en/agenda/")
    assert first.status_code == 200
    # A change the page cache does not know of (no new programme version; a new slot version,
    # so the slot's fragment is made again): whatever still shows the old title came from the
    # entry made by the first request.
    _rename_behind_the_page_cache(programme[0])
    for query in (
        "?x=1",
        "?utm_source=newsletter&utm_campaign=ga91",
        "?x=2&y=%3Cb%3E",
        "?theme=&room=&kind=",  # the filter form's "all": the same page
        "?kind=%20",
    ):
        page = client.get(f"/en/agenda/{query}")
        assert page.status_code == 200
        assert page.content == first.content, query
        assert "newsletter" not in page.content.decode()


def test_read_query_parameters_are_part_of_the_key(programme, client):
    every = client.get("/en/agenda/").content.decode()
    assert every.count('class="slot slot--panel') == 6
    panels_only = client.get("/en/agenda/?kind=panel").content.decode()
    plenaries = client.get("/en/agenda/?kind=plenary").content.decode()
    assert panels_only.count('class="slot slot--panel') == 6
    assert plenaries.count('class="slot slot--panel') == 0
    # An unread parameter next to a read one: the entry of the read one.
    with_unread = client.get("/en/agenda/?utm_source=x&kind=plenary").content.decode()
    assert with_unread == plenaries


def _fail_portal_login(client, attempt: int, email: str):
    # A new address each time behind the trusted proxy: only the per-account limit can refuse.
    return client.post(
        "/en/accounts/login/",
        {"login": email, "password": "wrong password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}",
    )


def _fail_admin_login(client, attempt: int, username: str):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": "wrong password"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}",
    )


def _fill_the_page_cache(count: int) -> None:
    anonymous = Client()
    for n in range(count):
        assert anonymous.get(f"/en/agenda/?utm_id={n}").status_code == 200


def test_filling_the_page_cache_does_not_evict_the_login_counters(programme, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    make_user("victim@example.org")
    make_user("sg@example.org", is_staff=True, is_superuser=True)
    attacker = Client()
    for attempt in range(5):
        portal = _fail_portal_login(attacker, attempt, "victim@example.org")
        assert "Too many failed" not in portal.content.decode()
        assert _fail_admin_login(attacker, attempt, "sg@example.org").status_code == 200

    _fill_the_page_cache(1000)

    portal = _fail_portal_login(attacker, 6, "victim@example.org")
    assert "Too many failed login attempts" in portal.content.decode()
    admin = _fail_admin_login(attacker, 6, "sg@example.org")
    assert admin.status_code == 429


def test_a_refused_filter_value_is_not_stored(programme, client):
    """The page repeats the value typed: it is for that visitor only, and the cache holds one
    page per filter that exists however many values are tried."""
    page = client.get("/en/agenda/?theme=no-such-theme")
    assert "There is no theme “no-such-theme”" in page.content.decode()
    assert "private" in page["Cache-Control"]
    _rename_behind_the_page_cache(programme[0])
    again = client.get("/en/agenda/?theme=no-such-theme").content.decode()
    assert "Renamed behind the cache" in again


def _caches_with(environment: dict) -> dict:
    import json
    import os
    import subprocess
    import sys

    script = "import json; from django.conf import settings; print(json.dumps(settings.CACHES))"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "assembly.settings",
            "REDIS_URL": "",
            **environment,
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_pages_and_security_state_never_share_a_cache():
    embedded = _caches_with({})
    assert embedded["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert embedded["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    shared = _caches_with({"REDIS_URL": "redis://cache.internal:6379/0"})
    assert {shared[alias]["BACKEND"] for alias in ("default", "pages")} == {
        "django.core.cache.backends.redis.RedisCache"
    }
    assert shared["default"]["KEY_PREFIX"] != shared["pages"]["KEY_PREFIX"]
