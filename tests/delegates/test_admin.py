"""The back office: registrations (filters, search, bulk decisions, badges, locking), delegations,
credentials review and report, and the fixed number of queries of the changelist."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assembly.models import AuditRecord, Country
from delegates.models import Attendance, Credentials, Person, Registration

from . import staffdata

CHANGELIST = "/admin/delegates/registration/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(staffdata.user("root@example.org", superuser=True))
    return client


@pytest.fixture
def world(session91):
    """Four delegations in three regions, registrations in several states, one observer."""
    countries = {iso: Country.objects.get(iso_code=iso) for iso in ("AT", "FR", "EG", "BR")}
    delegations = {iso: staffdata.delegation(session91, country=c) for iso, c in countries.items()}
    org = staffdata.observer_organisation("Test Observer Organisation")
    observers = staffdata.delegation(session91, organisation=org)
    S, C = Registration.Status, Registration.Category
    spec = [
        ("AT", 1, "Adler", C.HEAD, S.APPROVED),
        ("AT", 2, "Berger", C.DELEGATE, S.SUBMITTED),
        ("FR", 3, "Chevalier", C.HEAD, S.SUBMITTED),
        ("FR", 4, "Dubois", C.DELEGATE, S.REJECTED),
        ("EG", 5, "Elsayed", C.HEAD, S.APPROVED),
        ("BR", 6, "Ferreira", C.ADDITIONAL, S.SUBMITTED),
    ]
    registrations = {}
    for iso, n, family, category, status in spec:
        who = staffdata.person(n, country=countries[iso], family_name=family)
        registrations[family] = staffdata.registration(
            session91, who, delegation_=delegations[iso], category=category, status=status
        )
    registrations["Observer"] = staffdata.registration(
        session91,
        staffdata.person(7, family_name="Observer"),
        delegation_=observers,
        category=C.OBSERVER,
        status=S.APPROVED,
    )
    return {"delegations": delegations, "registrations": registrations, "observers": observers}


def names_in(response) -> list[str]:
    return [f"{r.person.family_name}" for r in response.context["cl"].result_list]


# --- changelist: filters, search -------------------------------------------------------------


def test_changelist_lists_every_registration(admin_client, world):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert sorted(names_in(response)) == [
        "Adler",
        "Berger",
        "Chevalier",
        "Dubois",
        "Elsayed",
        "Ferreira",
        "Observer",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=submitted", ["Berger", "Chevalier", "Ferreira"]),
        ("category__exact=head", ["Adler", "Chevalier", "Elsayed"]),
        (
            "delegation__country__region__id__exact={europe}",
            ["Adler", "Berger", "Chevalier", "Dubois"],
        ),
        ("delegation__country__id__exact={france}", ["Chevalier", "Dubois"]),
        ("delegation__credentials__state__exact=accepted", ["Elsayed"]),
        ("session__id__exact={s92}", []),
        ("q=chevalier", ["Chevalier"]),
        ("q=Austria", ["Adler", "Berger"]),
        ("q=Test+Observer", ["Observer"]),
    ],
)
def test_filters_and_search(admin_client, world, session91, query, expected):
    from assembly.models import AssemblySession
    from delegates import services

    egypt = world["delegations"]["EG"].credentials
    services.credentials_receive(credentials=egypt, actor=None)
    services.credentials_decide(credentials=egypt, state="accepted", actor=None, reason="")
    query = query.format(
        europe=Country.objects.get(iso_code="AT").region_id,
        france=Country.objects.get(iso_code="FR").pk,
        s92=AssemblySession.objects.get(number=92).pk,
    )
    response = admin_client.get(f"{CHANGELIST}?{query}")
    assert response.status_code == 200
    assert sorted(names_in(response)) == expected


# --- bulk decisions through the services ------------------------------------------------------


def test_bulk_approve_goes_through_the_service(admin_client, world):
    regs = world["registrations"]
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "approve_selected",
            "_selected_action": [regs["Berger"].pk, regs["Chevalier"].pk, regs["Dubois"].pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    statuses = dict(Registration.objects.values_list("person__family_name", "status"))
    assert statuses["Berger"] == "approved"
    assert statuses["Chevalier"] == "approved"
    assert statuses["Dubois"] == "rejected"  # a rejected registration is not approved
    messages = [str(m) for m in response.context["messages"]]
    assert "2 registrations approved." in messages
    assert any(m.startswith("Test0004 Dubois") and "cannot be approved" in m for m in messages), (
        messages
    )
    assert AuditRecord.objects.filter(action="registration.approve").count() == 2
    assert Registration.objects.get(pk=regs["Berger"].pk).version == 2


def test_bulk_reject_asks_for_a_reason_first(admin_client, world):
    regs = world["registrations"]
    selection = [regs["Berger"].pk, regs["Ferreira"].pk]
    response = admin_client.post(
        CHANGELIST, {"action": "reject_selected", "_selected_action": selection}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "These registrations will be rejected." in page
    assert "Test0002 Berger" in page and "Test0006 Ferreira" in page
    assert Registration.objects.filter(status="rejected").count() == 1  # only Dubois, before

    # Without a reason: the page again with an error, nothing changed.
    response = admin_client.post(
        CHANGELIST,
        {"action": "reject_selected", "_selected_action": selection, "reason": "  "},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Registration.objects.filter(status="rejected").count() == 1

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "reject_selected",
            "_selected_action": selection,
            "reason": "Not appointed by the government.",
        },
        follow=True,
    )
    assert "2 registrations rejected." in [str(m) for m in response.context["messages"]]
    rejected = Registration.objects.filter(pk__in=selection)
    assert (
        sorted(rejected.values_list("status", "status_reason"))
        == [
            ("rejected", "Not appointed by the government."),
        ]
        * 2
    )
    records = AuditRecord.objects.filter(action="registration.reject")
    assert (
        sorted(records.values_list("reason", flat=True)) == ["Not appointed by the government."] * 2
    )


def test_print_badges_of_a_selection_as_one_pdf(admin_client, world):
    from django.core.files.storage import storages

    from assembly.models import TaskBatch
    from delegates import badges

    regs = world["registrations"]
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "print_badges",
            "_selected_action": [regs["Adler"].pk, regs["Berger"].pk, regs["Elsayed"].pk],
        },
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    batch = TaskBatch.objects.get(kind=badges.BADGE_BATCH_KIND)
    assert (batch.progress, batch.status) == ("2 of 2", "finished")
    assert any("Badges printed (2 of 2 badges)." in str(m) for m in response.context["messages"])
    with storages["private"].open(badges.badge_batch_file_name(batch.pk), "rb") as handle:
        pages = PdfReader(io.BytesIO(handle.read())).pages
    # Berger is not approved: two badges, in country order (Austria, Egypt).
    assert len(pages) == 2
    assert "Test0001 Adler" in pages[0].extract_text()
    assert "Test0005 Elsayed" in pages[1].extract_text()


def test_print_badges_without_approved_registration_says_so(admin_client, world):
    response = admin_client.post(
        CHANGELIST,
        {"action": "print_badges", "_selected_action": [world["registrations"]["Berger"].pk]},
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    assert "None of the selected registrations is approved." in [
        str(m) for m in response.context["messages"]
    ]


def test_no_add_or_delete_of_registrations_in_the_admin(admin_client, world):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403
    pk = world["registrations"]["Adler"].pk
    assert admin_client.get(f"{CHANGELIST}{pk}/delete/").status_code == 403


# --- optimistic locking on the change form (SECURITY.md 23) ----------------------------------


def _change_data(registration, **overrides):
    return {"category": registration.category, "version": registration.version, **overrides}


def test_change_form_saves_category_through_the_service(admin_client, world):
    berger = world["registrations"]["Berger"]
    response = admin_client.post(
        f"{CHANGELIST}{berger.pk}/change/", _change_data(berger, category="additional")
    )
    assert response.status_code == 302
    berger.refresh_from_db()
    assert (berger.category, berger.version) == ("additional", 2)
    assert AuditRecord.objects.filter(action="registration.update").count() == 1


def test_change_form_calls_the_service_once_per_submission(admin_client, world, monkeypatch):
    """One call decides and writes, in the staff member's name: no dry run in a savepoint (whose
    row lock a rollback releases on PostgreSQL) followed by a second, unchecked call."""
    from delegates import services

    calls = []
    real = services.registration_update

    def counted(**kwargs):
        calls.append(kwargs["category"])
        return real(**kwargs)

    monkeypatch.setattr(services, "registration_update", counted)
    berger = world["registrations"]["Berger"]
    response = admin_client.post(
        f"{CHANGELIST}{berger.pk}/change/", _change_data(berger, category="additional")
    )
    assert response.status_code == 302
    assert calls == ["additional"]
    record = AuditRecord.objects.get(action="registration.update")
    assert record.actor.email == "root@example.org"


def test_stale_version_is_a_conflict_and_nothing_is_overwritten(admin_client, world):
    from delegates import services

    berger = world["registrations"]["Berger"]
    opened = _change_data(berger, category="additional")  # staff member A opens the form
    # Staff member B approves it in the meantime.
    services.registration_approve(registration=berger, actor=None)
    current = Registration.objects.get(pk=berger.pk)
    assert current.version == 2

    response = admin_client.post(f"{CHANGELIST}{berger.pk}/change/", opened)
    assert response.status_code == 200
    assert (
        "Someone else changed this registration while you were editing it."
        in response.content.decode()
    )
    current.refresh_from_db()
    assert (current.status, current.category, current.version) == ("approved", "delegate", 2)
    assert AuditRecord.objects.filter(action="registration.update").count() == 0


def test_change_form_refuses_a_decided_registration(admin_client, world):
    adler = world["registrations"]["Elsayed"]
    response = admin_client.post(
        f"{CHANGELIST}{adler.pk}/change/", _change_data(adler, category="delegate")
    )
    assert response.status_code == 200
    assert "Only a registration still awaiting a decision can be changed." in (
        response.content.decode()
    )
    adler.refresh_from_db()
    assert adler.category == "head"


def test_extra_fields_posted_to_the_change_form_change_nothing(admin_client, world):
    berger = world["registrations"]["Berger"]
    response = admin_client.post(
        f"{CHANGELIST}{berger.pk}/change/",
        _change_data(berger, status="approved", email="evil@example.org", session="999"),
    )
    assert response.status_code == 302
    berger.refresh_from_db()
    assert (berger.status, berger.email) == ("submitted", "person0002@example.org")


# --- counts per region and category ------------------------------------------------------------


def test_counts_per_region_and_category(admin_client, world):
    response = admin_client.get(f"{CHANGELIST}counts/?session=91")
    assert response.status_code == 200
    table = response.context["table"]
    rows = {row.label: row.cells for row in table.rows}
    # columns: head, delegate, additional, observer, secretariat, media (submitted or approved)
    assert rows["Europe"] == [2, 1, 0, 0, 0, 0]  # Adler, Chevalier heads; Berger; Dubois rejected
    assert rows["Africa"] == [1, 0, 0, 0, 0, 0]
    assert rows["Americas"] == [0, 0, 1, 0, 0, 0]
    assert rows["Asia and South Pacific"] == [0, 0, 0, 0, 0, 0]
    assert rows["Observer organisations"] == [0, 0, 0, 1, 0, 0]
    assert table.totals == [3, 1, 1, 1, 0, 0]
    assert table.grand_total == 6
    assert admin_client.get(f"{CHANGELIST}counts/?session=12").context["table"] is None


# --- the changelist runs a fixed number of queries --------------------------------------------


def _bulk_registrations(session, count: int) -> None:
    """``count`` submitted registrations spread over the member countries (bulk_create)."""
    countries = list(Country.objects.members().order_by("pk"))
    delegations = [staffdata.delegation(session, country=c) for c in countries[:40]]
    people = Person.objects.bulk_create(
        [
            Person(given_name=f"Bulk{n}", family_name=f"Person{n:05d}", email=f"b{n}@example.org")
            for n in range(count)
        ]
    )
    Registration.objects.bulk_create(
        [
            Registration(
                session=session,
                person=person,
                email=person.email,
                delegation=delegations[n % len(delegations)],
                category=Registration.Category.ADDITIONAL,
            )
            for n, person in enumerate(people)
        ]
    )


def _changelist_queries(client, django_assert_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("size", [3, 60])
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, session91, size, django_assert_num_queries
):
    _bulk_registrations(session91, 3)
    baseline = _changelist_queries(admin_client, django_assert_num_queries)
    Registration.objects.all().delete()
    Person.objects.all().delete()
    _bulk_registrations(session91, size)
    with django_assert_num_queries(baseline):
        response = admin_client.get(CHANGELIST)
    assert response.context["cl"].result_count == size


def test_changelist_with_5000_registrations(admin_client, session91, django_assert_num_queries):
    _bulk_registrations(session91, 3)
    baseline = _changelist_queries(admin_client, django_assert_num_queries)
    people = Person.objects.bulk_create(
        [
            Person(given_name="More", family_name=f"More{n:05d}", email=f"m{n}@example.org")
            for n in range(4997)
        ]
    )
    delegation = staffdata.delegation(session91, country=Country.objects.get(iso_code="AT"))
    Registration.objects.bulk_create(
        [
            Registration(
                session=session91,
                person=p,
                email=p.email,
                delegation=delegation,
                category=Registration.Category.ADDITIONAL,
            )
            for p in people
        ]
    )
    with django_assert_num_queries(baseline):
        response = admin_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 5000
    assert len(response.context["cl"].result_list) == 100


# --- delegations, credentials review and report ----------------------------------------------


def test_delegation_page_shows_members_and_credentials(admin_client, world):
    austria = world["delegations"]["AT"]
    response = admin_client.get(f"/admin/delegates/delegation/{austria.pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Test0001 Adler" in page and "Test0002 Berger" in page
    assert "Chevalier" not in page
    assert "pending" in page


def test_credentials_decision_with_a_reason_through_the_service(admin_client, world):
    from delegates import services

    france = world["delegations"]["FR"].credentials
    austria = world["delegations"]["AT"].credentials
    for credentials in (france, austria):
        services.credentials_receive(credentials=credentials, actor=None)
    url = "/admin/delegates/credentials/"
    selection = [france.pk, austria.pk]
    response = admin_client.post(url, {"action": "decide", "_selected_action": selection})
    assert response.status_code == 200
    assert "Record the decision of the Credentials Bureau" in response.content.decode()

    # Rejecting without a reason: refused by the service, nothing changed.
    response = admin_client.post(
        url,
        {"action": "decide", "_selected_action": selection, "state": "rejected", "reason": ""},
        follow=True,
    )
    assert sorted(Credentials.objects.filter(pk__in=selection).values_list("state", flat=True)) == [
        "received",
        "received",
    ]
    assert any("Give a reason." in str(m) for m in response.context["messages"])

    response = admin_client.post(
        url,
        {
            "action": "decide",
            "_selected_action": [france.pk],
            "state": "rejected",
            "reason": "Signed by an authority not listed in RP 8.",
        },
        follow=True,
    )
    france.refresh_from_db()
    assert (france.state, france.reason) == (
        "rejected",
        "Signed by an authority not listed in RP 8.",
    )
    assert "1 credentials decided." in [str(m) for m in response.context["messages"]]
    record = AuditRecord.objects.get(action="credentials.rejected")
    assert record.reason == "Signed by an authority not listed in RP 8."


def test_credentials_report_per_region(admin_client, world):
    from delegates import services

    egypt, france = world["delegations"]["EG"].credentials, world["delegations"]["FR"].credentials
    for credentials in (egypt, france):
        services.credentials_receive(credentials=credentials, actor=None)
    services.credentials_decide(credentials=egypt, state="accepted", actor=None, reason="")
    response = admin_client.get("/admin/delegates/credentials/report/?session=91")
    assert response.status_code == 200
    table = response.context["table"]
    # columns: pending, received, accepted, rejected, disputed; observers are not members.
    rows = {row.label: row.cells for row in table.rows}
    assert rows == {
        "Africa": [0, 0, 1, 0, 0],
        "Americas": [1, 0, 0, 0, 0],
        "Asia and South Pacific": [0, 0, 0, 0, 0],
        "Europe": [1, 1, 0, 0, 0],
    }
    assert table.grand_total == 4
    page = response.content.decode()
    assert "<caption>91st INTERPOL General Assembly</caption>" in page


def test_attendances_are_read_only(admin_client, world):
    from delegates.badges import badge_token
    from delegates.checkin import attendance_record

    attendance_record(token=badge_token(world["registrations"]["Adler"]), actor=None)
    attendance = Attendance.objects.get()
    assert admin_client.get("/admin/delegates/attendance/").status_code == 200
    response = admin_client.post(f"/admin/delegates/attendance/{attendance.pk}/change/", {})
    assert response.status_code == 403
    assert admin_client.get("/admin/delegates/attendance/add/").status_code == 403


# --- roles ---------------------------------------------------------------------------------


def test_registration_officer_may_decide_but_programme_officer_only_reads(client, world):
    from django.contrib.auth.models import Group

    from assembly.roles import PROGRAMME_OFFICERS, REGISTRATION_OFFICERS, roles_sync

    roles_sync()
    officer = staffdata.user("officer@example.org", staff=True)
    officer.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    programme = staffdata.user("programme@example.org", staff=True)
    programme.groups.add(Group.objects.get(name=PROGRAMME_OFFICERS))

    assert officer.has_perm("delegates.add_attendance")
    assert officer.has_perm("delegates.change_credentials")
    assert not officer.has_perm("delegates.delete_registration")
    client.force_login(officer)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get("/en/delegates/check-in/").status_code == 200

    client.force_login(programme)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get("/admin/delegates/delegation/").status_code == 200
    assert client.get("/en/delegates/check-in/").status_code == 403
    berger = world["registrations"]["Berger"]
    response = client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [berger.pk]}
    )
    assert response.status_code == 403
    assert Registration.objects.get(pk=berger.pk).status == "submitted"


# --- every page of the back office renders ----------------------------------------------------


def test_back_office_pages_render(admin_client, world):
    from delegates.badges import badge_token
    from delegates.checkin import attendance_record

    adler = world["registrations"]["Adler"]
    attendance_record(token=badge_token(adler), actor=None)
    austria = world["delegations"]["AT"]
    pages = {
        # A decided registration is read-only: its category is shown, not offered.
        f"{CHANGELIST}{adler.pk}/change/": ['name="version" value="1"', "Test0001 Adler"],
        f"{CHANGELIST}{world['registrations']['Berger'].pk}/change/": [
            'name="version" value="1"',
            'name="category"',
        ],
        "/admin/delegates/delegation/": ["Austria"],
        f"/admin/delegates/delegation/{austria.pk}/change/": ["Test0001 Adler"],
        "/admin/delegates/credentials/": ["Report per region"],
        f"/admin/delegates/credentials/{austria.credentials.pk}/change/": ["pending"],
        "/admin/delegates/person/": ["Adler"],
        f"/admin/delegates/person/{adler.person.pk}/change/": ["person0001@example.org"],
        "/admin/delegates/person/add/": ['name="given_name"'],
        "/admin/delegates/observerorganisation/": ["Test Observer Organisation"],
        f"/admin/delegates/observerorganisation/{world['observers'].organisation.pk}/change/": [
            'name="name_ar"',
            'name="name_fr"',
        ],
        "/admin/delegates/attendance/": ["Test0001 Adler"],
        CHANGELIST: ["Counts per region and category", "Export"],
        f"{CHANGELIST}counts/": ["Registrations per region and category"],
        "/admin/delegates/credentials/report/": ["Credentials per region"],
        f"{CHANGELIST}export/": ['name="format"'],
    }
    for url, expected in pages.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for text in expected:
            assert text in page, (url, text)


def test_reports_run_a_fixed_number_of_queries(admin_client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        admin_client.get(f"{CHANGELIST}counts/")
    _bulk_registrations(world["observers"].session, 50)
    with django_assert_num_queries(len(few)):
        response = admin_client.get(f"{CHANGELIST}counts/")
    assert response.context["table"].grand_total == 56


# --- cancellation, people -------------------------------------------------------------------


def test_bulk_cancel_asks_for_a_reason_and_uses_the_service(admin_client, world):
    regs = world["registrations"]
    selection = [regs["Adler"].pk, regs["Dubois"].pk]
    response = admin_client.post(
        CHANGELIST, {"action": "cancel_selected", "_selected_action": selection}
    )
    assert "These registrations will be cancelled by the Secretariat." in response.content.decode()
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "cancel_selected",
            "_selected_action": selection,
            "reason": "The government withdrew the appointment.",
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert "1 registration cancelled." in messages
    assert any("Dubois" in m and "cannot be cancelled" in m for m in messages), messages
    statuses = dict(Registration.objects.values_list("person__family_name", "status"))
    assert (statuses["Adler"], statuses["Dubois"]) == ("cancelled", "rejected")
    assert AuditRecord.objects.get(action="registration.cancel").reason == (
        "The government withdrew the appointment."
    )


def _person_data(**overrides):
    data = {
        "email": "new.person@example.org",
        "given_name": "Nadia",
        "family_name": "Rahman",
        "given_name_ar": "نادية",
        "family_name_ar": "رحمان",
        "title": "Commissioner",
        "function": "",
        "agency": "",
        "country": Country.objects.get(iso_code="EG").pk,
        "phone": "",
        "preferred_language": "ar",
        "accessibility_needs": "",
        "dietary_needs": "",
    }
    data.update(overrides)
    return data


def test_person_created_and_changed_through_the_services(admin_client, world):
    response = admin_client.post(
        "/admin/delegates/person/add/", _person_data(deletion_requested_at="2023-01-01 00:00")
    )
    assert response.status_code == 302
    person = Person.objects.get(email="new.person@example.org")
    assert (person.full_name, person.full_name_ar, person.deletion_requested_at) == (
        "Nadia Rahman",
        "نادية رحمان",
        None,
    )
    assert AuditRecord.objects.get(action="person.create").target_id == str(person.pk)

    response = admin_client.post(
        f"/admin/delegates/person/{person.pk}/change/",
        _person_data(title="Deputy Commissioner", email="changed@example.org"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.title, person.email) == ("Deputy Commissioner", "new.person@example.org")
    assert AuditRecord.objects.get(action="person.update").data == {"fields": ["title"]}


def test_person_photo_stored_under_a_generated_name(admin_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assembly.demo import demo_photo

    person = world["registrations"]["Adler"].person
    upload = SimpleUploadedFile("../../evil name.jpg", demo_photo((200, 0, 0)), "image/jpeg")
    data = _person_data(email=person.email, given_name="Test0001", family_name="Adler")
    data["country"] = person.country_id
    response = admin_client.post(
        f"/admin/delegates/person/{person.pk}/change/", {**data, "photo": upload}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert re.fullmatch(r"photos/people/[0-9a-f]{32}\.jpg", person.photo.name)
    assert AuditRecord.objects.filter(action="person.photo").count() == 1


def test_person_photo_must_be_an_image(admin_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = world["registrations"]["Adler"].person
    upload = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    data = _person_data(email=person.email, given_name="Test0001", family_name="Adler")
    response = admin_client.post(
        f"/admin/delegates/person/{person.pk}/change/", {**data, "photo": upload}
    )
    assert response.status_code == 200
    assert "Upload a valid image." in response.content.decode()
    person.refresh_from_db()
    assert (person.photo.name, person.given_name) == ("", "Test0001")


def test_delegation_page_changes_the_voting_delegate_only(admin_client, world):
    """The secretariat may change the voting delegate to a confirmed member; nothing else of
    the delegation changes, and the change is audited."""
    from assembly.models import AuditRecord

    austria = world["delegations"]["AT"]
    adler = world["registrations"]["Adler"]
    assert adler.status == "approved"
    admin_client.post(
        f"/admin/delegates/delegation/{austria.pk}/change/",
        {"voting_delegate": adler.pk, "country": Country.objects.get(iso_code="FR").pk},
    )
    austria.refresh_from_db()
    assert (austria.voting_delegate, austria.country.iso_code) == (adler, "AT")
    assert AuditRecord.objects.filter(action="delegation.voting_delegate").count() == 1


def test_delegation_page_refuses_a_voting_delegate_of_another_delegation(admin_client, world):
    austria = world["delegations"]["AT"]
    stranger = next(
        registration
        for registration in world["registrations"].values()
        if registration.delegation_id not in (None, austria.pk)
    )
    response = admin_client.post(
        f"/admin/delegates/delegation/{austria.pk}/change/", {"voting_delegate": stranger.pk}
    )
    assert response.status_code == 200
    austria.refresh_from_db()
    assert austria.voting_delegate is None


def test_print_badges_in_batches_of_bounded_size(admin_client, world, monkeypatch):
    from delegates import badges

    monkeypatch.setattr(badges, "BADGES_PER_PRINT", 1)
    regs = world["registrations"]
    response = admin_client.post(
        CHANGELIST,
        {"action": "print_badges", "_selected_action": [regs["Adler"].pk, regs["Elsayed"].pk]},
        follow=True,
    )
    assert response["Content-Type"].startswith("text/html")
    assert (
        "Print at most 1 badge at a time: filter the list by country, region or category first."
        in [str(m) for m in response.context["messages"]]
    )


def test_badge_batch_of_three_as_a_task_then_downloaded_by_a_registration_officer(
    client, world, session91
):
    from django.contrib.auth.models import Group
    from django.core.files.storage import storages

    from assembly.models import TaskBatch
    from assembly.roles import REGISTRATION_OFFICERS, roles_sync
    from delegates import badges

    roles_sync()
    officer = staffdata.user("officer@example.org", staff=True)
    officer.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    regs = world["registrations"]
    # Three approved registrations: Adler (Austria), Elsayed (Egypt), the observer.
    selection = [regs["Adler"].pk, regs["Elsayed"].pk, regs["Observer"].pk]
    client.force_login(officer)

    response = client.post(
        CHANGELIST, {"action": "print_badges", "_selected_action": selection}, follow=True
    )

    batch = TaskBatch.objects.get(kind=badges.BADGE_BATCH_KIND)
    assert (batch.progress, batch.status, batch.failed) == ("3 of 3", "finished", 0)
    assert batch.started_by == officer
    download = reverse("admin:delegates_registration_badges", args=[batch.pk])
    assert download in response.content.decode()  # the admin offers the finished PDF
    with storages["private"].open(badges.badge_batch_file_name(batch.pk), "rb") as handle:
        assert len(PdfReader(handle).pages) == 3
    # The batch list shows the progress.
    listing = client.get("/admin/assembly/taskbatch/").content.decode()
    assert "3 of 3" in listing

    pdf = client.get(download)

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'attachment; filename="badges-{batch.pk}.pdf"'
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert len(PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages) == 3

    # A delegate never gets it (sent to the admin login), nor staff without the permission.
    delegate = regs["Adler"].person.user or staffdata.user("delegate@example.org")
    client.force_login(delegate)
    refused = client.get(download)
    assert refused.status_code in {302, 403, 404}
    assert refused["Content-Type"].startswith("text/html")
    other_staff = staffdata.user("staff@example.org", staff=True)
    client.force_login(other_staff)
    assert client.get(download).status_code == 403
    # An unknown or a running batch: 404 for the officer.
    client.force_login(officer)
    assert client.get(reverse("admin:delegates_registration_badges", args=[0])).status_code == 404


# --- issue 11 B: the newest registrations first, with the day they were submitted ------------


def test_registrations_are_listed_newest_first_with_their_submission_date(admin_client, world):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for age, family in enumerate(["Ferreira", "Adler", "Chevalier", "Berger"]):
        Registration.objects.filter(person__family_name=family).update(
            created_at=now - timedelta(days=1 + age)
        )
    Registration.objects.exclude(
        person__family_name__in=["Ferreira", "Adler", "Chevalier", "Berger"]
    ).update(created_at=now - timedelta(days=30))
    response = admin_client.get(CHANGELIST)
    assert names_in(response)[:4] == ["Ferreira", "Adler", "Chevalier", "Berger"]
    assert "Submitted on" in response.content.decode()


def test_credentials_are_listed_last_received_first(admin_client, world):
    from datetime import date

    for iso, day in (("BR", 2), ("AT", 5), ("FR", 1)):  # Austria's letter arrived last
        Credentials.objects.filter(delegation=world["delegations"][iso]).update(
            state="received", received_on=date(2026, 11, day)
        )
    response = admin_client.get("/admin/delegates/credentials/")
    listed = [str(c.delegation) for c in response.context["cl"].result_list]
    assert listed[:2] == [str(world["delegations"]["AT"]), str(world["delegations"]["BR"])]


def test_the_country_filter_is_a_searchable_select_not_a_list_of_links(admin_client, world):
    france = Country.objects.get(iso_code="FR")
    page = admin_client.get(CHANGELIST).content.decode()
    assert "delegation__country__id__exact=" not in page  # no link per country
    select = re.search(r'<select[^>]*name="delegation__country__id__exact"[^>]*>', page)
    assert select and "admin-autocomplete" in select.group(0)
    assert 'data-model-name="delegation"' in select.group(0)
    assert 'data-field-name="country"' in select.group(0)
    assert "select2" in page  # the admin's own copy, served by the project
    chosen = admin_client.get(f"{CHANGELIST}?delegation__country__id__exact={france.pk}")
    assert sorted(names_in(chosen)) == ["Chevalier", "Dubois"]
    assert re.search(
        rf'<option value="{france.pk}" selected>France</option>', chosen.content.decode()
    )
    # The select's search answers from the admin's autocomplete view.
    found = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "delegates",
            "model_name": "delegation",
            "field_name": "country",
            "term": "Fra",
        },
    )
    assert found.status_code == 200
    assert "France" in [r["text"] for r in found.json()["results"]]
