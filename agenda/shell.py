"""The page shell: a public page rendered once without anything of a visitor, kept in the
``pages`` cache alias, and completed on every request with the parts that change (DESIGN.md
"Page cache").

A page made with ``render_with_shell`` is its template rendered with *holes*: named parts (the
programme's days, the "now and next" marker) that are made on every request and put in place
of a marker. The rest (head, navigation, language switcher, day tabs, filters, exports) is
the shell, kept under a key of everything it shows:

- what the caller names in ``key`` (for the programme: the session's title, number and zone,
  its themes, rooms and days, the filters chosen);
- the language, the path and its canonical query string (agenda.cache.keep_only), the URL
  prefix, and whether the visitor is signed in (the menu differs, never its contents);
- the release stamp (templates, catalogues, static manifest: agenda.fragments.release).

So a change to one slot makes no shell stale (the shell shows no slot), and a new theme, room or
title makes a new key. The shell is rendered *without the request*: its context holds the
path and URL match, a stand-in for the user that knows only whether someone is signed in, no
messages and no CSRF token (``{% csrf_token %}`` renders nothing there). Nothing of one visitor
can be in it; a page with a flash message to show is rendered whole, as before.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.shortcuts import render
from django.template import context_processors
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from assembly.context_processors import site

from .cache import PAGE_CACHE_ALIAS
from .fragments import FRAGMENT_SECONDS, release

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShellUser:
    """Who the shell is for: signed in or not, and nothing else of the user."""

    is_authenticated: bool

    @property
    def is_anonymous(self) -> bool:
        return not self.is_authenticated


@dataclass(frozen=True)
class ShellRequest:
    """What a shell's templates may read of the request: the path and its URL match."""

    path: str
    full_path: str
    resolver_match: Any

    def get_full_path(self) -> str:
        return self.full_path


def _has_messages(request) -> bool:
    """A flash message waits for this visitor (read without marking it shown)."""
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(storage._queued_messages or storage._loaded_messages)


def shell_key(request, template_name: str, key) -> str:
    parts = (
        release(),
        template_name,
        get_language(),
        get_script_prefix(),
        request.get_full_path(),
        bool(request.user.is_authenticated),
        settings.STATIC_URL,
        settings.ORGANISATION_NAME,
        settings.ORGANISATION_SHORT_NAME,
        key,
    )
    return "shell:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def _render_shell(request, template_name: str, context: dict, holes) -> tuple[str, ...]:
    """The page without its holes, as the pieces between them (in the order of ``holes``)."""
    marks = {name: f"<!--hole:{name}:{secrets.token_hex(8)}-->" for name in holes}
    shell_context = {
        **context_processors.i18n(None),
        **site(None),
        **context,
        **{name: mark_safe(mark) for name, mark in marks.items()},  # noqa: S308 - ours
        "request": ShellRequest(
            request.path, request.get_full_path(), getattr(request, "resolver_match", None)
        ),
        "user": ShellUser(bool(request.user.is_authenticated)),
        "messages": (),
    }
    html = get_template(template_name).render(shell_context)  # no request: no CSRF token
    pieces = []
    for name in holes:
        before, found, html = html.partition(marks[name])
        if not found:
            raise ValueError(f"{template_name} does not show the hole {name!r}")
        pieces.append(before)
    pieces.append(html)
    return tuple(pieces)


def render_with_shell(
    request,
    template_name: str,
    *,
    key,
    context: Callable[[], dict],
    holes: dict[str, Callable[[], str]],
) -> HttpResponse:
    """The page: its shell from the cache (or rendered and kept) and its holes made now.

    ``context``: the shell's context, made only when the shell is not in the cache; ``key``:
    everything that context shows (see the module's docstring); ``holes``: the parts made on
    every request, by name (the template shows each as ``{{ name }}``).
    """
    if _has_messages(request):
        made = {name: make() for name, make in holes.items()}
        return render(request, template_name, {**context(), **made})
    pages = caches[PAGE_CACHE_ALIAS]
    cache_key = shell_key(request, template_name, key)
    try:
        pieces = pages.get(cache_key)
    except Exception:  # a cache that fails makes the shell
        logger.warning("page cache unavailable", exc_info=True)
        pieces = None
    if pieces is None:
        pieces = _render_shell(request, template_name, context(), holes)
        try:
            pages.set(cache_key, pieces, FRAGMENT_SECONDS)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
    body = [pieces[0]]
    for (_name, make), piece in zip(holes.items(), pieces[1:], strict=True):
        body.append(str(make()))
        body.append(piece)
    return HttpResponse("".join(body))
