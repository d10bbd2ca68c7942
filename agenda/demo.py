"""Demo data of the agenda: themes, programme and legal agenda of the 91st session (Vienna, 2023),
as they stood after the session, and a short programme of the 90th (New Delhi, 2022).

The data lives in ``agenda/demo_data/*.json`` (texts in the four languages); this module only
reads it and writes it through the services. Speakers are fictitious and say so, except the
officials named in the public record of the 91st session.
"""

import datetime as dt
import itertools

from django.db import transaction
from django.utils.text import slugify

from assembly.demo_files import demo_data
from assembly.languages import language_codes
from assembly.models import AssemblySession, Country, Document, Room

from . import services
from .models import AgendaItem, FloorRequest, ProgrammeSlot, Speaker

# The states an item passes through to reach the one the data gives.
STATE_PATH = {
    "requested": [],
    "provisional": ["provisional"],
    "final": ["provisional", "final"],
    "debated": ["provisional", "final", "debated"],
    "closed": ["provisional", "final", "debated", "closed"],
    "withdrawn": ["provisional", "withdrawn"],
}
TRANSITIONS = {
    "provisional": services.agenda_item_make_provisional,
    "final": services.agenda_item_make_final,
    "debated": services.agenda_item_open_debate,
    "closed": services.agenda_item_close,
    "withdrawn": services.agenda_item_withdraw,
}
# Item 4.1 had a list of speakers: these delegations spoke, for so many seconds.
SPEAKERS_ON_4_1 = [("AT", 240), ("BR", 180), ("JP", 210), ("KE", 195)]


def _texts() -> dict:
    return demo_data("agenda", "texts")


def _speakers() -> list[str]:
    """The officials and the fictitious panel speakers; returns the fictitious ones' slugs."""
    data = demo_data("agenda", "speakers")
    isos = [official["country"] for official in data["officials"]]
    countries = {c.iso_code: c for c in Country.objects.filter(iso_code__in=isos)}
    for official in data["officials"]:
        services.speaker_upsert(
            slug=official["slug"],
            name=official["name"]["en"],
            functions=official["function"],
            organisations=official["organisation"],
            biographies=official["biography"],
            country=countries.get(official["country"]),
        )
    fictitious = data["fictitious"]
    surnames, functions = fictitious["surnames"], fictitious["functions"]
    slugs = []
    for index, first in enumerate(fictitious["first_names"]):
        slug = f"demo-{index + 1:02d}-{slugify(first)}"
        services.speaker_upsert(
            slug=slug,
            name=f"{first} {surnames[index % len(surnames)]}{fictitious['marker']['en']}",
            functions=functions[index % len(functions)],
            organisations=fictitious["organisation"],
            biographies=fictitious["biography"],
        )
        slugs.append(slug)
    return slugs


def _at(session: AssemblySession, day: int, hhmm: str) -> dt.datetime:
    hours, minutes = (int(part) for part in hhmm.split(":"))
    date = session.start_date + dt.timedelta(days=day - 1)
    return dt.datetime.combine(date, dt.time(hours, minutes), session.tzinfo)


def _description(kind: str) -> dict:
    texts = _texts()
    if kind == "panel":
        return texts["panel_description"]
    if kind == "side_event":
        return texts["side_event_description"]
    if kind in ("plenary", "opening", "closing"):
        return texts["plenary_description"]
    return {}


def _themes(session, data) -> dict:
    return {
        theme["slug"]: services.theme_upsert(
            session=session,
            slug=theme["slug"],
            titles=theme["title"],
            labels=theme.get("label"),
            descriptions=_texts()["panel_description"],
            colour=theme["colour"],
            order=order,
        )
        for order, theme in enumerate(data["themes"], start=1)
    }


def _slots(session, data, themes, rooms, panel_speakers) -> int:
    texts = _texts()
    labels = {theme["slug"]: theme.get("label") or theme["title"] for theme in data["themes"]}
    speakers = {s.slug: s for s in Speaker.objects.all()}
    created = 0
    for entry in data["slots"]:
        kind, theme_slugs = entry["kind"], entry.get("themes", [])
        people = entry.get("speakers", [])
        title = entry.get("title")
        if kind == "panel":
            label = labels[theme_slugs[0]]
            title = {code: texts["panel_prefix"][code] + label[code] for code in language_codes()}
            people = [
                {"speaker": next(panel_speakers), "role": role}
                for role in ("moderator", "panellist", "panellist")
            ]
        elif isinstance(title, str):
            title = texts[title]  # a shared title: "break", "lunch"
        slot = ProgrammeSlot.objects.filter(session=session, slug=entry["slug"]).first()
        if slot is None:
            room = entry.get("room")
            slot = services.slot_create(
                session=session,
                kind=kind,
                slug=entry["slug"],
                titles=title,
                descriptions=_description(kind),
                start=_at(session, entry["day"], entry["start"]),
                end=_at(session, entry["day"], entry["end"]),
                room=rooms[room] if room is not None and rooms else None,
                themes=[themes[slug] for slug in theme_slugs],
                interpretation_languages=["en", "fr"] if kind == "side_event" else language_codes(),
                capacity=entry.get("capacity"),
            )
            services.slot_publish(slot=slot)
            created += 1
        for order, person in enumerate(people):
            services.slot_speaker_set(
                slot=slot, speaker=speakers[person["speaker"]], role=person["role"], order=order
            )
    return created


def _items(session, data) -> int:
    texts = _texts()
    slots = {s.slug: s for s in session.slots.all()}
    documents = {d.reference: d for d in Document.objects.filter(session=session)}
    created = 0
    for order, entry in enumerate(data["items"]):
        if AgendaItem.objects.filter(session=session, slug=entry["slug"]).exists():
            continue
        item = services.agenda_item_create(
            session=session,
            number=entry["number"],
            slug=entry["slug"],
            titles=entry["title"],
            proposers=entry.get("proposer", texts["proposer"]),
            is_compulsory=entry["compulsory"],
            order=order,
        )
        item.slots.set([slots[slug] for slug in entry.get("slots", [])])
        item.documents.set(
            [documents[ref] for ref in entry.get("documents", []) if ref in documents]
        )
        for step in STATE_PATH[entry["state"]]:
            if step == "closed" and item.slug == "item-4-1-activities-2023":
                _list_of_speakers(session, item)
            TRANSITIONS[step](item=item)
        created += 1
    return created


def _list_of_speakers(session, item) -> None:
    """The delegations that took the floor on item 4.1, in order, before it was closed."""
    from delegates.models import Delegation

    for iso, seconds in SPEAKERS_ON_4_1:
        country = Country.objects.filter(iso_code=iso).first()
        if country is None:
            continue
        delegation, _created = Delegation.objects.get_or_create(session=session, country=country)
        request = services.floor_request_create(
            agenda_item=item, delegation=delegation, kind=FloorRequest.Kind.STATEMENT
        )
        services.floor_request_give_floor(request=request)
        services.floor_request_mark_spoken(request=request, duration_seconds=seconds)


def _seed_session(session, data, panel_speakers, *, stdout) -> None:
    rooms = (
        list(Room.objects.filter(venue=session.venue).order_by("order")) if session.venue else []
    )
    themes = _themes(session, data)
    created = _slots(session, data, themes, rooms, panel_speakers)
    new_items = _items(session, data)
    stdout.write(
        f"Session {session.number}: {len(themes)} themes, "
        f"{session.slots.count()} programme slots ({created} new), "
        f"{session.agenda_items.count()} agenda items ({new_items} new)"
    )


@transaction.atomic
def seed(*, stdout) -> None:
    sessions = {s.number: s for s in AssemblySession.objects.filter(number__in=[90, 91])}
    if 91 not in sessions:
        stdout.write("Agenda: no 91st session, nothing to seed")
        return
    panel_speakers = _speakers()
    stdout.write(f"Speakers: {Speaker.objects.count()}")
    _seed_session(
        sessions[91], demo_data("agenda", "session_91"), iter(panel_speakers), stdout=stdout
    )
    if 90 in sessions:
        # The 90th session's panels borrow the same fictitious speakers (another year).
        _seed_session(
            sessions[90],
            demo_data("agenda", "session_90"),
            itertools.cycle(panel_speakers),
            stdout=stdout,
        )
