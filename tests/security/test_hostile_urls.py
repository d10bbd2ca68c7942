"""SECURITY.md 29: bytes a database or a format refuses, anywhere in a URL → a 4xx, never a 5xx.

Every URL pattern of the project (the resolver walked as the authorisation matrix does, with its
world) is requested with NUL, other C0 controls, bidi controls and 10,000-character values in each
argument of its path and in its query string, by a visitor, a head of delegation and a superuser.
Run on PostgreSQL too: a NUL byte in a query parameter is what PostgreSQL's text type refuses.
"""

from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from tests.authorisation_matrix import ANONYMOUS, HEAD, SUPERUSER
from tests.delegates.factories import _english  # noqa: F401  (autouse)
from tests.delegates.test_authorisation_matrix import _url, row_for, url_patterns

HOSTILE = {
    "nul": "a\x00b",
    "c0": "a\x0b\x01\x1fb",
    "bidi": "\u202egnp.exe\u2066x\u2069",
    "long": "9" * 10_000,
}
# Every query parameter a view of the project or the admin reads.
QUERY_NAMES = (
    "next",
    "page",
    "q",
    "day",
    "theme",
    "room",
    "kind",
    "session",
    "year",
    "lang",
    "o",
    "p",
    "all",
    "_changelist_filters",
    "_to_field",
    "_popup",
    "token",
)
PLACEHOLDER = "\ue000"  # a character no route uses: marks the argument being replaced


def _argument_urls(key: str, route: str, kwargs: dict, hostile: str) -> list[str]:
    """The URL with each of its arguments replaced in turn by the hostile value."""
    urls = []
    for name in kwargs:
        marked = _url(key, route, {**kwargs, name: PLACEHOLDER}) if key == route else None
        if marked is None:
            # reverse() checks converters: build the URL with a harmless marker, then swap it in.
            try:
                from django.urls import reverse

                marked = reverse(key, kwargs={**kwargs, name: "zzmarkerzz"}).replace(
                    "zzmarkerzz", PLACEHOLDER
                )
            except Exception:  # a converter (int, isodate) refuses the marker: replace the value
                plain = _url(key, route, kwargs)
                marked = plain.replace(f"/{kwargs[name]}", f"/{PLACEHOLDER}", 1)
        urls.append(marked.replace(PLACEHOLDER, quote(hostile, safe="")))
    return urls


def _kwargs(key: str, route: str, world: dict) -> dict:
    kwargs = row_for(key).kwargs_for(world)
    if "object_id" in route and "object_id" not in kwargs:
        kwargs["object_id"] = world["superuser"].pk
    if "content_type_id" in route and "content_type_id" not in kwargs:
        kwargs["content_type_id"] = 1
    return kwargs


@pytest.mark.parametrize("role", [ANONYMOUS, HEAD, SUPERUSER])
@pytest.mark.parametrize("kind", list(HOSTILE))
def test_every_url_with_hostile_bytes_answers_without_a_server_error(world, role, kind):
    hostile = HOSTILE[kind]
    client = Client(raise_request_exception=False)
    user = world["users"][role]
    if user is not None:
        client.force_login(get_user_model().objects.get(pk=user.pk))
    failures = []
    for key, route in sorted(url_patterns()):
        row = row_for(key)
        if row.method == "POST":
            continue  # a GET is enough to reach the lookups; POST rows change the world
        kwargs = _kwargs(key, route, world)
        plain = _url(key, route, kwargs)
        query = urlencode(dict.fromkeys(QUERY_NAMES, hostile))
        for url in [*_argument_urls(key, route, kwargs, hostile), f"{plain}?{query}"]:
            cache.clear()  # rate limits and the page cache: every request reaches the view
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} GET {url[:160]} ({key})")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    "path",
    [
        "/en/agenda/calendar/a%00b.ics",
        "/en/resolutions/GA-2023-91-RES-01%00/",
        "/en/resolutions/GA-2023-91-RES-01%00/print/",
        "/en/resolutions/GA-2023-91-RES-01%00/pdf/",
        "/en/agenda/items/a%00b/",
        "/en/agenda/?q=a%00b",
        "/en/resolutions/?q=a%00b",
    ],
)
def test_a_nul_byte_in_the_url_is_a_client_error(client, core_demo, path):
    """Found on PostgreSQL: the calendar token and a resolution's reference with a NUL → 500."""
    response = client.get(path)
    assert 400 <= response.status_code < 500, response.status_code
    html = response.content.decode()
    if "?" in path:
        assert response.status_code == 400
        assert "invisible control characters" in html
    else:
        assert response.status_code == 404
        assert "Page not found" in html


def test_the_refusal_is_in_the_language_of_the_address(client, core_demo):
    assert "Page introuvable" in client.get("/fr/agenda/items/a%01b/").content.decode()
    response = client.get("/ar/agenda/?q=%0b")
    assert response.status_code == 400
    assert 'lang="ar"' in response.content.decode()
