"""The delegate portal as a delegate and a head of delegation use it."""

import datetime
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assembly.models import AuditRecord, Country
from delegates import services
from delegates.models import Credentials, Delegation, Person, Registration

from .factories import _english, make_person, make_user, observer_organisation, pdf_bytes, register  # noqa: F401  (autouse)


@pytest.fixture
def delegate_user(austria):
    user = make_user("anna@example.org")
    make_person(user=user, country=austria, given_name="Anna", family_name="Gruber")
    return user


@pytest.fixture
def head_at(session91, austria):
    """An approved head of the Austrian delegation, signed-in user returned."""
    registration = register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        email="head.at@example.org",
    )
    return registration.person.user


def test_portal_asks_for_a_profile_first(client, session91):
    client.force_login(make_user())
    response = client.get(reverse("delegates:portal"))
    assert response.status_code == 200
    assert "Complete my profile" in response.content.decode()
    response = client.get(reverse("delegates:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("delegates:profile")


def test_profile_is_created_with_the_account_email(client, session91, austria):
    user = make_user("karl@example.org")
    client.force_login(user)
    response = client.post(
        reverse("delegates:profile"),
        {
            "given_name": "Karl",
            "family_name": "Huber",
            "given_name_ar": "كارل",
            "family_name_ar": "هوبر",
            "country": austria.pk,
            "preferred_language": "de-not-a-language",
        },
    )
    assert response.status_code == 400
    assert not Person.objects.exists()
    response = client.post(
        reverse("delegates:profile"),
        {
            "given_name": "Karl",
            "family_name": "Huber",
            "country": austria.pk,
            "preferred_language": "fr",
            "email": "someone.else@example.org",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.user, person.email, person.preferred_language) == (
        user,
        "karl@example.org",
        "fr",
    )


def test_register_in_the_countrys_delegation(client, session91, austria, delegate_user):
    client.force_login(delegate_user)
    response = client.post(
        reverse("delegates:register"), {"category": "delegate", "country": austria.pk}
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.session, registration.delegation.country, registration.status) == (
        session91,
        austria,
        "submitted",
    )
    assert registration.delegation.credentials.state == "pending"
    page = client.get(reverse("delegates:portal")).content.decode()
    assert "Austria" in page and "submitted" in page


def test_register_as_observer(client, session91, delegate_user):
    organisation = observer_organisation()
    client.force_login(delegate_user)
    response = client.post(
        reverse("delegates:register"), {"category": "observer", "organisation": organisation.pk}
    )
    assert response.status_code == 302
    assert Registration.objects.get().delegation.organisation == organisation


@pytest.mark.parametrize(
    "data, message",
    [
        ({"category": "delegate", "country": 999999}, "Select a valid choice"),
        ({"category": "delegate"}, "Choose the member country of your delegation."),
        ({"category": "observer"}, "Choose your observer organisation."),
        ({"category": "secretariat"}, "Select a valid choice"),
        ({"category": "president", "country": 1}, "Select a valid choice"),
    ],
)
def test_bad_registration_input_is_refused_and_changes_nothing(
    client, session91, delegate_user, data, message
):
    client.force_login(delegate_user)
    response = client.post(reverse("delegates:register"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert not Delegation.objects.exists()


def test_bad_input_message_is_translated(client, session91, delegate_user):
    client.force_login(delegate_user)
    response = client.post("/fr/delegates/register/", {"category": "delegate", "country": 0})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()
    response = client.post("/ar/delegates/register/", {"category": "delegate", "country": 0})
    assert 'dir="rtl"' in response.content.decode()


def test_duplicate_registration_is_refused(client, session91, austria, delegate_user):
    client.force_login(delegate_user)
    client.post(reverse("delegates:register"), {"category": "delegate", "country": austria.pk})
    response = client.post(
        reverse("delegates:register"), {"category": "head", "country": austria.pk}
    )
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert Registration.objects.get().category == "delegate"


def test_full_delegation_refuses_the_eleventh_counted_delegate_with_a_message(
    client, session91, austria, delegate_user
):
    for category in ["head"] + ["delegate"] * 9:
        register(session=session91, country=austria, category=category, status="approved")
    client.force_login(delegate_user)
    response = client.post(
        reverse("delegates:register"), {"category": "delegate", "country": austria.pk}
    )
    assert response.status_code == 400
    assert "already has 10 delegates" in response.content.decode()
    assert Registration.objects.count() == 10


def test_extra_fields_posted_change_nothing(client, session91, austria, delegate_user):
    """SECURITY.md 5: status, country, is_staff posted to portal forms are ignored."""
    client.force_login(delegate_user)
    client.post(
        reverse("delegates:register"),
        {
            "category": "delegate",
            "country": austria.pk,
            "status": "approved",
            "is_staff": "1",
            "session": 1,
            "version": 99,
        },
    )
    registration = Registration.objects.get()
    assert (registration.status, registration.version) == ("submitted", 1)
    germany = Country.objects.get(iso_code="DE")
    client.post(
        reverse("delegates:registration-edit"),
        {"category": "additional", "version": 1, "status": "approved", "country": germany.pk},
    )
    registration.refresh_from_db()
    assert (registration.category, registration.status, registration.delegation.country) == (
        "additional",
        "submitted",
        austria,
    )
    client.post(
        reverse("delegates:profile"),
        {
            "given_name": "Anna",
            "family_name": "Gruber",
            "preferred_language": "en",
            "email": "evil@example.org",
            "user": 1,
            "deletion_requested_at": "2020-01-01T00:00:00Z",
        },
    )
    delegate_user.refresh_from_db()
    person = Person.objects.get(user=delegate_user)
    assert (person.email, person.deletion_requested_at) == ("anna@example.org", None)
    assert not delegate_user.is_staff


def test_edit_is_refused_once_decided_and_on_stale_version(
    client, session91, austria, delegate_user
):
    client.force_login(delegate_user)
    client.post(reverse("delegates:register"), {"category": "delegate", "country": austria.pk})
    response = client.post(
        reverse("delegates:registration-edit"), {"category": "additional", "version": 7}
    )
    assert response.status_code == 400
    assert "Someone else changed this registration" in response.content.decode()
    registration = Registration.objects.get()
    services.registration_approve(registration=registration, actor=None)
    response = client.get(reverse("delegates:registration-edit"))
    assert response.status_code == 404


def test_withdraw_own_registration(client, session91, austria, delegate_user):
    client.force_login(delegate_user)
    client.post(reverse("delegates:register"), {"category": "delegate", "country": austria.pk})
    # A page asks to confirm first; it changes nothing.
    confirm = client.get(reverse("delegates:registration-withdraw"))
    assert confirm.status_code == 200
    assert "Do you really want to withdraw your registration" in confirm.content.decode()
    assert Registration.objects.get().status == "submitted"
    response = client.post(reverse("delegates:registration-withdraw"))
    assert response.status_code == 302
    assert Registration.objects.get().status == "withdrawn"
    assert AuditRecord.objects.filter(action="registration.withdraw", actor=delegate_user).exists()


def test_personal_data_download_holds_own_data_only(client, session91, austria, delegate_user):
    register(session=session91, country=austria, email="other@example.org", phone="+43 1 999")
    client.force_login(delegate_user)
    client.post(reverse("delegates:register"), {"category": "delegate", "country": austria.pk})
    response = client.get(reverse("delegates:personal-data"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-personal-data.json"'
    data = json.loads(response.content)
    assert data["profile"]["email"] == "anna@example.org"
    assert data["profile"]["family_name"] == "Gruber"
    assert [r["session"] for r in data["registrations"]] == [91]
    assert "other@example.org" not in response.content.decode()


def test_request_deletion(client, session91, delegate_user, django_capture_on_commit_callbacks):
    client.force_login(delegate_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delegates:request-deletion"))
    assert response.status_code == 302
    assert Person.objects.get(user=delegate_user).deletion_requested_at is not None
    assert mail.outbox[-1].to == ["anna@example.org"]


def test_head_sees_own_delegation_and_nominates(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    """The head's nomination is an invitation: no profile, no registration until the person
    accepts (SECURITY.md 32); the mail goes out in the language the head chose."""
    from delegates.models import Invitation

    other = register(session=session91, country=Country.objects.get(iso_code="DE"))
    client.force_login(head_at)
    page = client.get(reverse("delegates:delegation"))
    assert page.status_code == 200
    assert other.person.family_name not in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("delegates:delegation-nominate"),
            {
                "given_name": "Eva",
                "family_name": "Bauer",
                "email": "eva@example.org",
                "category": "additional",
                "language": "fr",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="eva@example.org")
    assert (invitation.delegation.country, invitation.category, invitation.invited_by) == (
        austria,
        "additional",
        head_at,
    )
    assert not Person.objects.filter(email__iexact="eva@example.org").exists()
    assert not Registration.objects.filter(email__iexact="eva@example.org").exists()
    assert mail.outbox[-1].to == ["eva@example.org"]
    assert "Autriche" in mail.outbox[-1].subject
    assert "/fr/delegates/invitation/" in mail.outbox[-1].body


def test_head_withdraws_own_member_but_not_another_countrys(client, session91, austria, head_at):
    """SECURITY.md 2: a head of X cannot withdraw a delegate of Y; nothing is saved."""
    own = register(session=session91, country=austria)
    foreign = register(session=session91, country=Country.objects.get(iso_code="DE"))
    client.force_login(head_at)
    url = reverse("delegates:delegation-member-withdraw", args=[foreign.pk])
    assert client.post(url).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "submitted"
    url = reverse("delegates:delegation-member-withdraw", args=[own.pk])
    assert client.post(url).status_code == 302
    own.refresh_from_db()
    assert own.status == "withdrawn"


def test_a_pending_head_has_no_powers(client, session91, austria):
    registration = register(session=session91, country=austria, category="head", user=True)
    client.force_login(registration.person.user)
    assert client.get(reverse("delegates:delegation")).status_code == 404
    assert client.get(reverse("delegates:credentials-upload")).status_code == 404


def _upload(client, content, name="letter.pdf", content_type="application/pdf"):
    return client.post(
        reverse("delegates:credentials-upload"),
        {
            "file": SimpleUploadedFile(name, content, content_type),
            "issuing_authority": "foreign_minister",
            "issued_on": "2023-10-02",
        },
    )


def test_head_uploads_credentials_and_downloads_them_as_attachment(
    client, session91, austria, head_at
):
    client.force_login(head_at)
    response = _upload(client, pdf_bytes(), name="../../../etc/Brief Österreich.pdf")
    assert response.status_code == 302
    credentials = Credentials.objects.get(delegation__country=austria)
    assert credentials.state == "received"
    assert credentials.issued_on == datetime.date(2023, 10, 2)
    assert "Brief" not in credentials.letter.name and ".." not in credentials.letter.name
    response = client.get(reverse("delegates:credentials-letter", args=[credentials.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="credentials-91-AT.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
