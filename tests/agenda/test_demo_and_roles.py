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
    assert first == (9, 29, 30, 22, 0)
    out = io.StringIO()
    demo.seed(stdout=out)
    assert _counts() == first
    assert "Programme slots of the 91st session: 29 (0 new)" in out.getvalue()
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
