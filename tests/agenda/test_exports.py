"""Exports: iCalendar parsed back; schedule.json and schedule.xml valid against the schemas."""

import io
import json
from pathlib import Path

import icalendar
import jsonschema
import pytest
import xmlschema
from pypdf import PdfReader

from agenda import services

from .factories import at, make_slot

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "schedule-format"
if not SCHEMAS.exists():  # a checkout beside the shared folder, as in /work
    SCHEMAS = Path("/work/shared/schedule-format")


@pytest.fixture
def json_schema():
    return json.loads((SCHEMAS / "schema.json").read_text())


def test_schedule_json_is_valid_and_complete(agenda_demo, client, json_schema):
    response = client.get("/en/agenda/schedule.json")
    data = response.json()
    jsonschema.validate(data, json_schema)
    conference = data["schedule"]["conference"]
    assert conference["acronym"] == "ga91"
    assert conference["time_zone_name"] == "Europe/Vienna"
    assert conference["daysCount"] == 4
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len(events) == 29
    opening = next(e for e in events if e["title"] == "Opening ceremony of the centenary session")
    assert opening["date"] == "2023-11-28T09:30:00+01:00"
    assert opening["duration"] == "01:00"
    assert opening["room"] == "Hall A"
    assert [p["name"] for p in opening["persons"]] == [
        "Ahmed Naser Al-Raisi",
        "Karl Nehammer",
        "Franz Ruf",
    ]
    assert len(conference["tracks"]) == 9


def test_schedule_json_in_arabic_is_valid(agenda_demo, client, json_schema):
    data = client.get("/ar/agenda/schedule.json").json()
    jsonschema.validate(data, json_schema)
    assert (
        data["schedule"]["conference"]["title"]
        == "الدورة الحادية والتسعون للجمعية العامة للإنتربول"
    )


def test_schedule_xml_is_valid_against_the_xsd(agenda_demo, client):
    schema = xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))
    for language in ("en", "ar"):
        body = client.get(f"/{language}/agenda/schedule.xml").content
        schema.validate(io.BytesIO(body))
    document = schema.to_dict(io.BytesIO(client.get("/fr/agenda/schedule.xml").content))
    assert len(document["day"]) == 4
    assert document["conference"]["title"] == ["91e session de l’Assemblée générale d’INTERPOL"]


def test_ical_has_stable_uids_time_zone_and_room(agenda_demo, session91, client):
    body = client.get("/en/agenda/agenda.ics").content
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert len(events) == 29
    opening = next(e for e in events if str(e["SUMMARY"]).startswith("Opening ceremony"))
    assert opening["DTSTART"].params["TZID"] == "Europe/Vienna"
    assert opening["DTSTART"].dt.isoformat() == "2023-11-28T09:30:00+01:00"
    assert str(opening["LOCATION"]) == "Hall A"
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    slot = session91.slots.get(slug="opening-ceremony")
    # The UID is the same in every language and after the slot moves.
    french = icalendar.Calendar.from_ical(client.get("/fr/agenda/agenda.ics").content)
    assert {str(e["UID"]) for e in french.walk("VEVENT")} == {str(e["UID"]) for e in events}
    slot.start, slot.end = at(session91, 0, 9, 45), at(session91, 0, 10, 30)
    services.slot_save(slot=slot)
    one = icalendar.Calendar.from_ical(
        client.get("/en/agenda/items/opening-ceremony/agenda.ics").content
    )
    (moved,) = one.walk("VEVENT")
    assert str(moved["UID"]) == str(opening["UID"]) == f"{slot.uid}@general-assembly"
    assert moved["DTSTART"].dt.isoformat() == "2023-11-28T09:45:00+01:00"


def test_exports_of_another_session(session91, client, json_schema):
    from assembly.models import AssemblySession

    session90 = AssemblySession.objects.get(number=90)
    make_slot(session90, slug="delhi-opening", start=at(session90, 0, 10), end=at(session90, 0, 11))
    data = client.get("/en/sessions/90/agenda/schedule.json").json()
    jsonschema.validate(data, json_schema)
    conference = data["schedule"]["conference"]
    assert conference["time_zone_name"] == "Asia/Kolkata"
    (event,) = [e for d in conference["days"] for r in d["rooms"].values() for e in r]
    assert event["date"] == "2022-10-18T10:00:00+05:30"
    assert event["url"].startswith("http://testserver/en/sessions/90/agenda/items/delhi-opening/")


def test_printable_programme_and_arabic_pdf(agenda_demo, client):
    printable = client.get("/ar/agenda/print/").content.decode()
    assert '<html lang="ar" dir="rtl">' in printable
    assert "حفل افتتاح دورة المئوية" in printable
    response = client.get("/ar/agenda/programme.pdf")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # Arabic is set in an Arabic font (shaped by WeasyPrint), not in boxes of a Latin one.
    assert any("Arabic" in name for name in fonts), fonts
