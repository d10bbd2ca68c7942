"""Every write of the agenda app: programme, legal agenda, list of speakers, stars and sign-ups."""

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assembly.languages import language_codes, set_translations, translations
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import transition

from .models import (
    AgendaItem,
    CalendarToken,
    FloorRequest,
    ProgrammeSlot,
    ProgrammeVersion,
    SideEventSignup,
    SlotAttendance,
    SlotChange,
    SlotSpeaker,
    Speaker,
    Star,
    Theme,
    new_calendar_token,
)

PROGRAMME_VERSION_KEY = "agenda:programme-version"


# --- The programme version: the key of every cached public page -------------------------------


def _version_copy():
    """Where the fast copy of the version lives: the shared cache (Redis), shared by every
    worker and app server. When that cache is a table of the database itself (the embedded
    default) a copy would cost more than the row: the row is read, one query."""
    return caches["default"] if _shared_copy() else None


@lru_cache(maxsize=1)
def _shared_copy() -> bool:
    from django.core.cache.backends.db import BaseDatabaseCache

    return not isinstance(caches["default"], BaseDatabaseCache)


# Without a shared fast cache (no Redis) the version is a row of the database: each process
# keeps what it read for this long, so a page served from the cache costs no query. Another worker
# of the same server sees a change that much later at most; the worker that made it at once.
VERSION_MEMO_SECONDS = 1.0
_memo: tuple[int, float] | None = None


def programme_version() -> int:
    """The current version; read from the shared cache, or from the database when it is cold
    (without Redis: at most once a second per process)."""
    global _memo
    copy = _version_copy()
    if copy is None:
        memo = _memo
        if memo is not None and memo[1] > time.monotonic():
            return memo[0]
    version = copy.get(PROGRAMME_VERSION_KEY) if copy is not None else None
    if version is None:
        row = ProgrammeVersion.objects.filter(pk=1).values_list("number", flat=True).first()
        version = row or 1
        if copy is not None:
            copy.add(PROGRAMME_VERSION_KEY, version, timeout=None)
        else:
            _memo = (version, time.monotonic() + VERSION_MEMO_SECONDS)
    return version


def programme_version_forget() -> None:
    """Read the version afresh next time (this process's copy; tests start with it)."""
    global _memo
    _memo = None
    _shared_copy.cache_clear()
    from .selectors import programme_memo_clear

    programme_memo_clear()


def programme_version_bump() -> None:
    """Make every cached programme page stale, in every language and on every app server.

    The counter lives in the database (the truth) and the shared cache (the fast copy), or this
    process's copy without Redis. The copy is dropped now (this transaction then reads its own
    new number) and again after commit, in case another request copied the old number meanwhile.
    """
    updated = ProgrammeVersion.objects.filter(pk=1).update(number=F("number") + 1)
    if not updated:
        ProgrammeVersion.objects.create(pk=1, number=2)
    programme_version_forget()
    transaction.on_commit(programme_version_forget)
    copy = _version_copy()
    if copy is not None:
        copy.delete(PROGRAMME_VERSION_KEY)
        transaction.on_commit(lambda: copy.delete(PROGRAMME_VERSION_KEY))


def slots_changed(**lookup) -> None:
    """The slots matching ``lookup`` show something that changed (their fields, a theme, a
    speaker, a room): their cached fragment of the programme is made again, on every server and
    in every language, at the next view (agenda.fragments). The others keep theirs."""
    ProgrammeSlot.objects.filter(**lookup).update(version=F("version") + 1)


# --- Themes and speakers ----------------------------------------------------------------------


@transaction.atomic
def theme_upsert(
    *,
    session,
    slug: str,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    colour: str = "#0b3d91",
    order: int = 0,
    labels: dict[str, str] | None = None,
) -> Theme:
    """Create or update the theme of ``session`` with that slug: its full ``titles`` and the
    short ``labels`` of the programme's filters."""
    theme = Theme.objects.filter(session=session, slug=slug).first() or Theme(
        session=session, slug=slug
    )
    set_translations(theme, "title", titles)
    set_translations(theme, "label", labels or {})
    set_translations(theme, "description", descriptions or {})
    theme.colour = colour
    theme.order = order
    theme.full_clean()
    theme.save()
    slots_changed(themes=theme)
    programme_version_bump()
    return theme


@transaction.atomic
def speaker_upsert(
    *,
    slug: str,
    name: str,
    functions: dict[str, str] | None = None,
    organisations: dict[str, str] | None = None,
    biographies: dict[str, str] | None = None,
    country=None,
    person=None,
) -> Speaker:
    """Create or update the speaker with that slug."""
    speaker = Speaker.objects.filter(slug=slug).first() or Speaker(slug=slug)
    # The name as written is the default language's; the other languages' names (Arabic script)
    # are kept, each falling back to it until written (speaker_names_set).
    setattr(speaker, f"name_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}", name)
    # A language map left out (None) keeps what the speaker already has.
    for field, values in (
        ("function", functions),
        ("organisation", organisations),
        ("biography", biographies),
    ):
        if values is not None:
            set_translations(speaker, field, values)
    speaker.country = country
    speaker.person = person
    speaker.full_clean()
    speaker.save()
    slots_changed(appearances__speaker=speaker)
    programme_version_bump()
    return speaker


@transaction.atomic
def speaker_names_set(*, speaker: Speaker, names: dict[str, str], actor: Any = None) -> Speaker:
    """Write a speaker's name in some working languages (code → name); the others are kept."""
    codes = set(language_codes())
    unknown = sorted(set(names) - codes)
    if unknown:
        raise ValueError(f"name: {', '.join(unknown)} is not a working language")
    changed = {
        f"name_{code}": text.strip()
        for code, text in names.items()
        if (getattr(speaker, f"name_{code}") or "") != text.strip()
    }
    if not changed:
        return speaker
    for column, text in changed.items():
        setattr(speaker, column, text)
    return speaker_save(speaker=speaker, actor=actor)


@transaction.atomic
def theme_save(*, theme: Theme, actor: Any) -> Theme:
    """Save a theme as the admin's form filled it in; the public programme follows."""
    record_save(theme, actor=actor, action="theme")
    slots_changed(themes=theme)
    programme_version_bump()
    return theme


@transaction.atomic
def theme_delete(*, theme: Theme, actor: Any) -> None:
    slots_changed(themes=theme)
    record_delete(theme, actor=actor, action="theme")
    programme_version_bump()


@transaction.atomic
def speaker_save(*, speaker: Speaker, actor: Any) -> Speaker:
    """Save a speaker as the admin's form filled them in; the public programme follows."""
    record_save(speaker, actor=actor, action="speaker")
    slots_changed(appearances__speaker=speaker)
    programme_version_bump()
    return speaker


@transaction.atomic
def speaker_delete(*, speaker: Speaker, actor: Any) -> None:
    slots_changed(appearances__speaker=speaker)
    record_delete(speaker, actor=actor, action="speaker")
    programme_version_bump()


# --- Programme slots ---------------------------------------------------------------------------


def _record_changes(old: ProgrammeSlot, new: ProgrammeSlot) -> list[SlotChange]:
    """What moved in a published slot, from what to what."""
    changes = []
    if old.start != new.start or old.end != new.end:
        changes.append(
            SlotChange(
                slot=new,
                kind=SlotChange.Kind.MOVED,
                old_start=old.start,
                old_end=old.end,
                new_start=new.start,
                new_end=new.end,
            )
        )
    if old.room_id != new.room_id:
        changes.append(
            SlotChange(
                slot=new,
                kind=SlotChange.Kind.ROOM,
                old_room_id=old.room_id,
                new_room_id=new.room_id,
            )
        )
    if old.title_en != new.title_en:
        changes.append(SlotChange(slot=new, kind=SlotChange.Kind.RETITLED, old_title=old.title_en))
    return changes


@transaction.atomic
def slot_save(
    *,
    actor: Any = None,
    slot: ProgrammeSlot,
    related: Mapping[str, Iterable] | None = None,
) -> ProgrammeSlot:
    """Validate and save a new or edited slot (the admin's form and the demo come through here).

    ``related`` sets many-to-many values (``{"themes": [...]}``) after the save. Side effects:
    when the slot was published, every move, room change or new title is recorded for the
    public changelog; an edit by someone (``actor``) is audited; the programme version is bumped.
    """
    old = None
    if slot.pk:
        old = (
            ProgrammeSlot.objects.order_by()
            .select_for_update(of=("self",))
            .filter(pk=slot.pk)
            .first()
        )
    created = slot._state.adding
    # The version follows the locked row, never the copy in memory (a stale one would bring
    # back a number whose fragment shows older content).
    slot.version = (old.version if old is not None else 0) + 1
    slot.full_clean()
    slot.save()
    for name, values in (related or {}).items():
        getattr(slot, name).set(values)
    changes = []
    if old is not None and old.status == ProgrammeSlot.Status.PUBLISHED:
        changes = _record_changes(old, slot)
        SlotChange.objects.bulk_create(changes)
    if changes:
        audit_record(
            actor=actor,
            action="slot.change",
            target=slot,
            data={"changes": [change.kind for change in changes]},
        )
    elif actor is not None:
        audit_record(actor=actor, action="slot.create" if created else "slot.edit", target=slot)
    programme_version_bump()
    return slot


@transaction.atomic
def slot_create(
    *,
    actor: Any = None,
    session,
    kind: str,
    slug: str,
    titles: dict[str, str],
    descriptions: dict[str, str] | None = None,
    start,
    end,
    room=None,
    themes: Iterable[Theme] = (),
    is_public: bool = True,
    status: str = ProgrammeSlot.Status.DRAFT,
    interpretation_languages: Iterable[str] = (),
    capacity: int | None = None,
) -> ProgrammeSlot:
    """A new slot of the programme, validated like an admin edit."""
    slot = ProgrammeSlot(
        session=session,
        kind=kind,
        slug=slug,
        start=start,
        end=end,
        room=room,
        is_public=is_public,
        status=status,
        interpretation_languages=list(interpretation_languages),
        capacity=capacity,
    )
    set_translations(slot, "title", titles)
    set_translations(slot, "description", descriptions or {})
    return slot_save(actor=actor, slot=slot, related={"themes": list(themes)})


def _slot_status(*, actor, slot: ProgrammeSlot, status: str, change: str, action: str):
    was = {}

    def update(locked: ProgrammeSlot) -> list[str]:
        was["published"] = locked.status == ProgrammeSlot.Status.PUBLISHED
        locked.status = status
        locked.full_clean()
        return []

    locked = transition(slot, status, actor=actor, action=action, update=update)
    # A first publication is not news; a withdrawal, a cancellation or a return is.
    republished = status == ProgrammeSlot.Status.PUBLISHED and locked.changes.exists()
    if was["published"] or republished:
        SlotChange.objects.create(slot=locked, kind=change)
    slots_changed(pk=locked.pk)
    programme_version_bump()
    return locked


@transaction.atomic
def slot_publish(*, actor: Any = None, slot: ProgrammeSlot) -> ProgrammeSlot:
    """Show a draft (or a cancelled slot that takes place after all) in the public programme."""
    return _slot_status(
        actor=actor,
        slot=slot,
        status=ProgrammeSlot.Status.PUBLISHED,
        change=SlotChange.Kind.PUBLISHED,
        action="slot.publish",
    )


@transaction.atomic
def slot_unpublish(*, actor: Any = None, slot: ProgrammeSlot) -> ProgrammeSlot:
    """Take a slot back to draft: it leaves the public programme; the changelog says so."""
    return _slot_status(
        actor=actor,
        slot=slot,
        status=ProgrammeSlot.Status.DRAFT,
        change=SlotChange.Kind.UNPUBLISHED,
        action="slot.unpublish",
    )


@transaction.atomic
def slot_cancel(*, actor: Any = None, slot: ProgrammeSlot) -> ProgrammeSlot:
    """Cancel a slot: it stays on the programme, marked cancelled, and frees its room."""
    return _slot_status(
        actor=actor,
        slot=slot,
        status=ProgrammeSlot.Status.CANCELLED,
        change=SlotChange.Kind.CANCELLED,
        action="slot.cancel",
    )


@transaction.atomic
def slot_duplicate(*, actor: Any = None, slot: ProgrammeSlot) -> ProgrammeSlot:
    """A draft copy of ``slot`` with its texts and themes, without room or speakers.

    The copy has no room, so that it cannot double-book one; staff then move it.
    """
    base = f"{slot.slug[:90]}-copy"
    slug, counter = base, 1
    while ProgrammeSlot.objects.filter(session_id=slot.session_id, slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    copy = ProgrammeSlot(
        session_id=slot.session_id,
        kind=slot.kind,
        slug=slug,
        start=slot.start,
        end=slot.end,
        room=None,
        is_public=slot.is_public,
        status=ProgrammeSlot.Status.DRAFT,
        interpretation_languages=list(slot.interpretation_languages),
        capacity=slot.capacity,
    )
    for field in ("title", "description"):
        set_translations(copy, field, translations(slot, field))
    slot_save(actor=actor, slot=copy, related={"themes": list(slot.themes.all())})
    audit_record(actor=actor, action="slot.duplicate", target=copy, data={"from": slot.pk})
    return copy


@transaction.atomic
def slot_speaker_set(
    *, actor: Any = None, slot: ProgrammeSlot, speaker: Speaker, role: str, order: int = 0
) -> SlotSpeaker:
    """Give ``speaker`` a role in ``slot``; refused when they speak elsewhere at the same time."""
    appearance = SlotSpeaker.objects.filter(slot=slot, speaker=speaker).first() or SlotSpeaker(
        slot=slot, speaker=speaker
    )
    appearance.role = role
    appearance.order = order
    appearance.full_clean()
    appearance.save()
    slots_changed(pk=slot.pk)
    programme_version_bump()
    return appearance


@transaction.atomic
def slot_delete(*, slot: ProgrammeSlot, actor: Any) -> None:
    record_delete(slot, actor=actor, action="slot")
    programme_version_bump()


@transaction.atomic
def slot_speaker_save(*, slot_speaker: SlotSpeaker, actor: Any) -> SlotSpeaker:
    """A speaker's role in a slot as the admin's inline filled it in."""
    record_save(slot_speaker, actor=actor, action="slot_speaker")
    slots_changed(pk=slot_speaker.slot_id)
    programme_version_bump()
    return slot_speaker


@transaction.atomic
def slot_speaker_delete(*, slot_speaker: SlotSpeaker, actor: Any) -> None:
    slots_changed(pk=slot_speaker.slot_id)
    record_delete(slot_speaker, actor=actor, action="slot_speaker")
    programme_version_bump()


# --- The legal agenda ------------------------------------------------------------------------


@transaction.atomic
def agenda_item_save(
    *, item: AgendaItem, actor: Any, related: Mapping[str, Iterable] | None = None
) -> AgendaItem:
    """Save an item as the admin's form filled it in (its state moves only by the transitions
    below); ``related`` sets its slots and documents."""
    record_save(item, actor=actor, action="agenda_item", related=related)
    programme_version_bump()
    return item


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, actor: Any) -> None:
    record_delete(item, actor=actor, action="agenda_item")
    programme_version_bump()


@transaction.atomic
def agenda_item_create(
    *,
    actor: Any = None,
    session,
    number: str,
    slug: str,
    titles: dict[str, str],
    proposers: dict[str, str] | None = None,
    is_compulsory: bool = True,
    is_public: bool = True,
    order: int = 0,
) -> AgendaItem:
    """A requested item of the legal agenda."""
    item = AgendaItem(
        session=session,
        number=number,
        slug=slug,
        is_compulsory=is_compulsory,
        is_public=is_public,
        order=order,
        state=AgendaItem.State.REQUESTED,
    )
    set_translations(item, "title", titles)
    set_translations(item, "proposer", proposers or {})
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="agenda_item.request", target=item)
    programme_version_bump()
    return item


def _item_transition(*, actor, item: AgendaItem, to: str, reason=""):
    locked = transition(item, to, actor=actor, action=f"agenda_item.{to}", reason=reason)
    programme_version_bump()
    return locked


S = AgendaItem.State


@transaction.atomic
def agenda_item_make_provisional(*, actor: Any = None, item: AgendaItem) -> AgendaItem:
    """Put a requested item on the provisional agenda (circulated 45 days before opening)."""
    return _item_transition(actor=actor, item=item, to=S.PROVISIONAL)


@transaction.atomic
def agenda_item_make_final(*, actor: Any = None, item: AgendaItem) -> AgendaItem:
    """The Assembly adopted the agenda with this item at its opening."""
    return _item_transition(actor=actor, item=item, to=S.FINAL)


@transaction.atomic
def agenda_item_open_debate(*, actor: Any = None, item: AgendaItem) -> AgendaItem:
    """The item is under debate: its list of speakers is shown live."""
    return _item_transition(actor=actor, item=item, to=S.DEBATED)


@transaction.atomic
def agenda_item_close(*, actor: Any = None, item: AgendaItem) -> AgendaItem:
    """The debate of the item is over."""
    return _item_transition(actor=actor, item=item, to=S.CLOSED)


@transaction.atomic
def agenda_item_withdraw(*, actor: Any = None, item: AgendaItem, reason: str = "") -> AgendaItem:
    """The proposer withdrew the item before its debate ended."""
    return _item_transition(actor=actor, item=item, to=S.WITHDRAWN, reason=reason)


# --- The list of speakers --------------------------------------------------------------------


@transaction.atomic
def floor_request_create(
    *, actor: Any = None, agenda_item: AgendaItem, delegation, kind: str
) -> FloorRequest:
    """A delegation asks for the floor; it goes to the end of the list.

    A closed list refuses new statements; rights of reply and points of order stay open.
    """
    item = AgendaItem.objects.select_for_update().get(pk=agenda_item.pk)
    if delegation.session_id != item.session_id:
        raise ValidationError(_("This delegation does not attend the item's session."))
    if item.state not in (S.FINAL, S.DEBATED):
        raise ValidationError(_("The floor can be asked only on an item of the adopted agenda."))
    if item.speakers_list_closed and kind in (
        FloorRequest.Kind.STATEMENT,
        FloorRequest.Kind.VOTE,
    ):
        raise ValidationError(_("The list of speakers on this item is closed."))
    last = item.floor_requests.aggregate(last=Max("position"))["last"] or 0
    request = FloorRequest(agenda_item=item, delegation=delegation, kind=kind, position=last + 1)
    request.full_clean()
    request.save()
    audit_record(actor=actor, action="floor_request.create", target=request, data={"kind": kind})
    return request


@transaction.atomic
def floor_request_move(*, actor: Any = None, request: FloorRequest, position: int) -> FloorRequest:
    """Staff put a waiting request at ``position`` (1 is next) among the waiting requests."""
    AgendaItem.objects.select_for_update().get(pk=request.agenda_item_id)
    waiting = list(
        FloorRequest.objects.filter(
            agenda_item_id=request.agenda_item_id, status=FloorRequest.Status.WAITING
        ).order_by("position", "id")
    )
    moving = next((r for r in waiting if r.pk == request.pk), None)
    if moving is None:
        raise ValidationError(_("Only a waiting request can be moved."))
    waiting.remove(moving)
    index = min(max(position, 1), len(waiting) + 1) - 1
    waiting.insert(index, moving)
    floor = (
        FloorRequest.objects.filter(agenda_item_id=request.agenda_item_id)
        .exclude(status=FloorRequest.Status.WAITING)
        .aggregate(last=Max("position"))["last"]
        or 0
    )
    for offset, row in enumerate(waiting, start=1):
        row.position = floor + offset
    FloorRequest.objects.bulk_update(waiting, ["position"])
    audit_record(actor=actor, action="floor_request.move", target=moving, data={"to": position})
    request.position = moving.position
    return moving


@transaction.atomic
def speakers_list_close(*, actor: Any = None, item: AgendaItem) -> AgendaItem:
    """No new statements on this item (the President closed the list)."""
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.speakers_list_closed = True
    locked.save(update_fields=["speakers_list_closed"])
    audit_record(actor=actor, action="speakers_list.close", target=locked)
    item.speakers_list_closed = True
    return locked


@transaction.atomic
def speakers_list_reopen(*, actor: Any = None, item: AgendaItem) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.speakers_list_closed = False
    locked.save(update_fields=["speakers_list_closed"])
    audit_record(actor=actor, action="speakers_list.reopen", target=locked)
    item.speakers_list_closed = False
    return locked


@transaction.atomic
def floor_request_give_floor(*, actor: Any = None, request: FloorRequest) -> FloorRequest:
    """The delegation has the floor now; whoever spoke before is marked as having spoken."""
    AgendaItem.objects.select_for_update().get(pk=request.agenda_item_id)

    def update(locked: FloorRequest) -> list[str]:
        for current in FloorRequest.objects.filter(
            agenda_item_id=locked.agenda_item_id, status=FloorRequest.Status.SPEAKING
        ):
            floor_request_mark_spoken(actor=actor, request=current)
        locked.started_at = timezone.now()
        return ["started_at"]

    return transition(
        request,
        FloorRequest.Status.SPEAKING,
        actor=actor,
        action="floor_request.give_floor",
        update=update,
    )


@transaction.atomic
def floor_request_mark_spoken(
    *, actor: Any = None, request: FloorRequest, duration_seconds: int | None = None
) -> FloorRequest:
    """The delegation spoke, for ``duration_seconds`` or the time since it was given the floor."""
    spoken = {"seconds": duration_seconds}

    def update(locked: FloorRequest) -> list[str]:
        seconds = spoken["seconds"]
        if seconds is None and locked.started_at is not None:
            seconds = int((timezone.now() - locked.started_at).total_seconds())
        if seconds is not None and seconds < 0:
            raise ValidationError(_("A speaking time cannot be negative."))
        locked.duration_seconds = spoken["seconds"] = seconds
        return ["duration_seconds"]

    return transition(
        request,
        FloorRequest.Status.SPOKEN,
        actor=actor,
        action="floor_request.spoken",
        update=update,
        data=spoken,
    )


@transaction.atomic
def floor_request_withdraw(*, actor: Any = None, request: FloorRequest) -> FloorRequest:
    return transition(
        request, FloorRequest.Status.WITHDRAWN, actor=actor, action="floor_request.withdraw"
    )


# --- Stars and the personal calendar ------------------------------------------------------------


@transaction.atomic
def star_add(*, user, slot: ProgrammeSlot) -> Star:
    star, _created = Star.objects.get_or_create(user=user, slot=slot)
    return star


@transaction.atomic
def star_remove(*, user, slot: ProgrammeSlot) -> None:
    Star.objects.filter(user=user, slot=slot).delete()


def calendar_token_for(*, user) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_regenerate(*, user) -> CalendarToken:
    """A new secret address: the old feed address stops working at once."""
    token, _created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    token.token = new_calendar_token()
    token.save(update_fields=["token", "created_at"])
    return token


# --- Side events with a capacity ----------------------------------------------------------------


def _registered_for(person, session) -> bool:
    from delegates.models import Registration

    # A confirmed registration only: a request holds no side-event place (SECURITY.md 33).
    return Registration.objects.filter(
        person=person, session=session, status__in=Registration.SEAT_STATUSES
    ).exists()


@transaction.atomic
def side_event_sign_up(*, slot: ProgrammeSlot, person) -> SideEventSignup:
    """A seat if one is free, else a place on the waiting list; capacity is never exceeded.

    The slot row is locked (``select_for_update``) and the count of seats is read after the
    lock, so that simultaneous sign-ups are served one after the other (SECURITY.md case 19).
    """
    locked = ProgrammeSlot.objects.order_by().select_for_update(of=("self",)).get(pk=slot.pk)
    if not locked.is_side_event_with_capacity or locked.status != ProgrammeSlot.Status.PUBLISHED:
        raise ValidationError(_("This slot does not take sign-ups."))
    if not _registered_for(person, locked.session_id):
        raise ValidationError(_("Only delegates registered for the session can sign up."))
    active = SideEventSignup.objects.filter(
        slot=locked,
        person=person,
        status__in=[SideEventSignup.Status.CONFIRMED, SideEventSignup.Status.WAITLISTED],
    ).first()
    if active is not None:
        raise ValidationError(_("You are already signed up for this side event."))
    confirmed = SideEventSignup.objects.filter(
        slot=locked, status=SideEventSignup.Status.CONFIRMED
    ).count()
    status = (
        SideEventSignup.Status.CONFIRMED
        if confirmed < locked.capacity
        else SideEventSignup.Status.WAITLISTED
    )
    signup = SideEventSignup(slot=locked, person=person, status=status)
    signup.full_clean()
    signup.save()
    return signup


@transaction.atomic
def side_event_cancel(*, signup: SideEventSignup) -> SideEventSignup | None:
    """Give up a seat or a place on the list; the first on the waiting list moves up.

    Returns the promoted sign-up, if any.
    """
    slot = ProgrammeSlot.objects.order_by().select_for_update(of=("self",)).get(pk=signup.slot_id)
    locked = SideEventSignup.objects.get(pk=signup.pk)
    if locked.status == SideEventSignup.Status.CANCELLED:
        return None
    locked.status = SideEventSignup.Status.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    signup.status = locked.status
    confirmed = SideEventSignup.objects.filter(
        slot=slot, status=SideEventSignup.Status.CONFIRMED
    ).count()
    if slot.capacity is None or confirmed >= slot.capacity:
        return None
    first_waiting = (
        SideEventSignup.objects.filter(slot=slot, status=SideEventSignup.Status.WAITLISTED)
        .order_by("created_at", "id")
        .first()
    )
    if first_waiting is None:
        return None
    first_waiting.status = SideEventSignup.Status.CONFIRMED
    first_waiting.save(update_fields=["status", "updated_at"])
    return first_waiting


# --- Attendance per sitting -------------------------------------------------------------------

# The sittings whose doors scan badges: the ceremonies, the plenary sittings and the panels.
SITTING_KINDS = (
    ProgrammeSlot.Kind.OPENING,
    ProgrammeSlot.Kind.PLENARY,
    ProgrammeSlot.Kind.PANEL,
    ProgrammeSlot.Kind.CLOSING,
)


@dataclass
class SittingCheckIn:
    """The outcome of a scan at a sitting's door: whose badge, and whether it was the first."""

    registration: Any
    attendance: SlotAttendance
    first: bool


def slot_attendance_record(*, slot: ProgrammeSlot, token: str, actor: Any) -> SittingCheckIn:
    """Record that the badge holder attends ``slot`` (a sitting of the current session), once.

    The badge is checked as at the entrance (``delegates.checkin.attendance_record``: a forged
    token, another session's badge or a registration not approved are refused with its
    ``ValidationError``), and the entrance attendance is recorded too when it was not yet.
    Side effects: one SlotAttendance row and one audit record ("attendance.sitting") on the
    first scan; a later scan changes nothing.
    """
    from delegates.checkin import attendance_record

    if slot.kind not in SITTING_KINDS or slot.status != ProgrammeSlot.Status.PUBLISHED:
        raise ValidationError(_("Attendance is taken at plenary sittings and panels only."))
    entrance = attendance_record(token=token, actor=actor)
    registration = entrance.registration
    if registration.session_id != slot.session_id:
        raise ValidationError(
            _("This badge is for another session than this sitting's."), code="other_session"
        )
    try:
        with transaction.atomic():
            attendance, created = SlotAttendance.objects.get_or_create(
                slot=slot,
                registration=registration,
                defaults={
                    "checked_in_by": actor if getattr(actor, "is_authenticated", False) else None
                },
            )
            if created:
                audit_record(
                    actor=actor,
                    action="attendance.sitting",
                    target=registration,
                    data={"slot": slot.pk},
                )
    except IntegrityError:
        # Two door scanners at once: the other one recorded it (the unique pair holds).
        attendance = SlotAttendance.objects.get(slot=slot, registration=registration)
        created = False
    return SittingCheckIn(registration=registration, attendance=attendance, first=created)
