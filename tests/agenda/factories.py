"""Plain helpers that build programme data through the app's own services."""

import datetime as dt
import itertools

from agenda import services
from agenda.models import ProgrammeSlot

_counter = itertools.count(1)
TITLES = {"en": "Slot", "fr": "Créneau", "es": "Franja", "ar": "فترة"}


def at(session, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment of the ``day``-th day (0-based) of the session, in its time zone."""
    date = session.start_date + dt.timedelta(days=day)
    return dt.datetime.combine(date, dt.time(hour, minute), session.tzinfo)


def make_theme(session, slug=None, **kwargs):
    slug = slug or f"theme-{next(_counter)}"
    titles = kwargs.pop(
        "titles",
        {"en": f"Theme {slug}", "fr": f"Thème {slug}", "es": f"Tema {slug}", "ar": f"محور {slug}"},
    )
    return services.theme_upsert(session=session, slug=slug, titles=titles, **kwargs)


def make_speaker(slug=None, name=None, **kwargs):
    slug = slug or f"speaker-{next(_counter)}"
    return services.speaker_upsert(
        slug=slug,
        name=name or f"Speaker {slug}",
        functions={"en": "Chief", "fr": "Chef", "es": "Jefe", "ar": "رئيس"},
        **kwargs,
    )


def make_slot(session, *, start, end, slug=None, kind="panel", publish=True, **kwargs):
    slug = slug or f"slot-{next(_counter)}"
    titles = kwargs.pop(
        "titles",
        {code: f"{text} {slug}" for code, text in TITLES.items()},
    )
    slot = services.slot_create(
        session=session, kind=kind, slug=slug, titles=titles, start=start, end=end, **kwargs
    )
    if publish:
        services.slot_publish(slot=slot)
    return slot


def make_programme(session, rooms, *, per_day: int, days: int) -> list[ProgrammeSlot]:
    """``per_day`` × ``days`` published panels, one after the other in the first room."""
    theme = make_theme(session)
    slots = []
    for day in range(days):
        for index in range(per_day):
            start = at(session, day, 8) + dt.timedelta(minutes=30 * index)
            slot = make_slot(
                session,
                start=start,
                end=start + dt.timedelta(minutes=30),
                room=rooms[0],
                themes=[theme],
            )
            services.slot_speaker_set(slot=slot, speaker=make_speaker(), role="speaker")
            slots.append(slot)
    return slots
