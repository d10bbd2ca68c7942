"""Attendance per sitting: a badge code typed (or read by the camera) at a sitting's door is
recorded once, with the entrance; the report counts per sitting and region."""

import pytest
from django.core.exceptions import ValidationError

from agenda import services
from agenda.attendance import attendance_table
from agenda.models import SlotAttendance
from assembly.models import AuditRecord, Country
from delegates import badges
from delegates.models import Attendance
from tests.delegates import staffdata

from .factories import at, make_slot

URL = "/en/agenda/check-in/"
REPORT = "/en/agenda/attendance/"


@pytest.fixture
def plenary(session91):
    return make_slot(session91, start=at(session91, 0, 9), end=at(session91, 0, 11), kind="plenary")


@pytest.fixture
def panel(session91):
    return make_slot(session91, start=at(session91, 1, 14), end=at(session91, 1, 15), kind="panel")


def _approved(session, n, country, **fields):
    who = staffdata.person(n, country=country, **fields)
    return staffdata.registration(
        session, who, delegation_=staffdata.delegation(session, country=country)
    )


@pytest.fixture
def amira(session91, austria):
    return _approved(session91, 1, austria, given_name="Amira", family_name="Haddad")


@pytest.fixture
def doorkeeper(db):
    return staffdata.user(
        "door@example.org",
        staff=True,
        perms=["agenda.add_slotattendance", "agenda.view_slotattendance"],
    )


def test_a_typed_code_records_the_sitting_and_the_entrance_once(client, doorkeeper, plenary, amira):
    client.force_login(doorkeeper)
    token = badges.badge_token(amira)
    page = client.post(URL, {"sitting": plenary.pk, "token": token})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Welcome: attendance recorded" in html and "Amira Haddad" in html
    # The same sitting stays chosen for the next badge.
    assert f'<option value="{plenary.pk}" selected>' in html
    again = client.post(URL, {"sitting": plenary.pk, "token": token}).content.decode()
    assert "Already checked in on" in again
    assert SlotAttendance.objects.filter(slot=plenary, registration=amira).count() == 1
    assert Attendance.objects.filter(registration=amira).count() == 1
    assert AuditRecord.objects.filter(action="attendance.sitting").count() == 1


def test_each_sitting_is_counted_apart(doorkeeper, plenary, panel, amira):
    token = badges.badge_token(amira)
    for slot in (plenary, panel):
        assert services.slot_attendance_record(slot=slot, token=token, actor=doorkeeper).first
    assert SlotAttendance.objects.filter(registration=amira).count() == 2


def test_a_forged_code_is_refused_and_nothing_recorded(client, doorkeeper, plenary, amira):
    client.force_login(doorkeeper)
    page = client.post(URL, {"sitting": plenary.pk, "token": f"{amira.pk}:forged"})
    assert page.status_code == 400
    assert "This badge code is not valid" in page.content.decode()
    assert not SlotAttendance.objects.exists() and not Attendance.objects.exists()


def test_a_break_is_no_sitting(session91, doorkeeper, amira):
    coffee = make_slot(
        session91, start=at(session91, 0, 11), end=at(session91, 0, 12), kind="break"
    )
    with pytest.raises(ValidationError):
        services.slot_attendance_record(
            slot=coffee, token=badges.badge_token(amira), actor=doorkeeper
        )


def test_the_door_page_is_for_staff_with_the_permission(client, plenary):
    assert client.get(URL).status_code == 302
    client.force_login(staffdata.user("other@example.org", staff=True))
    assert client.get(URL).status_code == 403


def test_the_report_per_sitting_and_region(
    client, doorkeeper, session91, austria, plenary, panel, amira
):
    egypt = Country.objects.get(iso_code="EG")
    omar = _approved(session91, 2, egypt, given_name="Omar")
    for registration, slots in ((amira, (plenary, panel)), (omar, (plenary,))):
        for slot in slots:
            services.slot_attendance_record(
                slot=slot, token=badges.badge_token(registration), actor=doorkeeper
            )
    table = attendance_table(session91)
    europe = table.columns.index(str(austria.region.name))
    africa = table.columns.index(str(egypt.region.name))
    entrance, first, second = table.rows
    assert entrance.total == 2 and first.total == 2 and second.total == 1
    assert (first.cells[europe], first.cells[africa]) == (1, 1)
    assert (second.cells[europe], second.cells[africa]) == (1, 0)
    client.force_login(doorkeeper)
    page = client.get(REPORT)
    assert page.status_code == 200
    assert plenary.title_en in page.content.decode()
