"""Attendance at the sittings in the back office: a read-only list (who, where from, when in the
session's time zone) and the report per sitting and region as a CSV for the secretariat."""

import csv
import datetime as dt
import io

import pytest

from agenda import services
from agenda.models import SlotAttendance
from assembly.languages import language_codes
from assembly.models import Country
from delegates import badges
from tests.delegates import staffdata

from .factories import at, make_slot

LIST = "/admin/agenda/slotattendance/"
CSV = "/en/agenda/attendance.csv"


def _approved(session, n, country, **fields):
    who = staffdata.person(n, country=country, **fields)
    return staffdata.registration(
        session, who, delegation_=staffdata.delegation(session, country=country)
    )


@pytest.fixture
def officer(db):
    return staffdata.user(
        "door@example.org",
        staff=True,
        perms=["agenda.add_slotattendance", "agenda.view_slotattendance"],
    )


@pytest.fixture
def plenary(session91):
    return make_slot(
        session91,
        start=at(session91, 0, 9),
        end=at(session91, 0, 11),
        kind="plenary",
        titles=dict.fromkeys(language_codes(), '=HYPERLINK("http://evil.example")'),
    )


@pytest.fixture
def scanned(session91, austria, plenary, officer):
    amira = _approved(session91, 1, austria, given_name="Amira", family_name="Haddad")
    omar = _approved(
        session91, 2, Country.objects.get(iso_code="EG"), given_name="Omar", family_name="Said"
    )
    for registration in (amira, omar):
        services.slot_attendance_record(
            slot=plenary, token=badges.badge_token(registration), actor=officer
        )
    # Amira came in at 10:05 UTC: 11:05 in Vienna in November.
    SlotAttendance.objects.filter(registration=amira).update(
        checked_in_at=dt.datetime(2023, 11, 28, 10, 5, tzinfo=dt.UTC)
    )
    return amira, omar


def test_the_list_shows_who_came_from_where_and_when_in_the_sessions_zone(
    client, officer, scanned, austria
):
    client.force_login(officer)
    page = client.get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Amira Haddad" in html and "Omar Said" in html
    assert austria.name_en in html and str(austria.region.name) in html
    assert Country.objects.get(iso_code="EG").name_en in html
    assert "11:05 CET" in html


def test_nobody_adds_changes_or_deletes_an_attendance_here(client, officer, scanned):
    amira, _omar = scanned
    attendance = SlotAttendance.objects.get(registration=amira)
    client.force_login(officer)
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{attendance.pk}/delete/", {"post": "yes"}).status_code == 403
    view = client.get(f"{LIST}{attendance.pk}/change/")
    assert view.status_code == 200 and 'name="_save"' not in view.content.decode()
    client.post(f"{LIST}{attendance.pk}/change/", {"slot": "", "registration": ""})
    assert SlotAttendance.objects.filter(pk=attendance.pk, registration=amira).exists()


def test_the_report_as_a_csv_per_sitting_and_region(client, officer, scanned, austria):
    client.force_login(officer)
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, entrance, sitting = rows
    assert header[0] == "Sitting" and header[-1] == "Total"
    europe = header.index(str(austria.region.name))
    africa = header.index(str(Country.objects.get(iso_code="EG").region.name))
    assert entrance[-1] == "2" and sitting[-1] == "2"
    assert (sitting[europe], sitting[africa]) == ("1", "1")
    # A sitting's title that a spreadsheet would run as a formula is read as text.
    assert sitting[0].startswith("'=HYPERLINK")


def test_the_report_page_links_to_its_csv(client, officer, scanned):
    client.force_login(officer)
    assert (
        'href="/en/agenda/attendance.csv"' in client.get("/en/agenda/attendance/").content.decode()
    )


def test_the_csv_is_for_staff_with_the_permission(client, scanned):
    assert client.get(CSV).status_code == 302
    client.force_login(staffdata.user("other@example.org", staff=True))
    assert client.get(CSV).status_code == 403
