"""Reads of the agenda app used by several views and exports (a fixed number of queries each)."""

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import caches
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.models import AssemblySession, DocumentFile, Room
from assembly.selectors import current_session_only, session_for_page

from .models import AgendaItem, FloorRequest, ProgrammeSlot, SlotSpeaker, Speaker, Theme

logger = logging.getLogger(__name__)


def session_or_404(number: int | None) -> AssemblySession:
    """The current session (number None) or the session with that ordinal; 404 otherwise."""
    session = session_for_page(number)
    if session is None:
        raise Http404(_("There is no such session."))
    return session


PROGRAMME_SESSION_FIELDS = (
    "id",
    "number",
    "title",
    "start_date",
    "end_date",
    "time_zone",
    "is_current",
)


def programme_session_or_404(number: int | None) -> AssemblySession:
    """The session of the programme and its exports: the fields they show (title, number, days,
    time zone), in one query without joins (the other 40 columns cost a third of it)."""
    if number is None:
        session = current_session_only(*PROGRAMME_SESSION_FIELDS)
    else:
        session = (
            AssemblySession.objects.only(*PROGRAMME_SESSION_FIELDS).filter(number=number).first()
        )
    if session is None:
        raise Http404(_("There is no such session."))
    return session


def _appearances():
    return Prefetch(
        "appearances",
        queryset=SlotSpeaker.objects.select_related("speaker", "speaker__country").order_by(
            "order", "id"
        ),
    )


def public_slots(session: AssemblySession):
    """The public programme of a session, with rooms, themes and speakers: three queries."""
    return (
        ProgrammeSlot.objects.public()
        .filter(session=session)
        .select_related("room")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order")), _appearances()
        )
        .order_by("start", "room__order", "id")
    )


@dataclass(frozen=True)
class SlotRow:
    """A public slot as the programme page reads it: no texts, which its fragment holds.
    Frozen: the rows of one programme version are shared by the requests of a process."""

    pk: int
    version: int
    slug: str
    kind: str
    status: str
    start: dt.datetime
    end: dt.datetime
    room_id: int | None
    room: Room | None = None


# Seconds the programme's rows stay in the cache under one programme version: a write that
# forgot to raise the version shows within a minute, as with the page cache.
PROGRAMME_SECONDS = 60


class ProgrammeData(NamedTuple):
    slots: tuple[SlotRow, ...]
    rooms: tuple[Room, ...]
    themes: tuple[Theme, ...]


def _programme_read(session: AssemblySession) -> ProgrammeData:
    rows = list(
        ProgrammeSlot.objects.public()
        .filter(session=session)
        .order_by("start", "room__order", "id")
        # No translated field is read: plain tuples (modeltranslation's rows pass through dicts).
        .rewrite(False)
        .values_list("pk", "version", "slug", "kind", "status", "start", "end", "room_id")
    )
    rooms = tuple(
        Room.objects.filter(pk__in={row[-1] for row in rows if row[-1]}).order_by("order", "id")
    )
    by_id = {room.pk: room for room in rooms}
    slots = tuple(SlotRow(*row, room=by_id.get(row[-1])) for row in rows)
    return ProgrammeData(slots, rooms, tuple(session.themes.order_by("order", "id")))


# This process's copy of the last programme read, by (session, programme version): a page made
# afresh then unpickles nothing. Its rows are frozen; rooms and themes are only read.
_programme_memo: dict[tuple[int, int], tuple[float, ProgrammeData]] = {}


def programme_memo_clear() -> None:
    _programme_memo.clear()


def programme_data(session: AssemblySession) -> ProgrammeData:
    """The public programme of a session as rows (what the page shows of each slot comes from
    its fragment: agenda.fragments), its rooms in the venue's order and its themes.

    Read in three queries, and kept under the programme version, which every write to a slot,
    theme, speaker or room raises: in this process, and in the ``pages`` cache (the cache's
    ``version=``) for the other app servers. The rows are read again once after each change."""
    from .cache import PAGE_CACHE_ALIAS
    from .services import programme_version

    version = programme_version()
    memo_key = (session.pk, version)
    found = _programme_memo.get(memo_key)
    if found is not None and found[0] > time.monotonic():
        return found[1]
    pages = caches[PAGE_CACHE_ALIAS]
    key = f"programme:{session.pk}"
    try:
        data = pages.get(key, version=version)
    except Exception:  # a cache that fails reads the rows
        logger.warning("page cache unavailable", exc_info=True)
        data = None
    if data is None:
        data = _programme_read(session)
        try:
            pages.set(key, data, PROGRAMME_SECONDS, version=version)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
    if len(_programme_memo) > 16:
        _programme_memo.clear()
    _programme_memo[memo_key] = (time.monotonic() + PROGRAMME_SECONDS, data)
    return data


def programme_slots(session: AssemblySession) -> tuple[list[SlotRow], list[Room]]:
    """The public programme's rows and rooms (``programme_data``)."""
    data = programme_data(session)
    return list(data.slots), list(data.rooms)


def now_and_next_slots(live: list, upcoming) -> tuple[list[ProgrammeSlot], ProgrammeSlot | None]:
    """The slots themselves (with their rooms) for the rows of "now and next", which the page
    names: one query, none when the session is not running."""
    rows = [*live, *([upcoming] if upcoming is not None else [])]
    if not rows:
        return [], None
    by_id = ProgrammeSlot.objects.select_related("room").in_bulk([row.pk for row in rows])
    shown_live = [by_id[row.pk] for row in live if row.pk in by_id]
    return shown_live, by_id.get(upcoming.pk) if upcoming is not None else None


@dataclass
class ProgrammeFilter:
    """The visitor's filters (GET parameters); what could not be understood is reported."""

    theme: Theme | None = None
    room: Room | None = None
    kind: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.theme or self.room or self.kind)

    def apply(self, slots: list[ProgrammeSlot]) -> list[ProgrammeSlot]:
        """Filtered in Python: one query for the slots whatever the filter, and one more for
        the slots of a theme when filtered by theme."""
        if self.theme is not None:
            themed = set(
                ProgrammeSlot.themes.through.objects.filter(theme=self.theme).values_list(
                    "programmeslot_id", flat=True
                )
            )
            slots = [s for s in slots if s.pk in themed]
        if self.room is not None:
            slots = [s for s in slots if s.room_id == self.room.pk]
        if self.kind:
            slots = [s for s in slots if s.kind == self.kind]
        return slots


def programme_filter(params, themes: list[Theme], rooms: list[Room]) -> ProgrammeFilter:
    """Read ``theme``, ``room`` and ``kind``; a malformed value is ignored and said so."""
    result = ProgrammeFilter()
    theme_slug = params.get("theme", "").strip()
    if theme_slug:
        result.theme = next((t for t in themes if t.slug == theme_slug), None)
        if result.theme is None:
            result.problems.append(
                _("There is no theme “%(value)s”; that filter was ignored.")
                % {"value": theme_slug[:80]}
            )
    room_value = params.get("room", "").strip()
    if room_value:
        result.room = next((r for r in rooms if str(r.pk) == room_value), None)
        if result.room is None:
            result.problems.append(
                _("There is no room “%(value)s”; that filter was ignored.")
                % {"value": room_value[:80]}
            )
    kind = params.get("kind", "").strip()
    if kind:
        if kind in ProgrammeSlot.Kind.values:
            result.kind = kind
        else:
            result.problems.append(
                _("There is no kind of slot “%(value)s”; that filter was ignored.")
                % {"value": kind[:80]}
            )
    return result


def session_days(session: AssemblySession) -> list[dt.date]:
    days, day = [], session.start_date
    while day <= session.end_date:
        days.append(day)
        day += dt.timedelta(days=1)
    return days


def parse_day(session: AssemblySession, value: str) -> dt.date:
    """A day of the session from ``yyyy-mm-dd``; 404 for anything else."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Http404(_("There is no such day in the programme.")) from None
    if not session.start_date <= day <= session.end_date:
        raise Http404(_("There is no such day in the programme."))
    return day


def group_by_day(
    session: AssemblySession, slots: list[ProgrammeSlot]
) -> list[tuple[dt.date, list]]:
    tz = session.tzinfo
    by_day: dict[dt.date, list] = {day: [] for day in session_days(session)}
    for slot in slots:
        by_day.setdefault(slot.start.astimezone(tz).date(), []).append(slot)
    return [(day, by_day[day]) for day in sorted(by_day) if by_day[day]]


def now_and_next(session: AssemblySession, slots: list[ProgrammeSlot], now=None):
    """What is on now and what comes next, while the session runs; (None, None) otherwise."""
    now = now or timezone.now()
    today = now.astimezone(session.tzinfo).date()
    if not session.start_date <= today <= session.end_date:
        return [], None
    published = ProgrammeSlot.Status.PUBLISHED
    live = [s for s in slots if s.start <= now < s.end and s.status == published]
    upcoming = [s for s in slots if s.start > now and s.status == published]
    return live, (upcoming[0] if upcoming else None)


def slot_for_page(session: AssemblySession, slug: str) -> ProgrammeSlot | None:
    return (
        ProgrammeSlot.objects.public()
        .filter(session=session, slug=slug)
        .select_related("room", "session")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order")),
            _appearances(),
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.filter(is_public=True)
                .order_by("order")
                .prefetch_related(_public_documents()),
            ),
        )
        .first()
    )


def _public_documents():
    from assembly.models import Document

    return Prefetch(
        "documents",
        queryset=Document.objects.filter(is_public=True)
        .order_by("order", "id")
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("language"))),
    )


def agenda_item_for_page(session: AssemblySession, slug: str) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(session=session, slug=slug, is_public=True)
        .prefetch_related(
            _public_documents(),
            Prefetch("slots", queryset=ProgrammeSlot.objects.public().select_related("room")),
        )
        .first()
    )


def legal_agenda(session: AssemblySession):
    return (
        AgendaItem.objects.filter(session=session, is_public=True)
        .prefetch_related(
            Prefetch("slots", queryset=ProgrammeSlot.objects.public().order_by("start"))
        )
        .order_by("order", "id")
    )


def speakers_of(session: AssemblySession):
    """Speakers appearing in the session's public programme, with their slots: two queries."""
    appearances = (
        SlotSpeaker.objects.filter(slot__in=ProgrammeSlot.objects.public().filter(session=session))
        .select_related("slot")
        .order_by("slot__start")
    )
    return (
        Speaker.objects.filter(
            appearances__slot__in=ProgrammeSlot.objects.public().filter(session=session)
        )
        .distinct()
        .select_related("country")
        .prefetch_related(
            Prefetch("appearances", queryset=appearances, to_attr="session_appearances")
        )
        .order_by("name")
    )


def item_under_debate(session: AssemblySession) -> AgendaItem | None:
    return (
        AgendaItem.objects.filter(session=session, is_public=True, state=AgendaItem.State.DEBATED)
        .order_by("order")
        .prefetch_related(
            Prefetch(
                "floor_requests",
                queryset=FloorRequest.objects.exclude(status=FloorRequest.Status.WITHDRAWN)
                .select_related("delegation__country", "delegation__organisation")
                .order_by("position", "id"),
            )
        )
        .first()
    )
