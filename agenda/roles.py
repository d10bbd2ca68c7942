"""What the agenda app's models give each staff role: programme officers manage the programme."""

from assembly.roles import (
    ADMINISTRATORS,
    PROGRAMME_OFFICERS,
    REGISTRATION_OFFICERS,
    _manage,
    _view,
)

_PROGRAMME = [
    "agenda.theme",
    "agenda.programmeslot",
    "agenda.speaker",
    "agenda.slotspeaker",
    "agenda.agendaitem",
    "agenda.floorrequest",
]

ROLE_PERMISSIONS = {
    PROGRAMME_OFFICERS: _manage(_PROGRAMME)
    + _view(["agenda.slotchange", "agenda.sideeventsignup", "agenda.slotattendance"]),
    ADMINISTRATORS: _manage(_PROGRAMME)
    + _view(["agenda.slotchange", "agenda.sideeventsignup", "agenda.slotattendance"]),
    # The registration desk scans badges at the doors of the sittings as at the entrance.
    REGISTRATION_OFFICERS: ["agenda.add_slotattendance", "agenda.view_slotattendance"],
}
