"""Per-slot fragments of the programme page (DESIGN.md "Page cache").

Each slot's entry of the programme (``agenda/_slot.html``: time, kind, title, room, speakers,
themes) is rendered once per language and kept in the ``pages`` cache alias under the slot's id
and ``version`` (raised by every service that changes what the entry shows:
``agenda.services.slots_changed``). A change to one slot makes only that slot's fragments stale,
in every language and on every server; a page made afresh after a programme change renders one
slot and reads the other 59 from the cache.

The key also holds everything else the fragment depends on: the language, the session's time
zone, the namespace and session number of the links, the URL prefix and site address, and a
release stamp (the template and the compiled catalogues), so a deployment with new wording never
serves the old one. The exports keep their per-slot pieces the same way (``per_slot``): a
schedule.json event, an iCalendar VEVENT.
Nothing of a visitor is in a fragment: stars, seat counts and the "now and next" marker are
rendered around them, on every request.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import Prefetch
from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from assembly.net import site_url

from .cache import PAGE_CACHE_ALIAS
from .models import ProgrammeSlot, SlotSpeaker, Theme

logger = logging.getLogger(__name__)

TEMPLATE = "agenda/_slot.html"
# A day: a slot's key changes with its version, so an entry only ever leaves by age or eviction.
FRAGMENT_SECONDS = 24 * 3600


@lru_cache(maxsize=1)
def release() -> str:
    """A stamp of what renders a fragment or a page shell (agenda.shell) besides the data: the
    project's templates, the compiled catalogues and the static files' manifest."""
    base = Path(settings.BASE_DIR)
    sources = [
        Path(get_template(TEMPLATE).origin.name),
        *sorted((base / "templates").rglob("*.html")),
        *sorted((base / "locale").glob("*/LC_MESSAGES/*.mo")),
        Path(settings.STATIC_ROOT or base / "staticfiles") / "staticfiles.json",
    ]
    stamp = "|".join(f"{p}:{p.stat().st_mtime_ns}" for p in sources if p.exists())
    return hashlib.sha256(stamp.encode()).hexdigest()[:12]


def _prefix(kind: str, *, session, namespace: str) -> str:
    """The part of the key shared by the pieces of one page or export."""
    return (
        f"{kind}:{release()}:{get_language()}:{namespace}:{session.number}:{session.time_zone}:"
        f"{get_script_prefix()}:{site_url('/')}"
    )


def _slots(missing) -> dict[int, ProgrammeSlot]:
    """The slots of the missing pieces with all they show: three queries for them all."""
    return (
        ProgrammeSlot.objects.select_related("room")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "id")),
            Prefetch(
                "appearances",
                queryset=SlotSpeaker.objects.select_related("speaker").order_by("order", "id"),
            ),
        )
        .in_bulk([slot.pk for slot in missing])
    )


def per_slot(
    kind: str, rows, *, session, namespace: str, make: Callable[[ProgrammeSlot], Any]
) -> dict[int, Any]:
    """What ``make`` makes of each slot of ``rows`` (anything with ``pk`` and ``version``: the
    programme's rows), by slot id: from the cache, or made and kept for the slots that changed.
    A slot deleted since the rows were read is left out."""
    prefix = _prefix(kind, session=session, namespace=namespace)
    keys = {row.pk: f"{prefix}:{row.pk}:{row.version}" for row in rows}
    pages = caches[PAGE_CACHE_ALIAS]
    try:
        found = pages.get_many(list(keys.values()))
    except Exception:  # a cache that fails makes every piece
        logger.warning("page cache unavailable", exc_info=True)
        found = {}
    pieces = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [row for row in rows if row.pk not in pieces]
    if missing:
        made = {}
        for slot in _slots(missing).values():
            pieces[slot.pk] = made_piece = make(slot)
            # Kept under the version its content was read at (never an older key).
            made[f"{prefix}:{slot.pk}:{slot.version}"] = made_piece
        try:
            pages.set_many(made, FRAGMENT_SECONDS)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
    return pieces


def slot_fragments(rows, *, session, namespace: str) -> dict[int, SafeString]:
    """The rendered entry of each slot in the programme, by slot id."""
    template = get_template(TEMPLATE)
    context = {"session": session, "tz": session.tzinfo, "agenda_ns": namespace}

    def render(slot) -> str:
        return str(template.render({**context, "slot": slot}))

    pieces = per_slot("slot", rows, session=session, namespace=namespace, make=render)
    # Rendered by our template, escaped there.
    return {pk: mark_safe(html) for pk, html in pieces.items()}  # noqa: S308


def whole(kind: str, parts, *, session, namespace: str, make: Callable[[], Any]) -> Any:
    """A whole export (schedule.json, schedule.xml, agenda.ics) kept under a key of what it
    shows: ``parts`` (each slot's id and version in order, the themes, the session's fields the
    export names) with the language, links and release of the pieces. A change to one slot
    makes a new key: the export is joined again from the pieces (``per_slot``), of which only
    that slot's is made again."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
    key = f"{_prefix(kind, session=session, namespace=namespace)}:{digest}"
    pages = caches[PAGE_CACHE_ALIAS]
    try:
        found = pages.get(key)
    except Exception:  # a cache that fails makes the export
        logger.warning("page cache unavailable", exc_info=True)
        found = None
    if found is not None:
        return found
    made = make()
    try:
        pages.set(key, made, FRAGMENT_SECONDS)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
    return made
