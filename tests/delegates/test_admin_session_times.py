"""The delegates', audit and mail lists of the back office show date-times in the session's time
zone, with the zone named, like the programme and ballot lists (a registration made at 10:00 UTC
reads 11:00 CET, as Vienna's clock said); records of no session use the current session's zone."""

import datetime as dt

import pytest
from django.urls import reverse

from assembly.models import AuditRecord, OutboundMail
from assembly.services import outbound_mail_queue
from delegates import services
from delegates.models import Attendance, Credentials, DelegationMessage, Registration

from .factories import _english, pdf_bytes, register  # noqa: F401  (autouse)

TEN_UTC = dt.datetime(2023, 11, 28, 10, 0, tzinfo=dt.UTC)  # Vienna: 11:00 CET


@pytest.fixture
def at_ten(session91, austria):
    """A registration, its credentials decided, a mail, a message and an audit record, all
    stamped 10:00 UTC."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    registration = register(session=session91, country=austria, category="head", user=True)
    credentials = services.credentials_upload(
        delegation=registration.delegation,
        file=SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
        issuing_authority="foreign_minister",
        issued_on=None,
        actor=None,
    )
    services.credentials_decide(credentials=credentials, state="accepted", actor=None, reason="")
    services.registration_approve(registration=registration, actor=None)
    message = services.delegation_message_save(
        session=session91,
        subjects={"en": "Subject", "fr": "Objet", "es": "Asunto", "ar": "الموضوع"},
        bodies={"en": "Text", "fr": "Texte", "es": "Texto", "ar": "نص"},
        actor=None,
    )
    mail = outbound_mail_queue(to="x@example.org", subject="Hello", body="Hello")
    Registration.objects.filter(pk=registration.pk).update(created_at=TEN_UTC)
    Credentials.objects.filter(pk=credentials.pk).update(decided_at=TEN_UTC)
    DelegationMessage.objects.filter(pk=message.pk).update(created_at=TEN_UTC, sent_at=TEN_UTC)
    OutboundMail.objects.filter(pk=mail.pk).update(created_at=TEN_UTC)
    AuditRecord.objects.update(at=TEN_UTC)
    attendance = Attendance.objects.create(registration=registration)
    Attendance.objects.filter(pk=attendance.pk).update(checked_in_at=TEN_UTC)
    return {"registration": registration, "credentials": credentials, "message": message}


@pytest.mark.parametrize(
    "model",
    ["registration", "credentials", "attendance", "delegationmessage"],
)
def test_delegates_lists_show_the_session_zone(admin_client, at_ten, model):
    content = admin_client.get(reverse(f"admin:delegates_{model}_changelist")).content.decode()
    assert "11:00 CET" in content, model
    assert "10:00 a.m." not in content and "10 a.m." not in content


@pytest.mark.parametrize("model", ["auditrecord", "outboundmail"])
def test_audit_and_mail_lists_show_the_current_session_zone(admin_client, at_ten, model):
    content = admin_client.get(reverse(f"admin:assembly_{model}_changelist")).content.decode()
    assert "11:00 CET" in content, model


def test_registration_page_shows_the_session_zone(admin_client, at_ten):
    registration = at_ten["registration"]
    url = reverse("admin:delegates_registration_change", args=[registration.pk])
    assert "11:00 CET" in admin_client.get(url).content.decode()


def test_delegation_and_credentials_pages_show_the_session_zone(admin_client, at_ten):
    registration = at_ten["registration"]
    url = reverse("admin:delegates_delegation_change", args=[registration.delegation_id])
    page = admin_client.get(url).content.decode()
    assert page.count("11:00 CET") >= 3  # a member's submission, the decision, the history
    url = reverse("admin:delegates_credentials_change", args=[at_ten["credentials"].pk])
    assert "11:00 CET" in admin_client.get(url).content.decode()
