"""The demo data of the delegates app: built through the services, idempotent, fast."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import models
from django.db.models import Count, F

from assembly.models import AssemblySession
from delegates import demo, participants
from delegates.models import (
    Credentials,
    Delegation,
    NcbContact,
    ObserverOrganisation,
    Person,
    Registration,
)


@pytest.fixture
def seeded(core_demo, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo.seed(stdout=out)
    return {"output": out.getvalue(), "callbacks": callbacks}


def test_demo_delegates_delegations_and_states(seeded):
    session = AssemblySession.objects.get(number=91)
    registrations = Registration.objects.filter(session=session)
    assert registrations.count() == 406
    assert dict(registrations.values_list("status").annotate(n=Count("pk")).order_by()) == {
        "approved": 392,
        "submitted": 11,
        "rejected": 3,
    }
    assert dict(registrations.values_list("category").annotate(n=Count("pk")).order_by()) == {
        "head": 160,
        "delegate": 240,
        "observer": 6,
    }
    member_delegations = Delegation.objects.filter(session=session, country__isnull=False)
    assert member_delegations.count() == 160
    states = dict(
        Credentials.objects.filter(delegation__in=member_delegations)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert states == {"accepted": 128, "pending": 8, "received": 8, "rejected": 8, "disputed": 8}
    # Names are obviously fictitious; some are also written in Arabic script.
    assert Person.objects.filter(email="delegate0001@demo.example").get().full_name == (
        "Demo Delegate 0001"
    )
    assert not Person.objects.exclude(given_name="Demo").exists()
    assert Person.objects.get(email="delegate0003@demo.example").full_name_ar == "مندوب تجريبي ٠٠٠٣"
    assert not Person.objects.filter(given_name_ar="").exists()  # every name in both scripts
    # Every state change went through the services: each has its audit record.
    from assembly.models import AuditRecord

    assert AuditRecord.objects.filter(action="registration.submit").count() == 406
    # Heads are confirmed by the Credentials Bureau; the other approvals are registrations'.
    assert AuditRecord.objects.filter(action="registration.head_confirm").count() == 160
    assert AuditRecord.objects.filter(action="registration.approve").count() == 392 - 160
    # Every member delegation has its voting delegate: a confirmed member of its own.
    assert not member_delegations.filter(voting_delegate__isnull=True).exists()
    assert not member_delegations.exclude(
        voting_delegate__delegation=F("pk"), voting_delegate__status="approved"
    ).exists()
    assert member_delegations.filter(voting_delegate__category="delegate").exists()
    # And its NCB contact, through which heads are invited.
    assert NcbContact.objects.count() == 160
    assert AuditRecord.objects.filter(action="credentials.accepted").count() == 128
    # No mail leaves for the fictitious addresses: nothing is left to run after commit but the
    # one refresh of the public list of participants (demo people consent to appear on it).
    assert seeded["callbacks"] == [participants._drop_version]
    assert mail.outbox == []
    from assembly.models import OutboundMail

    assert not OutboundMail.objects.exists()  # nor is any queued


def _observers_have_names_in_four_languages():
    unodc = ObserverOrganisation.objects.get(acronym="UNODC")
    assert (unodc.name_en, unodc.name_fr, unodc.name_es, unodc.name_ar) == (
        "United Nations Office on Drugs and Crime",
        "Office des Nations Unies contre la drogue et le crime",
        "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
    )
    assert ObserverOrganisation.objects.count() == 3
    assert Registration.objects.filter(delegation__organisation=unodc).count() == 2


def _demo_logins(client):
    from allauth.account.models import EmailAddress

    from assembly.roles import REGISTRATION_OFFICERS

    User = get_user_model()
    head = User.objects.get(email=demo.HEAD_EMAIL)
    officer = User.objects.get(email=demo.OFFICER_EMAIL)
    assert head.check_password(demo.HEAD_PASSWORD)
    assert officer.check_password(demo.OFFICER_PASSWORD)
    assert (head.is_staff, officer.is_staff) == (False, True)
    assert list(officer.groups.values_list("name", flat=True)) == [REGISTRATION_OFFICERS]
    assert EmailAddress.objects.get(user=head).verified is True
    registration = Registration.objects.get(person__user=head)
    assert (registration.category, registration.status) == ("head", "approved")
    assert registration.delegation.country.iso_code == "AT"

    # The demo head signs in through allauth and downloads the badge.
    response = client.post(
        "/en/accounts/login/", {"login": demo.HEAD_EMAIL, "password": demo.HEAD_PASSWORD}
    )
    assert response.status_code == 302
    response = client.get("/en/delegates/badge/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_seed_is_idempotent(seeded):
    counts = (
        Person.objects.count(),
        Registration.objects.count(),
        Delegation.objects.count(),
        ObserverOrganisation.objects.count(),
        get_user_model().objects.count(),
    )
    out = io.StringIO()
    demo.seed(stdout=out)
    assert (
        Person.objects.count(),
        Registration.objects.count(),
        Delegation.objects.count(),
        ObserverOrganisation.objects.count(),
        get_user_model().objects.count(),
    ) == counts
    assert "Demo registrations: 406 (0 new), 392 approved" in out.getvalue()
    assert "Demo registrations: 406 (406 new), 392 approved" in seeded["output"]


def test_observers_and_logins(seeded, client):
    """One seeding for several checks. (How long seeding takes is not a test's business: a
    timed assertion failed on a loaded machine; speed belongs to tests/bench/.)"""
    _observers_have_names_in_four_languages()
    _demo_logins(client)


def test_demo_records_who_submitted_and_has_a_sample_message(seeded):
    """Issue 11 B: a registration's page says who submitted it (the person or the head who
    nominated them); the desk finds a message to delegations written in four languages."""
    from delegates.admin_decisions import submitted_how
    from delegates.models import DelegationMessage

    session = AssemblySession.objects.get(number=91)
    registrations = Registration.objects.filter(session=session).select_related(
        "person", "submitted_by__person"
    )
    assert not registrations.filter(submitted_by__isnull=True).exists()
    heads = registrations.filter(category="head")
    assert all(r.submitted_by_id == r.person.user_id for r in heads)
    kinds = {submitted_how(r).split(" ")[0] for r in registrations}
    assert kinds == {"By", "Nominated"}
    nominated = registrations.filter(category="delegate").exclude(
        submitted_by=models.F("person__user")
    )
    for registration in nominated[:20]:
        head = registrations.get(delegation=registration.delegation, category="head")
        assert registration.submitted_by_id == head.person.user_id
    # The demo accounts have no password: nobody signs in as a fictitious delegate.
    assert not any(
        u.has_usable_password()
        for u in get_user_model().objects.filter(email__startswith="delegate")
    )
    # Letters still to decide were uploaded (by the head), so the Bureau reads them inline.
    received = Credentials.objects.filter(delegation__session=session, state="received")
    assert received.count() == 8 and not received.filter(letter="").exists()
    assert not received.filter(uploaded_by__isnull=True).exists()

    message = DelegationMessage.objects.get(session=session)
    assert message.sent_at is None
    assert all(getattr(message, f"subject_{code}") for code in ("en", "fr", "es", "ar"))
    assert all(getattr(message, f"body_{code}") for code in ("en", "fr", "es", "ar"))
