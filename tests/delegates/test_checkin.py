"""Check-in at the entrance: scan a badge token, attendance recorded once, forgeries refused."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from assembly.models import AuditRecord
from delegates import badges
from delegates.checkin import attendance_record
from delegates.models import Attendance, Registration

from . import staffdata

URL = "/en/delegates/check-in/"


@pytest.fixture
def approved(session91, austria):
    who = staffdata.person(
        1,
        country=austria,
        given_name="Amira",
        family_name="Haddad",
        given_name_ar="أميرة",
        family_name_ar="حداد",
    )
    return staffdata.registration(
        session91, who, delegation_=staffdata.delegation(session91, country=austria)
    )


@pytest.fixture
def doorkeeper(db):
    return staffdata.user("door@example.org", staff=True, perms=["delegates.add_attendance"])


def test_url_name():
    assert reverse("delegates:checkin") == URL


def test_first_scan_records_attendance_and_shows_the_holder(client, approved, doorkeeper):
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": badges.badge_token(approved)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Welcome: attendance recorded" in page
    assert "Amira Haddad" in page
    assert "أميرة حداد" in page
    assert "Austria" in page
    assert 'class="category category--delegate">delegate<' in page
    assert "<dd>approved</dd>" in page
    attendance = Attendance.objects.get()
    assert attendance.registration == approved
    assert attendance.checked_in_by == doorkeeper
    record = AuditRecord.objects.get(action="attendance.record")
    assert (record.actor, record.target_id) == (doorkeeper, str(approved.pk))


def test_second_scan_says_when_the_first_was_in_session_time(client, approved, doorkeeper):
    client.force_login(doorkeeper)
    token = badges.badge_token(approved)
    client.post(URL, {"token": token})
    # 09:15 UTC on the opening day is 10:15 in Vienna (CET, UTC+1).
    Attendance.objects.update(checked_in_at=dt.datetime(2023, 11, 28, 9, 15, tzinfo=dt.UTC))
    response = client.post(URL, {"token": f"  {token} "})
    page = response.content.decode()
    assert response.status_code == 200
    # The session's time, short (no seconds).
    assert "Already checked in on 28 November 2023, 10:15" in page
    assert "Welcome" not in page
    assert Attendance.objects.count() == 1
    assert AuditRecord.objects.filter(action="attendance.record").count() == 1


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature altered
        lambda t: str(int(t.split(":")[0]) + 1) + ":" + t.split(":")[1],  # id changed
        lambda t: t.split(":")[0],  # no signature at all
        lambda t: "<script>alert(1)</script>",
    ],
)
def test_forged_token_is_refused(client, approved, doorkeeper, tamper):
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": tamper(badges.badge_token(approved))})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This badge code is not valid: it was not issued by the Secretariat." in page
    assert "Amira" not in page
    assert "<script>alert(1)</script>" not in page
    assert Attendance.objects.count() == 0


def test_token_of_a_deleted_registration_is_refused(client, approved, doorkeeper):
    token = badges.badge_token(approved)
    Registration.objects.filter(pk=approved.pk).delete()
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": token})
    assert response.status_code == 400
    assert "it was not issued by the Secretariat" in response.content.decode()


@pytest.mark.parametrize(
    "status",
    [
        Registration.Status.REJECTED,
        Registration.Status.WITHDRAWN,
        Registration.Status.CANCELLED,
        Registration.Status.SUBMITTED,
    ],
)
def test_registration_not_approved_is_refused(client, approved, doorkeeper, status):
    Registration.objects.filter(pk=approved.pk).update(status=status)
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": badges.badge_token(approved)})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"This badge is not valid for entry: the registration is {status}." in page
    # Whose badge it is, so that the entrance staff can explain.
    assert "Amira Haddad" in page
    assert Attendance.objects.count() == 0


def test_badge_of_another_session_is_refused(client, session91, austria, doorkeeper):
    from assembly.models import AssemblySession

    session90 = AssemblySession.objects.get(number=90)
    old = staffdata.registration(
        session90,
        staffdata.person(5, country=austria, family_name="Former"),
        delegation_=staffdata.delegation(session90, country=austria),
    )
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": badges.badge_token(old)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This badge is for the 90th General Assembly, not for the current session." in page
    assert "Test0005 Former" in page
    assert Attendance.objects.count() == 0


def test_empty_token_is_a_form_error(client, doorkeeper):
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_get_shows_an_empty_form(client, doorkeeper):
    client.force_login(doorkeeper)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="token"' in response.content.decode()
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_csrf_is_required(approved, doorkeeper):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(doorkeeper)
    response = client.post(URL, {"token": badges.badge_token(approved)})
    assert response.status_code == 403
    assert Attendance.objects.count() == 0


def test_staff_without_the_permission_is_forbidden(client, approved):
    client.force_login(staffdata.user("staff@example.org", staff=True))
    response = client.post(URL, {"token": badges.badge_token(approved)})
    assert response.status_code == 403
    assert Attendance.objects.count() == 0


def test_the_badge_holder_cannot_check_themself_in(client, approved):
    account = staffdata.user("amira@example.org")
    approved.person.user = account
    approved.person.save()
    client.force_login(account)
    assert client.post(URL, {"token": badges.badge_token(approved)}).status_code == 403
    assert Attendance.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, approved):
    response = client.post(URL, {"token": badges.badge_token(approved)})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert Attendance.objects.count() == 0


def test_service_returns_the_first_attendance_on_a_repeat(approved, doorkeeper):
    token = badges.badge_token(approved)
    first = attendance_record(token=token, actor=doorkeeper)
    second = attendance_record(token=token, actor=doorkeeper)
    assert (first.first, second.first) == (True, False)
    assert first.attendance.pk == second.attendance.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_scans_record_one_attendance():
    import io

    from assembly import demo
    from assembly.models import AssemblySession, Country

    demo.seed(stdout=io.StringIO())
    session = AssemblySession.objects.get(number=91)
    austria = Country.objects.get(iso_code="AT")
    registration = staffdata.registration(
        session,
        staffdata.person(1, country=austria),
        delegation_=staffdata.delegation(session, country=austria),
    )
    token = badges.badge_token(registration)
    barrier = threading.Barrier(8)
    outcomes: list = []

    def scan():
        try:
            barrier.wait()
            outcomes.append(attendance_record(token=token, actor=None).first)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False] * 7 + [True]
    assert Attendance.objects.filter(registration=registration).count() == 1


def test_the_badge_a_delegate_downloads_checks_in_once(client, approved, doorkeeper):
    """End to end: the delegate's own badge carries the token the entrance accepts once."""
    import io
    import re

    from pypdf import PdfReader

    account = staffdata.user("amira@example.org")
    approved.person.user = account
    approved.person.save()
    client.force_login(account)
    pdf = client.get(reverse("delegates:badge")).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    (token,) = re.findall(r"\b\d+:[A-Za-z0-9_-]{20,}", text)
    assert token == badges.badge_token(approved)

    client.force_login(doorkeeper)
    first = client.post(URL, {"token": token})
    second = client.post(URL, {"token": token})
    assert "Welcome: attendance recorded" in first.content.decode()
    assert "Already checked in on" in second.content.decode()
    assert Attendance.objects.filter(registration=approved).count() == 1
