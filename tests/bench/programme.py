"""The benchmark's programme: the demo's 91st session grown to 60 public slots (four days, five
rooms, the demo's themes and speakers), and a signed-in delegate with 10 starred slots.

Run in the bench's own database after `seed_demo`:

    manage.py shell -c "from tests.bench.programme import seed; seed()"
"""

import datetime as dt
import itertools

from django.db import transaction

from agenda import services
from agenda.models import ProgrammeSlot, Speaker, Theme
from assembly.languages import language_codes, translations
from assembly.models import AssemblySession, Room

SLOTS = 60
STARS = 10
DELEGATE = "bench-delegate"

KIND_TITLES = {
    "panel": {"en": "Panel", "fr": "Table ronde", "es": "Mesa redonda", "ar": "حلقة نقاش"},
    "side_event": {
        "en": "Side event",
        "fr": "Manifestation parallèle",
        "es": "Evento paralelo",
        "ar": "فعالية جانبية",
    },
    "presentation": {"en": "Presentation", "fr": "Exposé", "es": "Presentación", "ar": "عرض"},
}


FUNCTION = {
    "en": "Police officer (demo)",
    "fr": "Fonctionnaire de police (démo)",
    "es": "Agente de policía (demo)",
    "ar": "ضابط شرطة (عرض تجريبي)",
}


def _free(room, start, end) -> bool:
    return not ProgrammeSlot.objects.filter(room=room, start__lt=end, end__gt=start).exists()


def _speakers(count: int) -> list[Speaker]:
    speakers = list(Speaker.objects.order_by("slug"))
    for index in range(len(speakers), count):
        speakers.append(
            services.speaker_upsert(
                slug=f"bench-speaker-{index:03d}",
                name=f"Bench Speaker {index:03d} (demo)",
                functions=FUNCTION,
            )
        )
    return speakers


@transaction.atomic
def seed() -> None:
    session = AssemblySession.objects.get(number=91)
    rooms = list(Room.objects.filter(venue__name_en="Austria Center Vienna").order_by("order"))
    themes = list(Theme.objects.filter(session=session).order_by("order"))
    days = [session.start_date + dt.timedelta(days=n) for n in range(4)]
    kinds = itertools.cycle(["panel", "panel", "side_event", "presentation"])
    theme_cycle = itertools.cycle(themes)
    speakers = itertools.cycle(_speakers(120))
    public = ProgrammeSlot.objects.public().filter(session=session).count()
    number = 0
    # Half-hour steps from 08:00 to 20:00, room after room, day after day, where a room is free.
    times = [(hour, minute) for hour in range(8, 20) for minute in (0, 30)]
    for (hour, minute), day, room in itertools.product(times, days, rooms):
        if public >= SLOTS:
            break
        start = dt.datetime.combine(day, dt.time(hour, minute), session.tzinfo)
        end = start + dt.timedelta(minutes=90)
        if not _free(room, start, end):
            continue
        number += 1
        kind = next(kinds)
        theme = next(theme_cycle)
        labels, full = translations(theme, "label"), translations(theme, "title")
        titles = {
            code: f"{KIND_TITLES[kind][code]} {number}: {labels[code] or full[code]}"[:240]
            for code in language_codes()
        }
        slot = services.slot_create(
            session=session,
            kind=kind,
            slug=f"bench-{number:02d}",
            titles=titles,
            start=start,
            end=end,
            room=room,
            themes=[theme, next(theme_cycle)] if number % 3 == 0 else [theme],
            interpretation_languages=language_codes(),
            capacity=40 if kind == "side_event" else None,
        )
        services.slot_publish(slot=slot)
        for order, role in enumerate(("moderator", "panellist", "panellist")):
            services.slot_speaker_set(slot=slot, speaker=next(speakers), role=role, order=order)
        public += 1
    print(f"public slots: {public}")


def delegate_cookie() -> str:
    """A signed-in delegate with STARS starred slots; prints the session cookie."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username=DELEGATE, defaults={"email": "bench-delegate@example.org"}
    )
    session = AssemblySession.objects.get(number=91)
    for slot in ProgrammeSlot.objects.public().filter(session=session).order_by("start")[:STARS]:
        services.star_add(user=user, slot=slot)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    print(f"{settings.SESSION_COOKIE_NAME}={cookie}")
    return cookie
