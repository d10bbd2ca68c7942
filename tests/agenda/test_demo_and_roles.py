"""The demo seed (idempotent, four languages) and the programme officers' permissions."""

import io

from agenda import demo
from agenda.models import AgendaItem, ProgrammeSlot, SlotChange, Speaker, Theme


def _counts():
    return (
        Theme.objects.count(),
        ProgrammeSlot.objects.count(),
        Speaker.objects.count(),
        AgendaItem.objects.count(),
        SlotChange.objects.count(),
    )


def test_the_demo_builds_the_91st_session_and_is_idempotent(agenda_demo, session91):
    first = _counts()
    # the 91st session: 9 themes, 29 slots, 23 items; the 90th (demo): 2 themes, 8 slots, 8 items
    assert first == (11, 37, 30, 31, 0)
    out = io.StringIO()
    demo.seed(stdout=out)
    assert _counts() == first
    assert "Session 91: 9 themes, 29 programme slots (0 new), 23 agenda items (0 new)" in (
        out.getvalue()
    )
    kinds = set(session91.slots.values_list("kind", flat=True))
    assert kinds == {"opening", "plenary", "panel", "break", "side_event", "press", "closing"}
    assert session91.slots.filter(kind="panel").count() == 9
    assert set(session91.slots.exclude(room=None).values_list("room__name_en", flat=True)) == {
        "Hall A",
        "Hall B",
        "Strauss Room",
        "Mozart Room",
        "Press Centre",
    }
    opening = session91.slots.get(kind="opening")
    assert [a.speaker.name for a in opening.appearances.all()] == [
        "Ahmed Naser Al-Raisi",
        "Karl Nehammer",
        "Franz Ruf",
    ]
    for panel in session91.slots.filter(kind="panel"):
        roles = [a.role for a in panel.appearances.all()]
        assert roles == ["moderator", "panellist", "panellist"]
    assert list(
        session91.slots.filter(kind="side_event")
        .order_by("start")
        .values_list("capacity", flat=True)
    ) == [40, 30, 25]


def test_every_demo_text_exists_in_the_four_languages(agenda_demo):
    for model, fields in (
        (Theme, ["title"]),
        (ProgrammeSlot, ["title"]),
        (AgendaItem, ["title"]),
        (Speaker, ["function", "organisation", "biography"]),
    ):
        for obj in model.objects.all():
            for field in fields:
                for code in ("en", "fr", "es", "ar"):
                    assert getattr(obj, f"{field}_{code}"), (obj, field, code)
    assert Theme.objects.get(slug="budget-2024").title_ar == "اعتماد الميزانية والأنشطة لعام 2024"


def test_programme_officers_manage_the_programme(db):
    from django.contrib.auth.models import Group

    from assembly.roles import PROGRAMME_OFFICERS, REGISTRATION_OFFICERS, roles_sync

    roles_sync()
    officers = set(
        Group.objects.get(name=PROGRAMME_OFFICERS).permissions.values_list("codename", flat=True)
    )
    assert {"change_programmeslot", "add_speaker", "change_agendaitem", "view_slotchange"} <= (
        officers
    )
    registration = set(
        Group.objects.get(name=REGISTRATION_OFFICERS).permissions.values_list("codename", flat=True)
    )
    assert "change_programmeslot" not in registration


def test_the_demo_data_lives_in_data_files_read_by_a_small_loader():
    from pathlib import Path

    from assembly.demo_files import demo_data

    module = Path(demo.__file__)
    assert len(module.read_text(encoding="utf-8").splitlines()) < 300
    speakers = demo_data("agenda", "speakers")
    # names are per language, so that other scripts can be added to the file
    assert speakers["officials"][0]["name"] == {"en": "Karl Nehammer"}
    assert {"themes", "slots", "items"} <= set(demo_data("agenda", "session_91"))


def test_the_91st_agenda_reads_as_after_the_session(agenda_demo, session91):
    states = dict(session91.agenda_items.values_list("number", "state"))
    assert "debated" not in states.values()
    assert set(states.values()) == {"closed", "withdrawn"}
    assert states["7.2"] == "closed"
    assert states["11.1"] == "withdrawn"
    item = session91.agenda_items.get(number="4.1")
    assert [r.status for r in item.floor_requests.order_by("position")] == ["spoken"] * 4


def test_the_90th_session_has_a_short_programme_and_agenda(agenda_demo, client):
    from assembly.models import AssemblySession

    delhi = AssemblySession.objects.get(number=90)
    assert delhi.slots.count() == 8
    assert set(delhi.agenda_items.values_list("state", flat=True)) == {"closed"}
    first = delhi.slots.order_by("start").first()
    assert first.start.isoformat() == "2022-10-18T04:30:00+00:00"  # 10:00 in New Delhi
    page = client.get("/en/sessions/90/agenda/").content.decode()
    assert "Opening ceremony" in page
    assert "Panel: Policing in a connected world" in page
    legal = client.get("/en/sessions/90/agenda/legal-agenda/").content.decode()
    assert legal.count('class="legal-agenda__item') == 8
    assert "under debate" not in legal
    home = client.get("/en/sessions/90/").content.decode()
    assert "Demonstration data" in home
    assert "Policing in a connected world (demo theme)" in home
