"""Decisions on one page of the back office (issue 11 B): a registration's and a credentials'
page with their buttons, and the delegation page with its members, letter and history."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assembly.models import AuditRecord, Country
from assembly.roles import (
    PROGRAMME_OFFICERS,
    REGISTRATION_OFFICERS,
    RESOLUTIONS_OFFICERS,
    roles_sync,
)
from delegates import services
from delegates.models import Credentials, Registration

from .factories import _english, make_user, pdf_bytes, register  # noqa: F401  (autouse)


def staff(group: str):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def delegation(session91, austria):
    """Austria: a head (self-registered, approved) who uploaded the letter and nominated a
    delegate (submitted); a second delegate who registered herself (submitted)."""
    roles_sync()
    head = register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        family_name="Adler",
        title="General",
        function="Director of the NCB",
        agency="Federal Police",
        phone="+43 1 000 00 00",
    )
    nominated = services.registration_submit(
        person=services.person_create(
            email="berger@example.org",
            given_name="Bea",
            family_name="Berger",
            country=austria,
            title="Colonel",
            function="Head of unit",
            agency="Criminal Intelligence Service",
            phone="+43 1 111 11 11",
            actor=head.person.user,
        ),
        session=session91,
        category="delegate",
        delegation=head.delegation,
        actor=head.person.user,
    )
    self_registered = register(session=session91, country=austria, user=True, family_name="Castell")
    credentials = services.credentials_upload(
        delegation=head.delegation,
        file=SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
        issuing_authority="foreign_minister",
        issued_on=None,
        actor=head.person.user,
    )
    return {
        "delegation": head.delegation,
        "head": head,
        "nominated": nominated,
        "self": self_registered,
        "credentials": credentials,
    }


def page_url(obj) -> str:
    return reverse(f"admin:delegates_{obj._meta.model_name}_change", args=[obj.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- the registration's page -------------------------------------------------------------------


def test_registration_page_shows_what_the_decision_needs(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    page = client.get(page_url(delegation["nominated"])).content.decode()
    for text in (
        "Colonel",
        "Head of unit",
        "Criminal Intelligence Service",
        "+43 1 111 11 11",
        "Austria",
        "Nominated by Alex Adler",
        "received",  # the delegation's credentials
    ):
        assert text in page, text
    page = client.get(page_url(delegation["self"])).content.decode()
    assert "By the person themself" in page


def test_registration_page_says_when_nothing_records_who_submitted(client, delegation, session91):
    unrecorded = register(session=session91, country=Country.objects.get(iso_code="DE"))
    client.force_login(staff(REGISTRATION_OFFICERS))
    assert "Not recorded" in client.get(page_url(unrecorded)).content.decode()


def test_approve_and_reject_buttons_on_the_registration_page(client, delegation):
    officer = staff(REGISTRATION_OFFICERS)
    client.force_login(officer)
    nominated = delegation["nominated"]
    page = client.get(page_url(nominated)).content.decode()
    approve = reverse("admin:delegates_registration_approve", args=[nominated.pk])
    reject = reverse("admin:delegates_registration_reject", args=[nominated.pk])
    assert f'action="{approve}"' in page and f'action="{reject}"' in page

    response = client.post(approve, follow=True)
    assert response.redirect_chain == [(page_url(nominated), 302)]
    assert messages_of(response) == ["Bea Berger: registration approved."]
    nominated.refresh_from_db()
    assert nominated.status == "approved"
    record = AuditRecord.objects.filter(action="registration.approve").latest("id")
    assert (record.actor, record.target_id) == (officer, str(nominated.pk))
    # Decided: read-only, no buttons, no Save.
    page = client.get(page_url(nominated)).content.decode()
    assert f'action="{approve}"' not in page
    assert 'name="_save"' not in page and 'name="_continue"' not in page
    assert 'name="category"' not in page


def test_reject_needs_a_reason(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    castell = delegation["self"]
    url = reverse("admin:delegates_registration_reject", args=[castell.pk])
    response = client.post(url, {"reason": "  "}, follow=True)
    assert messages_of(response) == ["Give a reason."]
    castell.refresh_from_db()
    assert castell.status == "submitted"

    response = client.post(url, {"reason": "Not a member of the NCB."}, follow=True)
    assert messages_of(response) == ["Alex Castell: registration rejected."]
    castell.refresh_from_db()
    assert (castell.status, castell.status_reason) == ("rejected", "Not a member of the NCB.")


def test_a_refusal_of_the_service_is_a_message_not_an_error(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    head = delegation["head"]  # already approved
    url = reverse("admin:delegates_registration_reject", args=[head.pk])
    response = client.post(url, {"reason": "Too late."}, follow=True)
    assert response.status_code == 200
    assert messages_of(response) == ["A registration that is approved cannot be rejected."]
    head.refresh_from_db()
    assert head.status == "approved"


def test_submitted_registration_page_keeps_its_save_button_for_officers(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    page = client.get(page_url(delegation["self"])).content.decode()
    assert 'name="_save"' in page and 'name="category"' in page


def test_view_only_registration_page_has_no_save_and_no_buttons(client, delegation):
    reader = make_user(is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(content_type__app_label="delegates", codename="view_registration")
    )
    client.force_login(reader)
    page = client.get(page_url(delegation["self"])).content.decode()
    assert 'name="_save"' not in page
    assert reverse("admin:delegates_registration_approve", args=[delegation["self"].pk]) not in (
        page
    )


@pytest.mark.parametrize(
    ("group", "status"),
    [(PROGRAMME_OFFICERS, 403), (RESOLUTIONS_OFFICERS, 403)],
)
def test_only_those_who_may_change_registrations_decide(client, delegation, group, status):
    client.force_login(staff(group))
    castell = delegation["self"]
    for name, data in (("approve", {}), ("reject", {"reason": "No."})):
        url = reverse(f"admin:delegates_registration_{name}", args=[castell.pk])
        assert client.post(url, data).status_code == status
    castell.refresh_from_db()
    assert castell.status == "submitted"


def test_decisions_are_posts_with_a_csrf_token(delegation):
    officer = staff(REGISTRATION_OFFICERS)
    castell = delegation["self"]
    url = reverse("admin:delegates_registration_approve", args=[castell.pk])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    assert strict.get(url).status_code == 405
    assert strict.post(url).status_code == 403
    castell.refresh_from_db()
    assert castell.status == "submitted"


def test_a_delegate_is_sent_to_the_admin_login(client, delegation):
    client.force_login(delegation["head"].person.user)
    castell = delegation["self"]
    response = client.post(reverse("admin:delegates_registration_approve", args=[castell.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    castell.refresh_from_db()
    assert castell.status == "submitted"


# --- the credentials' page ---------------------------------------------------------------------


def test_credentials_page_has_a_decide_form_and_no_save(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    credentials = delegation["credentials"]
    page = client.get(page_url(credentials)).content.decode()
    decide = reverse("admin:delegates_credentials_decide", args=[credentials.pk])
    assert f'action="{decide}"' in page
    assert 'name="_save"' not in page
    letter = reverse("admin:delegates_credentials_letter", args=[credentials.pk])
    assert f'<iframe class="credentials-letter" src="{letter}"' in page

    response = client.post(decide, {"state": "disputed", "reason": ""}, follow=True)
    assert messages_of(response) == ["Give a reason."]
    response = client.post(
        decide, {"state": "disputed", "reason": "Signed by the NCB, not the minister."}, follow=True
    )
    assert response.redirect_chain == [(page_url(credentials), 302)]
    credentials.refresh_from_db()
    assert (credentials.state, credentials.reason) == (
        "disputed",
        "Signed by the NCB, not the minister.",
    )
    assert AuditRecord.objects.filter(action="credentials.disputed").count() == 1


def test_an_invalid_decision_is_refused_with_a_message(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    credentials = delegation["credentials"]
    decide = reverse("admin:delegates_credentials_decide", args=[credentials.pk])
    response = client.post(decide, {"state": "pending"}, follow=True)
    assert response.status_code == 200
    assert len(messages_of(response)) == 1
    credentials.refresh_from_db()
    assert credentials.state == "received"


def test_resolutions_officers_read_credentials_but_do_not_decide(client, delegation):
    client.force_login(staff(RESOLUTIONS_OFFICERS))
    credentials = delegation["credentials"]
    page = client.get(page_url(credentials)).content.decode()
    decide = reverse("admin:delegates_credentials_decide", args=[credentials.pk])
    assert decide not in page and 'name="_save"' not in page
    response = client.post(decide, {"state": "accepted"})
    assert response.status_code == 403
    credentials.refresh_from_db()
    assert credentials.state == "received"


def test_the_inline_letter_is_framed_by_this_site_only(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    url = reverse("admin:delegates_credentials_letter", args=[delegation["credentials"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    # The portal's download stays an attachment that no page may frame.
    download = client.get(
        reverse("delegates:credentials-letter", args=[delegation["credentials"].pk])
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Frame-Options"] == "DENY"


def test_the_inline_letter_is_for_staff_who_may_view_credentials(client, delegation):
    url = reverse("admin:delegates_credentials_letter", args=[delegation["credentials"].pk])
    client.force_login(staff(PROGRAMME_OFFICERS))
    assert client.get(url).status_code == 403
    client.force_login(delegation["head"].person.user)
    assert client.get(url).status_code == 302


def test_a_stored_file_that_is_not_a_pdf_is_never_shown_inline(client, delegation):
    credentials = delegation["credentials"]
    with credentials.letter.storage.open(credentials.letter.name, "wb") as handle:
        handle.write(b"<html><script>alert(1)</script></html>")
    client.force_login(staff(REGISTRATION_OFFICERS))
    url = reverse("admin:delegates_credentials_letter", args=[credentials.pk])
    assert client.get(url).status_code == 404


# --- the delegation page -----------------------------------------------------------------------


def test_delegation_page_gathers_members_letter_and_history(client, delegation):
    officer = staff(REGISTRATION_OFFICERS)
    client.force_login(officer)
    austria = delegation["delegation"]
    page = client.get(page_url(austria)).content.decode()
    for text in (
        "Alex Adler",
        "Bea Berger",
        "Alex Castell",
        "Nominated by Alex Adler",
        "By the person themself",
        "Colonel",
        "Criminal Intelligence Service",
    ):
        assert text in page, text
    letter = reverse("admin:delegates_credentials_letter", args=[delegation["credentials"].pk])
    assert f'src="{letter}"' in page
    decide = reverse("admin:delegates_credentials_decide", args=[delegation["credentials"].pk])
    assert f'action="{decide}"' in page
    # Buttons for the two submitted members, none for the approved head.
    for key, expected in (("nominated", True), ("self", True), ("head", False)):
        url = reverse("admin:delegates_registration_approve", args=[delegation[key].pk])
        assert (f'action="{url}"' in page) is expected, key
    # Saved from this page: the voting delegate only (the other fields are read-only).
    assert 'name="_save"' in page
    assert 'name="voting_delegate"' in page
    assert 'name="country"' not in page


def test_decisions_from_the_delegation_page_come_back_to_it(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    austria = delegation["delegation"]
    nominated, castell = delegation["nominated"], delegation["self"]
    response = client.post(
        reverse("admin:delegates_registration_approve", args=[nominated.pk]),
        {"return_to": "delegation"},
    )
    assert response["Location"] == f"{page_url(austria)}#members"
    response = client.post(
        reverse("admin:delegates_registration_reject", args=[castell.pk]),
        {"return_to": "delegation", "reason": "Registered twice."},
    )
    assert response["Location"] == f"{page_url(austria)}#members"
    response = client.post(
        reverse("admin:delegates_credentials_decide", args=[delegation["credentials"].pk]),
        {"return_to": "delegation", "state": "accepted", "reason": ""},
        follow=True,
    )
    assert response.redirect_chain == [(f"{page_url(austria)}#credentials", 302)]
    statuses = dict(
        Registration.objects.filter(delegation=austria).values_list("person__family_name", "status")
    )
    assert statuses == {"Adler": "approved", "Berger": "approved", "Castell": "rejected"}
    assert Credentials.objects.get(delegation=austria).state == "accepted"

    # The history, newest first: the credentials' decision, then the rejection, the approval…
    history = response.context["history"]
    assert [entry["record"].action for entry in history][:3] == [
        "credentials.accepted",
        "registration.reject",
        "registration.approve",
    ]
    assert {entry["record"].action for entry in history} >= {
        "registration.submit",
        "credentials.upload",
    }
    page = response.content.decode()
    assert "Registered twice." in page
    assert "Credentials accepted" in page and "Letter of credentials uploaded" in page


def test_history_is_about_this_delegation_only(client, delegation, session91):
    other = register(session=session91, country=Country.objects.get(iso_code="DE"), user=True)
    client.force_login(staff(REGISTRATION_OFFICERS))
    response = client.get(page_url(delegation["delegation"]))
    targets = {entry["record"].target_repr for entry in response.context["history"]}
    assert str(other) not in targets
    assert str(delegation["nominated"]) in targets


def test_programme_officers_see_the_delegation_without_members_letter_or_history(
    client, delegation
):
    client.force_login(staff(PROGRAMME_OFFICERS))
    response = client.get(page_url(delegation["delegation"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bea Berger" not in page
    assert reverse(
        "admin:delegates_credentials_letter", args=[delegation["credentials"].pk]
    ) not in (page)
    assert response.context["history"] == []


def _add_members(session, austria, count):
    head = Registration.objects.get(delegation__country=austria, category="head")
    for n in range(count):
        services.registration_submit(
            person=services.person_create(
                email=f"member{n}@example.org",
                given_name="Member",
                family_name=f"N{n:03d}",
                actor=None,
            ),
            session=session,
            category="additional",
            delegation=head.delegation,
            actor=head.person.user,
        )


@pytest.mark.parametrize("size", [2, 20])
def test_delegation_page_queries_do_not_grow_with_members(
    client, delegation, session91, austria, django_assert_num_queries, size
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff(REGISTRATION_OFFICERS))
    url = page_url(delegation["delegation"])
    client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        client.get(url)
    _add_members(session91, austria, size)
    with django_assert_num_queries(len(baseline.captured_queries)):
        response = client.get(url)
    assert len(response.context["members"]) == 3 + size


@pytest.mark.parametrize("reason", ["Forged\x00 letter", "Forged\x1b letter", "x" * 2001])
def test_a_hostile_reason_is_refused_with_a_message(client, delegation, reason):
    client.force_login(staff(REGISTRATION_OFFICERS))
    castell, credentials = delegation["self"], delegation["credentials"]
    for url, data in (
        (reverse("admin:delegates_registration_reject", args=[castell.pk]), {"reason": reason}),
        (
            reverse("admin:delegates_credentials_decide", args=[credentials.pk]),
            {"state": "rejected", "reason": reason},
        ),
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert len(messages_of(response)) == 1, url
    castell.refresh_from_db()
    credentials.refresh_from_db()
    assert (castell.status, credentials.state) == ("submitted", "received")
    assert not AuditRecord.objects.filter(
        action__in=["registration.reject", "credentials.rejected"]
    ).exists()


def test_pending_credentials_are_marked_received_from_the_delegation_page(
    client, delegation, session91
):
    germany = register(
        session=session91, country=Country.objects.get(iso_code="DE"), category="head"
    ).delegation
    credentials = Credentials.objects.get(delegation=germany)
    officer = staff(REGISTRATION_OFFICERS)
    client.force_login(officer)
    receive = reverse("admin:delegates_credentials_receive", args=[credentials.pk])
    decide = reverse("admin:delegates_credentials_decide", args=[credentials.pk])
    page = client.get(page_url(germany)).content.decode()
    assert f'action="{receive}"' in page and f'action="{decide}"' not in page
    assert "No letter has been uploaded." in page

    response = client.post(receive, {"return_to": "delegation"}, follow=True)
    assert response.redirect_chain == [(f"{page_url(germany)}#credentials", 302)]
    credentials.refresh_from_db()
    assert credentials.state == "received"
    record = AuditRecord.objects.get(action="credentials.receive")
    assert record.actor == officer
    page = response.content.decode()
    assert f'action="{receive}"' not in page and f'action="{decide}"' in page


def test_resolutions_officers_do_not_mark_credentials_received(client, delegation, session91):
    germany = register(session=session91, country=Country.objects.get(iso_code="DE")).delegation
    credentials = Credentials.objects.get(delegation=germany)
    client.force_login(staff(RESOLUTIONS_OFFICERS))
    receive = reverse("admin:delegates_credentials_receive", args=[credentials.pk])
    assert receive not in client.get(page_url(germany)).content.decode()
    assert client.post(receive).status_code == 403
    credentials.refresh_from_db()
    assert credentials.state == "pending"


def test_the_arabic_delegation_page_is_right_to_left(client, delegation):
    client.force_login(staff(REGISTRATION_OFFICERS))
    response = client.get(page_url(delegation["delegation"]), HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    # The decisions and the letter are there in Arabic too (catalogue strings or not).
    decide = reverse("admin:delegates_credentials_decide", args=[delegation["credentials"].pk])
    assert f'action="{decide}"' in page and "<iframe" in page
