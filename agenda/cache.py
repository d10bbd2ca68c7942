"""The page cache: one layer on Django's cache framework (DESIGN.md "Page cache", SECURITY.md 27
and 28).

A view declares itself a public page with ``@public_page(reads=(...))`` (assembly.pages), naming
the query parameters it reads and, for a page that shows more than the programme, a ``version``.
``agenda.middleware.PageCacheMiddleware`` does the rest:

- The key holds the scheme and host, the language (from the path), the path and the read
  parameters (the value the view gets, in the declared order); the programme version is the
  cache's ``version``, so a change to the programme makes every entry stale on every server;
  a page's own version (the participants list's) is part of the key.
- The view sees the read parameters only (``request.GET`` and the query string hold nothing
  else): what the page shows depends on nothing the key leaves out, and ``?utm_…=`` or ``?x=1``
  find the same entry.
- Only requests without visitor state are answered from the cache or stored: a GET without a
  session cookie and without a messages cookie.
- A response is stored only when it used no visitor state either: a 200 that sets no cookie, is
  not marked private, no-store or no-cache, read and added no flash message, changed no session,
  rendered no CSRF token and was not for a signed-in user.

Entries live in their own cache alias, ``pages`` (``PAGE_CACHE_ALIAS``): local memory per worker
by default, Redis under its own key prefix with REDIS_URL. Rate-limit counters live in
``default`` (and, with Redis, the copy of the programme version), which page traffic never fills.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

from assembly.pages import public_page  # noqa: F401  (the decorator, kept importable here)

PAGE_CACHE_ALIAS = "pages"
MESSAGES_COOKIE = CookieStorage.cookie_name
_UNCACHEABLE = {"private", "no-store", "no-cache"}


def public_view(request):
    """The view of the public page at this path; None when it is no public page."""
    return _public_view(request.path_info, get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=4096)
def _public_view(path: str, urlconf: str):
    """Remembered per path (bounded): a cached page is then served without resolving its URL,
    which the view's own resolve does on a miss."""
    language = translation.get_language_from_path(path)
    if language is None:
        return None
    with translation.override(language):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return None
    return match.func if hasattr(match.func, "public_page_reads") else None


def page_version(view) -> str:
    """The version of what the page shows besides the programme ("" for programme pages)."""
    version = getattr(view, "public_page_version", None)
    return "" if version is None else str(version())


def keep_only(request, reads: tuple[str, ...]) -> str:
    """Leave the request with the read parameters only, each with the value the view would get
    (the last one), without surrounding blanks and left out when empty (a filter form sends
    ``?theme=&room=`` for "all"); returns the canonical query string."""
    if not request.META.get("QUERY_STRING"):
        return ""  # nothing to leave out (request.GET is empty)
    query = QueryDict(mutable=True)
    for name in reads:
        value = request.GET.get(name, "").strip()
        if value:
            query[name] = value
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()
    return request.META["QUERY_STRING"]


def page_cache_key(request, query: str) -> str:
    # get_host() validates the Host against ALLOWED_HOSTS before it is part of any key.
    return _page_cache_key(
        request.path_info, f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    )


@lru_cache(maxsize=4096)
def _page_cache_key(path_info: str, where: str) -> str:
    language = translation.get_language_from_path(path_info)
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    return f"page:{language}:{digest}"


def stored_response(content: bytes, headers) -> HttpResponse:
    """The response of a cache hit: the content and headers as first served. The headers were
    checked when that response was made; they are put back as they were, unchecked again."""
    response = HttpResponse(content)
    response.headers._store.update((name.lower(), (name, value)) for name, value in headers)
    return response


def has_visitor_state(request) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES


def used_visitor_state(request, response) -> bool:
    """Whether the response was made with (or for) one visitor's state: never stored."""
    if response.cookies:
        return True
    directives = {
        part.split("=", 1)[0].strip().lower()
        for part in response.get("Cache-Control", "").split(",")
        if part.strip()
    }
    if directives & _UNCACHEABLE:
        return True
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True  # a CSRF token was rendered
    storage = getattr(request, "_messages", None)
    if storage is not None and (storage.used or storage._queued_messages):
        return True
    session = getattr(request, "session", None)
    if session is not None and (session.modified or session.session_key):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not used_visitor_state(request, response)
    )
