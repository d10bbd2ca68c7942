"""Bad input in every portal form: a clear message, a 400, and nothing changed."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assembly.models import AuditRecord
from delegates import services
from delegates.models import Credentials, Invitation, Person, Registration

from .factories import _english, make_person, make_user, register  # noqa: F401  (autouse)


@pytest.fixture
def head_at(session91, austria):
    registration = register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        email="head.at@example.org",
    )
    return registration.person.user


def _snapshot():
    return (
        list(Person.objects.order_by("pk").values()),
        list(Registration.objects.order_by("pk").values()),
        list(Credentials.objects.order_by("pk").values()),
        list(Invitation.objects.order_by("pk").values()),
        AuditRecord.objects.count(),
    )


PROFILE = {"given_name": "Karl", "family_name": "Huber", "preferred_language": "en"}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"given_name": ""}, "This field is required."),
        ({"given_name": "x" * 101}, "Ensure this value has at most 100 characters"),
        ({"family_name": "Hu\x00ber"}, "Null characters are not allowed."),
        ({"country": "999999"}, "Select a valid choice"),
        ({"country": "AT"}, "Select a valid choice"),
        ({"preferred_language": "de"}, "Select a valid choice"),
        ({"phone": "9" * 41}, "Ensure this value has at most 40 characters"),
    ],
)
def test_profile_form_refuses_bad_input(client, session91, austria, changes, message):
    user = make_user()
    person = make_person(user=user, country=austria, given_name="Anna", family_name="Gruber")
    client.force_login(user)
    before = _snapshot()
    response = client.post(reverse("delegates:profile"), {**PROFILE, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before
    person.refresh_from_db()
    assert person.given_name == "Anna"


NOMINATION = {
    "given_name": "Eva",
    "family_name": "Bauer",
    "email": "eva@example.org",
    "category": "delegate",
    "language": "en",
}


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"category": "head"}, "Select a valid choice"),
        ({"category": "secretariat"}, "Select a valid choice"),
        ({"language": "de"}, "Select a valid choice"),
        ({"family_name": "x" * 101}, "Ensure this value has at most 100 characters"),
        ({"email": ""}, "This field is required."),
    ],
)
def test_nomination_form_refuses_bad_input(client, head_at, changes, message):
    client.force_login(head_at)
    before = _snapshot()
    response = client.post(reverse("delegates:delegation-nominate"), {**NOMINATION, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before


def test_nomination_past_the_limit_is_refused_and_leaves_no_person(
    client, session91, austria, head_at
):
    for _ in range(9):
        register(session=session91, country=austria, category="delegate", status="approved")
    client.force_login(head_at)
    before = _snapshot()
    response = client.post(reverse("delegates:delegation-nominate"), NOMINATION)
    assert response.status_code == 400
    assert "already has 10 delegates" in response.content.decode()
    assert _snapshot() == before
    assert not Person.objects.filter(email="eva@example.org").exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"issuing_authority": "police_chief"}, "Select a valid choice"),
        ({"issued_on": "yesterday"}, "Enter a valid date."),
        ({"file": None}, "This field is required."),
        ({"file": SimpleUploadedFile("empty.pdf", b"", "application/pdf")}, "empty"),
    ],
)
def test_credentials_form_refuses_bad_input(client, head_at, changes, message):
    client.force_login(head_at)
    before = _snapshot()
    data = {
        "issuing_authority": "foreign_minister",
        "issued_on": "2023-10-02",
        "file": SimpleUploadedFile("letter.pdf", b"%PDF-1.4 broken", "application/pdf"),
        **changes,
    }
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(reverse("delegates:credentials-upload"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before


def test_credentials_cannot_be_replaced_once_decided(client, head_at, session91, austria):
    credentials = Credentials.objects.get(delegation__country=austria)
    services.credentials_receive(credentials=credentials, actor=None)
    services.credentials_decide(credentials=credentials, state="accepted", actor=None, reason="")
    from .factories import pdf_bytes

    client.force_login(head_at)
    before = _snapshot()
    response = client.post(
        reverse("delegates:credentials-upload"),
        {
            "issuing_authority": "foreign_minister",
            "issued_on": "2023-10-02",
            "file": SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert response.status_code == 400
    assert "already decided" in response.content.decode()
    assert _snapshot() == before


def test_registration_edit_refuses_bad_input(client, session91, austria):
    registration = register(session=session91, country=austria, user=True)
    client.force_login(registration.person.user)
    before = _snapshot()
    for data in (
        {"category": "observer", "version": 1},
        {"category": "delegate", "version": "x"},
        {"category": "head"},
    ):
        response = client.post(reverse("delegates:registration-edit"), data)
        assert response.status_code == 400
    assert _snapshot() == before


def test_mail_goes_out_in_the_recipients_language(
    session91, austria, django_capture_on_commit_callbacks
):
    staff = make_user(is_staff=True)
    registration = register(
        session=session91, country=austria, email="amira@example.org", preferred_language="fr"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_approve(registration=registration, actor=staff)
    message = mail.outbox[-1]
    assert message.to == ["amira@example.org"]
    assert "91e session de l’Assemblée générale" in message.subject
    assert "91e session de l’Assemblée générale" in message.body
    assert "91st INTERPOL General Assembly" not in message.body


def test_no_mail_when_the_transaction_rolls_back(
    session91, austria, django_capture_on_commit_callbacks
):
    from django.db import transaction

    first = register(session=session91, country=austria)
    second = register(session=session91, country=austria)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.registration_approve(registration=first, actor=None)
            raise RuntimeError("something later in the same transaction failed")
        services.registration_approve(registration=second, actor=None)
    first.refresh_from_db()
    assert first.status == "submitted"
    assert len(callbacks) == 1
    assert [message.to for message in mail.outbox[-1:]] == [[second.person.email]]
    assert first.person.email not in [message.to[0] for message in mail.outbox]
