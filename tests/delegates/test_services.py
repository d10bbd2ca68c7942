"""The services of the delegates app: RP 7(1) limits, transitions, audit, mail, credentials."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assembly.models import AuditRecord, Country
from delegates import services
from delegates.models import Credentials, Delegation, Registration

from .factories import _english, make_person, make_user, observer_organisation, pdf_bytes, register  # noqa: F401  (autouse)


def test_delegation_for_creates_one_delegation_with_pending_credentials(session91, austria):
    first = services.delegation_for(session=session91, country=austria)
    again = services.delegation_for(session=session91, country=austria)
    assert first.pk == again.pk
    assert Delegation.objects.filter(session=session91, country=austria).count() == 1
    assert first.credentials.state == Credentials.State.PENDING


def test_delegation_needs_a_country_or_an_organisation(session91, austria):
    with pytest.raises(ValidationError):
        services.delegation_for(session=session91)
    with pytest.raises(ValidationError):
        services.delegation_for(
            session=session91, country=austria, organisation=observer_organisation()
        )


def test_one_head_per_delegation(session91, austria):
    register(session=session91, country=austria, category="head")
    with pytest.raises(ValidationError) as error:
        register(session=session91, country=austria, category="head")
    assert "already has a head of delegation" in str(error.value)
    assert Registration.objects.filter(category="head").count() == 1


def test_at_most_ten_counted_delegates_additional_do_not_count(session91, austria):
    register(session=session91, country=austria, category="head")
    for _ in range(9):
        register(session=session91, country=austria, category="delegate")
    with pytest.raises(ValidationError) as error:
        register(session=session91, country=austria, category="delegate")
    assert "10 delegates" in str(error.value)
    extra = register(session=session91, country=austria, category="additional")
    assert extra.status == "submitted"
    counted = Registration.objects.filter(
        delegation__country=austria, category__in=["head", "delegate"]
    )
    assert counted.count() == 10


def test_a_withdrawn_delegate_frees_a_place(session91, austria):
    registrations = [
        register(session=session91, country=austria, category="delegate") for _ in range(10)
    ]
    services.registration_withdraw(registration=registrations[0], actor=None)
    assert register(session=session91, country=austria, category="delegate").status == "submitted"


def test_observer_registers_under_an_organisation(session91, austria):
    organisation = observer_organisation()
    registration = register(session=session91, organisation=organisation, category="observer")
    assert registration.delegation.organisation == organisation
    assert registration.delegation.sits_as_observer
    with pytest.raises(ValidationError):
        register(session=session91, country=austria, category="observer")
    with pytest.raises(ValidationError):
        register(session=session91, organisation=organisation, category="delegate")


def test_registering_twice_is_refused(session91, austria):
    registration = register(session=session91, country=austria)
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            person=registration.person,
            session=session91,
            category="delegate",
            delegation=registration.delegation,
            actor=None,
        )
    assert error.value.messages == ["You are already registered for this session."]
    assert Registration.objects.count() == 1


def test_submit_sends_the_received_mail_in_the_persons_language(
    session91, austria, django_capture_on_commit_callbacks
):
    user = make_user("ines@example.org")
    person = make_person(user=user, country=austria, preferred_language="fr")
    delegation = services.delegation_for(session=session91, country=austria)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(
            person=person,
            session=session91,
            category="delegate",
            delegation=delegation,
            actor=user,
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ines@example.org"]
    assert AuditRecord.objects.filter(action="registration.submit").count() == 1


def test_an_arabic_mail_greets_the_person_by_their_name_in_arabic_script(
    session91, austria, django_capture_on_commit_callbacks
):
    """Issue 13: names in Arabic script on Arabic pages and in Arabic mails."""
    user = make_user("amira@example.org")
    person = make_person(
        user=user,
        country=austria,
        preferred_language="ar",
        given_name="Amira",
        family_name="Haddad",
        given_name_ar="أميرة",
        family_name_ar="حداد",
    )
    delegation = services.delegation_for(session=session91, country=austria)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_submit(
            person=person,
            session=session91,
            category="delegate",
            delegation=delegation,
            actor=user,
        )
    (message,) = mail.outbox
    assert "أميرة حداد" in message.body
    assert "Haddad" not in message.body


def test_transitions_are_audited_with_their_reason(session91, austria):
    staff = make_user("officer@example.org", is_staff=True)
    registration = register(session=session91, country=austria)
    registration = services.registration_reject(
        registration=registration, actor=staff, reason="Not appointed by the government"
    )
    assert registration.status == "rejected"
    record = AuditRecord.objects.get(action="registration.reject")
    assert record.actor == staff
    assert record.reason == "Not appointed by the government"
    assert record.data == {"from": "submitted", "to": "rejected"}
    with pytest.raises(ValidationError):
        services.registration_approve(registration=registration, actor=staff)


def test_reject_and_cancel_need_a_reason(session91, austria):
    registration = register(session=session91, country=austria)
    with pytest.raises(ValidationError):
        services.registration_reject(registration=registration, actor=None, reason="  ")
    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration, actor=None, reason="")
    registration.refresh_from_db()
    assert registration.status == "submitted"


def test_stale_version_is_refused(session91, austria):
    """SECURITY.md 23: the second of two staff edits is told of the conflict."""
    registration = register(session=session91, country=austria)
    seen = registration.version
    services.registration_approve(registration=registration, actor=None, expected_version=seen)
    with pytest.raises(ValidationError) as error:
        services.registration_reject(
            registration=registration, actor=None, reason="late", expected_version=seen
        )
    assert error.value.code == "stale"
    registration.refresh_from_db()
    assert registration.status == "approved"
    assert registration.version == seen + 1


def test_credentials_upload_stores_a_generated_name_and_is_received(session91, austria):
    user = make_user()
    delegation = services.delegation_for(session=session91, country=austria)
    upload = SimpleUploadedFile("../../etc/passwd.pdf", pdf_bytes(), "application/pdf")
    credentials = services.credentials_upload(
        delegation=delegation,
        file=upload,
        issuing_authority="foreign_minister",
        issued_on=datetime.date(2023, 10, 2),
        actor=user,
    )
    assert credentials.state == "received"
    assert credentials.uploaded_by == user
    assert credentials.letter.name.startswith(f"credentials/{session91.pk}/")
    assert "passwd" not in credentials.letter.name
    assert credentials.letter.name.endswith(".pdf")
    assert credentials.letter.storage.exists(credentials.letter.name)


def test_credentials_decision_rejected_makes_the_delegation_sit_as_observer(session91, austria):
    delegation = services.delegation_for(session=session91, country=austria)
    credentials = services.credentials_receive(credentials=delegation.credentials, actor=None)
    with pytest.raises(ValidationError):
        services.credentials_decide(
            credentials=credentials, state="rejected", actor=None, reason=""
        )
    credentials = services.credentials_decide(
        credentials=credentials, state="rejected", actor=None, reason="Signed by a deputy"
    )
    delegation = Delegation.objects.select_related("credentials").get(pk=delegation.pk)
    assert delegation.sits_as_observer
    assert AuditRecord.objects.filter(action="credentials.rejected").count() == 1


def test_credentials_cannot_be_decided_before_they_are_received(session91, austria):
    delegation = services.delegation_for(session=session91, country=austria)
    with pytest.raises(ValidationError):
        services.credentials_decide(
            credentials=delegation.credentials, state="accepted", actor=None, reason=""
        )


def test_non_member_country_has_no_delegation(session91, austria):
    applicant = Country.objects.create(
        name="Applicantland", iso_code="QZ", status="applicant", region=austria.region
    )
    with pytest.raises(ValidationError):
        services.delegation_for(session=session91, country=applicant)


def test_no_registration_for_a_closed_session(session91, austria):
    session91.status = "closed"
    session91.save(update_fields=["status"])
    person = make_person(country=austria)
    delegation = services.delegation_for(session=session91, country=austria)
    with pytest.raises(ValidationError) as error:
        services.registration_submit(
            person=person, session=session91, category="delegate", delegation=delegation, actor=None
        )
    assert error.value.messages == ["Registration for this session is closed."]
    assert not Registration.objects.exists()


def test_the_received_mail_goes_through_the_outbound_mail_queue_after_commit(
    session91, austria, django_capture_on_commit_callbacks
):
    from assembly.models import OutboundMail

    user = make_user("ines@example.org")
    person = make_person(user=user, country=austria, preferred_language="fr")
    delegation = services.delegation_for(session=session91, country=austria)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.registration_submit(
            person=person,
            session=session91,
            category="delegate",
            delegation=delegation,
            actor=user,
        )
        queued = OutboundMail.objects.get()
        assert queued.to == ["ines@example.org"]
        assert queued.status == OutboundMail.Status.QUEUED
        assert mail.outbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()

    queued.refresh_from_db()
    assert queued.status == OutboundMail.Status.SENT
    assert [m.subject for m in mail.outbox] == [queued.subject]
    assert mail.outbox[0].body == queued.body


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_registration_leaves_no_mail_row_and_sends_nothing(session91, austria):
    from django.db import transaction

    from assembly.models import OutboundMail

    user = make_user("ines@example.org")
    person = make_person(user=user, country=austria, preferred_language="fr")
    delegation = services.delegation_for(session=session91, country=austria)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.registration_submit(
            person=person,
            session=session91,
            category="delegate",
            delegation=delegation,
            actor=user,
        )
        assert OutboundMail.objects.count() == 1
        raise RuntimeError("the request failed after the registration")

    assert not Registration.objects.filter(person=person).exists()
    assert OutboundMail.objects.count() == 0
    assert mail.outbox == []
