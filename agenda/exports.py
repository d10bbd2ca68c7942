"""The programme as iCalendar and as the frab/c3voc schedule (JSON and XML) read by other tools."""

import datetime as dt
import uuid
from functools import lru_cache
from xml.etree import ElementTree as ET

import icalendar
from django.utils.translation import get_language

from assembly.text import printable

from .models import ProgrammeSlot
from .selectors import group_by_day

GENERATOR = {"name": "general-assembly", "version": "0.1.0"}
# The kinds of the frab format closest to ours.
FRAB_TYPES = {
    "opening": "ceremony",
    "plenary": "meeting",
    "panel": "discussion",
    "keynote": "talk",
    "presentation": "talk",
    "break": "other",
    "side_event": "meeting",
    "press": "meeting",
    "closing": "ceremony",
}
ROOM_NAMESPACE = uuid.UUID("5b4c5ad8-0c38-4b1f-9f3e-7c5a0b7d6a91")


def acronym(session) -> str:
    return f"ga{session.number}"


def event_uid(slot: ProgrammeSlot) -> str:
    """Stable across edits and languages: calendars update the event instead of duplicating it."""
    return f"{slot.uid}@general-assembly"


def _ical_event(slot: ProgrammeSlot, tz, url: str) -> icalendar.Event:
    # Control characters that slipped into the database never reach a calendar (SECURITY 29).
    event = icalendar.Event()
    event.add("uid", event_uid(slot))
    event.add("summary", printable(slot.title))
    event.add("dtstart", slot.start.astimezone(tz))
    event.add("dtend", slot.end.astimezone(tz))
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    if slot.room_id:
        event.add("location", printable(slot.room.name))
    if slot.description:
        event.add("description", printable(slot.description))
    event.add("url", url)
    event.add("status", "CANCELLED" if slot.status == slot.Status.CANCELLED else "CONFIRMED")
    return event


def ical_event(slot: ProgrammeSlot, tz, url: str) -> bytes:
    """One VEVENT, as kept per slot version (agenda.fragments.per_slot): its DTSTAMP is the
    moment this version of the slot was first exported."""
    return _ical_event(slot, tz, url).to_ical()


@lru_cache(maxsize=16)
def _vtimezone(tzid: str) -> bytes:
    try:
        return icalendar.Timezone.from_tzid(tzid).to_ical()
    except ValueError:  # a zone icalendar does not know: the TZID alone, as before
        return b""


_END = b"END:VCALENDAR\r\n"


def ical_calendar(name: str, tzids, events: list[bytes]) -> bytes:
    """A calendar of ready VEVENTs; a VTIMEZONE for each TZID they name, before them."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//General Assembly//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", printable(name))
    head = calendar.to_ical()
    body = b"".join(events)
    zones = b"".join(
        _vtimezone(tzid) for tzid in sorted(set(tzids)) if f"TZID={tzid}".encode() in body
    )
    return head[: -len(_END)] + zones + body + _END


def ical(session_slots: list[tuple[object, ProgrammeSlot]], name: str, url_for) -> bytes:
    """One calendar for ``(session, slot)`` pairs; times carry the session's TZID."""
    events = [
        ical_event(slot, session.tzinfo, url_for(session, slot)) for session, slot in session_slots
    ]
    return ical_calendar(name, [session.time_zone for session, _slot in session_slots], events)


def _hhmm(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _event_slug(session, slot: ProgrammeSlot) -> str:
    return f"{acronym(session)}-{slot.pk}-{slot.slug.lower()}"


def _persons(slot: ProgrammeSlot, speaker_url) -> list[dict]:
    return [
        {
            "name": appearance.speaker.name,
            "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"speaker:{appearance.speaker.slug}")),
            "url": speaker_url(appearance.speaker),
            "biography": appearance.speaker.biography or None,
        }
        for appearance in slot.appearances.all()
    ]


def _track(slot: ProgrammeSlot) -> str | None:
    themes = list(slot.themes.all())
    return themes[0].title if themes else None


def _room_name(slot: ProgrammeSlot) -> str:
    return slot.room.name if slot.room_id else "—"


def schedule_event(session, slot: ProgrammeSlot, *, slot_url, speaker_url) -> dict:
    """One event of the schedule (kept per slot version: agenda.fragments.per_slot), without
    the control characters JSON readers and XML refuse (SECURITY 29)."""
    tz = session.tzinfo
    start = slot.start.astimezone(tz)
    return printable(
        {
            "guid": str(slot.uid),
            "id": slot.pk,
            "date": start.isoformat(),
            "start": start.strftime("%H:%M"),
            "end": slot.end.astimezone(tz).isoformat(),
            "duration": _hhmm(slot.end - slot.start),
            "room": _room_name(slot),
            "slug": _event_slug(session, slot),
            "url": slot_url(slot),
            "title": slot.title,
            "subtitle": "",
            "track": _track(slot),
            "type": FRAB_TYPES[slot.kind],
            "language": get_language() or "en",
            "abstract": slot.description,
            "description": slot.description,
            "do_not_record": not slot.is_public,
            "persons": _persons(slot, speaker_url),
            "links": [],
            "attachments": [],
        }
    )


def schedule_data(session, slots, themes, *, base_url: str, events: dict[int, dict]) -> dict:
    """The schedule as the frab/c3voc JSON format (schema.json of the shared folder): the
    ``events`` of ``slots`` (by slot id) by day and room."""
    tz = session.tzinfo
    days = []
    rooms_seen: dict[str, dict] = {}
    for index, (day, day_slots) in enumerate(group_by_day(session, slots), start=1):
        rooms: dict[str, list] = {}
        for slot in day_slots:
            event = events.get(slot.pk)
            if event is None:  # deleted since the programme was read
                continue
            room = event["room"]
            rooms_seen.setdefault(
                room, {"name": room, "guid": str(uuid.uuid5(ROOM_NAMESPACE, room))}
            )
            rooms.setdefault(room, []).append(event)
        days.append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": dt.datetime.combine(day, dt.time(0, 0), tz).isoformat(),
                "day_end": dt.datetime.combine(day, dt.time(23, 59), tz).isoformat(),
                "rooms": rooms,
            }
        )
    # The events were cleaned when made; the rest here.
    data = printable(
        {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": GENERATOR,
            "schedule": {
                "version": session.start_date.isoformat(),
                "base_url": base_url,
                "conference": {
                    "acronym": acronym(session),
                    "title": session.title,
                    "start": session.start_date.isoformat(),
                    "end": session.end_date.isoformat(),
                    "daysCount": len(days),
                    "timeslot_duration": "00:15",
                    "time_zone_name": session.time_zone,
                    "url": base_url,
                    "tracks": [
                        {"name": theme.title, "slug": theme.slug, "color": theme.colour}
                        for theme in themes
                    ],
                    "rooms": list(rooms_seen.values()),
                    "days": [],
                },
            },
        }
    )
    data["schedule"]["conference"]["days"] = days
    return data


def schedule_xml(data: dict) -> bytes:
    """The same schedule as ``schedule.xml`` (schedule.xml.xsd of the shared folder)."""
    schedule = data["schedule"]
    conference = schedule["conference"]
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR["name"], version=GENERATOR["version"])
    ET.SubElement(root, "version").text = schedule["version"]
    conf = ET.SubElement(root, "conference")
    ET.SubElement(conf, "title").text = conference["title"]
    ET.SubElement(conf, "acronym").text = conference["acronym"]
    ET.SubElement(conf, "start").text = conference["start"]
    ET.SubElement(conf, "end").text = conference["end"]
    ET.SubElement(conf, "days").text = str(conference["daysCount"])
    ET.SubElement(conf, "timeslot_duration").text = conference["timeslot_duration"]
    ET.SubElement(conf, "base_url").text = schedule["base_url"]
    ET.SubElement(conf, "time_zone_name").text = conference["time_zone_name"]
    for track in conference["tracks"]:
        ET.SubElement(conf, "track", name=track["name"], color=track["color"]).text = track["name"]
    for day in conference["days"]:
        day_el = ET.SubElement(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room_name, events in day["rooms"].items():
            room_el = ET.SubElement(
                day_el, "room", name=room_name, guid=str(uuid.uuid5(ROOM_NAMESPACE, room_name))
            )
            for event in events:
                ev = ET.SubElement(room_el, "event", id=str(event["id"]), guid=event["guid"])
                for key in ("date", "start", "duration", "room", "slug", "url", "title"):
                    ET.SubElement(ev, key).text = event[key]
                ET.SubElement(ev, "subtitle").text = event["subtitle"]
                ET.SubElement(ev, "track").text = event["track"] or ""
                ET.SubElement(ev, "type").text = event["type"]
                ET.SubElement(ev, "language").text = event["language"]
                ET.SubElement(ev, "abstract").text = event["abstract"]
                ET.SubElement(ev, "description").text = event["description"]
                persons = ET.SubElement(ev, "persons")
                for person in event["persons"]:
                    ET.SubElement(persons, "person", guid=person["guid"]).text = person["name"]
                ET.SubElement(ev, "links")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
