"""The back office of issue 14: the Credentials Bureau confirms (or replaces) a head, invites a
head through the country's NCB contact, invites a member by email, keeps the NCB contacts.
Every write goes through the services (audited)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from assembly.models import AuditRecord
from assembly.roles import REGISTRATION_OFFICERS, roles_sync
from delegates.models import Invitation, NcbContact, Registration

from .factories import _english, make_user, register  # noqa: F401  (autouse)


@pytest.fixture
def officer(client):
    roles_sync()
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    client.force_login(user)
    return user


def _action(client, changelist, action, objects):
    return client.post(
        reverse(changelist),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )


def test_the_bureau_confirms_a_head_and_replaces_the_previous_one(
    client, officer, session91, austria
):
    first = register(session=session91, country=austria, category="head", user=True)
    response = _action(client, "admin:delegates_registration_changelist", "confirm_head", [first])
    assert "Head of delegation confirmed." in response.content.decode()
    first.refresh_from_db()
    assert (first.category, first.status) == ("head", "approved")
    member = register(session=session91, country=austria, status="approved")
    _action(client, "admin:delegates_registration_changelist", "confirm_head", [member])
    first.refresh_from_db()
    member.refresh_from_db()
    assert (first.status, member.category, member.status) == ("withdrawn", "head", "approved")
    assert AuditRecord.objects.filter(action="registration.head_replaced", actor=officer).exists()
    assert (
        Registration.objects.filter(
            delegation=member.delegation, category="head", status="approved"
        ).count()
        == 1
    )


def test_the_bureau_confirms_one_head_at_a_time(client, officer, session91, austria):
    requests = [register(session=session91, country=austria, category="head") for _ in range(2)]
    response = _action(client, "admin:delegates_registration_changelist", "confirm_head", requests)
    assert "Choose one registration to confirm as head." in response.content.decode()
    assert not Registration.objects.filter(status="approved").exists()


def test_ncb_contacts_and_the_head_invited_through_them(
    client, officer, session91, austria, django_capture_on_commit_callbacks
):
    delegation = register(session=session91, country=austria).delegation
    response = _action(
        client, "admin:delegates_delegation_changelist", "invite_head_through_ncb", [delegation]
    )
    assert "no NCB contact" in response.content.decode()
    response = client.post(
        reverse("admin:delegates_ncbcontact_add"),
        {"country": austria.pk, "email": "ncb.vienna@example.org", "name": "NCB Vienna"},
    )
    assert response.status_code == 302
    assert NcbContact.objects.get(country=austria).email == "ncb.vienna@example.org"
    assert AuditRecord.objects.filter(action="ncb_contact.create").exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = _action(
            client,
            "admin:delegates_delegation_changelist",
            "invite_head_through_ncb",
            [delegation],
        )
    assert "1 invitation sent." in response.content.decode()
    invitation = Invitation.objects.get(email="ncb.vienna@example.org")
    assert (invitation.category, invitation.invited_by) == ("head", officer)
    assert mail.outbox[-1].to == ["ncb.vienna@example.org"]


def test_the_secretariat_invites_a_member_and_takes_the_invitation_back(
    client, officer, session91, austria, django_capture_on_commit_callbacks
):
    delegation = register(session=session91, country=austria).delegation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:delegates_invitation_add"),
            {
                "delegation": delegation.pk,
                "email": "member@example.org",
                "category": "delegate",
                "given_name": "Mia",
                "family_name": "Member",
                "language": "es",
            },
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="member@example.org")
    assert invitation.status == "pending" and len(invitation.token_hash) == 64
    assert mail.outbox[-1].to == ["member@example.org"]
    assert "/es/delegates/invitation/" in mail.outbox[-1].body
    _action(client, "admin:delegates_invitation_changelist", "revoke_selected", [invitation])
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
