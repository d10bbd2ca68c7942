"""Heads confirmed, members invited, rights ending with the role, the voting delegate.

SECURITY.md 31 (rights end with the role), 32 (nothing joined without acceptance; no
enumeration through a head's nomination), 33 (a request holds no seat).
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from assembly.models import Country
from delegates import selectors, services
from delegates.models import Invitation, Person, Registration

from .factories import _english, make_person, make_user, pdf_bytes, register  # noqa: F401  (autouse)

LINK = re.compile(r"https?://[^\s]+/delegates/invitation/([^/\s]+)/")


@pytest.fixture
def head_at(session91, austria):
    """The confirmed head of the Austrian delegation (confirmed by the secretariat)."""
    return register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        email="head.at@example.org",
    )


def _nominate(client, email, *, capture, category="delegate", **extra):
    with capture(execute=True):
        return client.post(
            reverse("delegates:delegation-nominate"),
            {
                "email": email,
                "given_name": "Eva",
                "family_name": "Bauer",
                "category": category,
                "language": "en",
                **extra,
            },
            follow=True,
        )


def _token_sent_to(email: str) -> str:
    sent = [message for message in mail.outbox if message.to == [email]]
    return LINK.search(sent[-1].body).group(1)


def _invitation_url(token: str) -> str:
    return reverse("delegates:invitation", kwargs={"token": token})


def _profile(**changes):
    return {
        "given_name": "Eva",
        "family_name": "Bauer",
        "preferred_language": "en",
        **changes,
    }


# SECURITY.md 33: nobody takes a seat by declaring it ---------------------------------------------


def test_a_head_request_holds_no_seat_and_gives_no_powers(client, session91, austria):
    first = register(session=session91, country=austria, category="head", user=True)
    second = register(session=session91, country=austria, category="head", user=True)
    for request in (first, second):
        client.force_login(request.person.user)
        assert client.get(reverse("delegates:delegation")).status_code == 404
    # The secretariat confirms the head the letter names; the other request stays a request.
    services.head_confirm(registration=second, actor=None)
    client.force_login(second.person.user)
    assert client.get(reverse("delegates:delegation")).status_code == 200
    first.refresh_from_db()
    assert first.status == "submitted"
    with pytest.raises(ValidationError, match="already has a head"):
        services.registration_approve(registration=first, actor=None)


def test_ten_self_registrations_leave_every_seat_to_the_heads_nominations(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    """Ten accounts register themselves as delegates of Austria: none holds a seat. The head's
    nine nominations all succeed and, once accepted, fill the ten; no request can then be
    confirmed."""
    requests = [
        register(session=session91, country=austria, category="delegate", user=True)
        for _ in range(10)
    ]
    assert all(request.status == "submitted" for request in requests)
    client.force_login(head_at.person.user)
    emails = [f"member{n}@example.org" for n in range(9)]
    for email in emails:
        response = _nominate(client, email, capture=django_capture_on_commit_callbacks)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("delegates:delegation")
    assert Invitation.objects.filter(status="pending").count() == 9
    # The open invitations hold their seats: a request cannot be confirmed now.
    with pytest.raises(ValidationError, match="10 delegates"):
        services.registration_approve(registration=requests[0], actor=None)
    for email in emails:
        token = _token_sent_to(email)
        client.force_login(make_user(email))
        response = client.post(_invitation_url(token), {"answer": "accept", **_profile()})
        assert response.status_code == 302, response.content.decode()[:500]
    seated = Registration.objects.filter(
        delegation=head_at.delegation, status="approved", category__in=["head", "delegate"]
    )
    assert seated.count() == 10
    client.force_login(head_at.person.user)
    response = client.post(
        reverse("delegates:delegation-request-confirm", args=[requests[0].pk]), follow=True
    )
    assert "already has 10 delegates" in response.content.decode()
    requests[0].refresh_from_db()
    assert requests[0].status == "submitted"


def test_the_head_confirms_or_declines_a_request_of_own_delegation_only(
    client, session91, austria, head_at
):
    own = register(session=session91, country=austria, category="delegate")
    other = register(session=session91, country=Country.objects.get(iso_code="DE"))
    client.force_login(head_at.person.user)
    url = reverse("delegates:delegation-request-confirm", args=[other.pk])
    assert client.post(url).status_code == 404
    assert client.post(
        reverse("delegates:delegation-request-confirm", args=[own.pk])
    ).status_code == (302)
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.status, other.status) == ("approved", "submitted")
    declined = register(session=session91, country=austria, category="additional")
    client.post(
        reverse("delegates:delegation-request-decline", args=[declined.pk]),
        {"reason": "Not a member of our delegation."},
    )
    declined.refresh_from_db()
    assert (declined.status, declined.status_reason) == (
        "rejected",
        "Not a member of our delegation.",
    )


def test_a_request_takes_no_side_event_place(session91, austria):
    from agenda import services as agenda_services
    from agenda.models import SideEventSignup
    from assembly.models import Room
    from tests.agenda.factories import at, make_slot

    room = Room.objects.filter(venue__name_en="Austria Center Vienna").first()
    slot = make_slot(
        session91,
        slug="one-seat",
        kind="side_event",
        start=at(session91, 1, 13),
        end=at(session91, 1, 14),
        room=room,
        capacity=1,
    )
    request = register(session=session91, country=austria)
    with pytest.raises(ValidationError):
        agenda_services.side_event_sign_up(slot=slot, person=request.person)
    seated = register(session=session91, country=austria, status="approved")
    waiting = register(session=session91, country=austria, status="approved")
    assert agenda_services.side_event_sign_up(slot=slot, person=seated.person).status == (
        "confirmed"
    )
    assert agenda_services.side_event_sign_up(slot=slot, person=waiting.person).status == (
        "waitlisted"
    )
    # The seated delegate withdraws: the place goes to the first on the waiting list.
    services.registration_withdraw(registration=seated, actor=None)
    statuses = dict(SideEventSignup.objects.values_list("person_id", "status"))
    assert statuses == {seated.person_id: "cancelled", waiting.person_id: "confirmed"}


# SECURITY.md 32: nothing joined without acceptance; the same answer for every address -----------


def _normalised(html: str, email: str) -> str:
    html = html.replace(email, "EMAIL")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    return re.sub(r"/invitations/\d+/", "/invitations/N/", html)


def test_nominating_a_known_and_an_unknown_address_answers_alike(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    """One address has an account and a profile, the other nothing: the head gets the same
    status, the same page and the same mails (none to the head, one invitation each)."""
    known = "known@example.org"
    make_person(user=make_user(known), country=austria)
    unknown = "unknown@example.org"
    client.force_login(head_at.person.user)
    answers = []
    for email in (known, unknown):
        before = len(mail.outbox)
        response = _nominate(client, email, capture=django_capture_on_commit_callbacks)
        sent = mail.outbox[before:]
        answers.append(
            (
                response.status_code,
                [code for _url, code in response.redirect_chain],
                _normalised(response.content.decode(), email),
                sorted((message.to == [email], message.subject) for message in sent),
                [m for m in sent if m.to == [head_at.email]],
            )
        )
        client.get(reverse("delegates:delegation"))  # flush the flash message
        Invitation.objects.filter(email=email).update(status="revoked")
    assert answers[0] == answers[1]
    assert answers[0][0] == 200
    assert "An invitation is sent to EMAIL" in answers[0][2]
    assert "already exists" not in answers[0][2]


def test_a_visit_attaches_nothing_and_only_the_accepting_holder_joins(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    """The invited address has an account without a profile: visiting the portal attaches
    nothing; another account with the link cannot accept; the holder sees the offer, accepts,
    and only then has a profile and a registration."""
    email = "eva@example.org"
    eva = make_user(email)
    client.force_login(head_at.person.user)
    _nominate(client, email, capture=django_capture_on_commit_callbacks)
    token = _token_sent_to(email)
    client.force_login(eva)
    client.get(reverse("delegates:portal"))
    assert not Person.objects.filter(user=eva).exists()
    assert not Registration.objects.filter(email__iexact=email).exists()

    stranger = make_user("stranger@example.org")
    make_person(user=stranger, country=austria)
    client.force_login(stranger)
    page = client.get(_invitation_url(token))
    assert page.status_code == 200
    assert "sent to another address" in page.content.decode()
    assert client.post(_invitation_url(token), {"answer": "accept"}).status_code == 400
    assert not Registration.objects.filter(person__user=stranger).exists()

    client.logout()
    anonymous = client.get(_invitation_url(token)).content.decode()
    assert "Austria" in anonymous and "Sign in" in anonymous
    assert page["Referrer-Policy"] == "same-origin"

    client.force_login(eva)
    offer = client.get(_invitation_url(token)).content.decode()
    assert "Austria" in offer and "Accept the invitation" in offer
    response = client.post(_invitation_url(token), {"answer": "accept", **_profile()})
    assert response.status_code == 302
    registration = Registration.objects.get(person__user=eva)
    assert (registration.delegation, registration.category, registration.status) == (
        head_at.delegation,
        "delegate",
        "approved",
    )
    assert registration.submitted_by == head_at.person.user
    # The link served once.
    assert client.get(_invitation_url(token)).status_code == 404


def test_an_unclaimed_profile_is_joined_only_by_accepting(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    """A profile made for an address before its holder had an account is not taken over by the
    holder's next visit, only by accepting an invitation."""
    email = "old@example.org"
    person = make_person(email=email, country=austria, given_name="Olga", family_name="Alt")
    holder = make_user(email)
    client.force_login(holder)
    client.get(reverse("delegates:portal"))
    person.refresh_from_db()
    assert person.user is None
    client.force_login(head_at.person.user)
    _nominate(client, email, capture=django_capture_on_commit_callbacks)
    client.force_login(holder)
    response = client.post(_invitation_url(_token_sent_to(email)), {"answer": "accept"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user == holder
    assert Registration.objects.get(person=person).status == "approved"


def test_declined_expired_revoked_and_unknown_links_answer_alike(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    client.force_login(head_at.person.user)
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        _nominate(client, email, capture=django_capture_on_commit_callbacks)
    declined, expired, revoked = (
        _token_sent_to(email) for email in ("a@example.org", "b@example.org", "c@example.org")
    )
    client.logout()
    answer = client.post(_invitation_url(declined), {"answer": "decline"}, follow=True)
    assert answer.redirect_chain[0][1] == 302
    assert "You declined the invitation." in answer.content.decode()
    Invitation.objects.filter(email="b@example.org").update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    services.invitation_revoke(invitation=Invitation.objects.get(email="c@example.org"), actor=None)
    tokens = (declined, expired, revoked, "no-such-token", "x" * 500)
    pages = [client.get(_invitation_url(token)) for token in tokens]
    assert {page.status_code for page in pages} == {404}
    # The same page but for the address itself (in the language links).
    texts = {
        page.content.decode().replace(token, "T") for page, token in zip(pages, tokens, strict=True)
    }
    assert len(texts) == 1
    assert Invitation.objects.get(email="a@example.org").status == "declined"
    assert not Registration.objects.filter(email__in=["a@example.org", "b@example.org"]).exists()


def test_the_secretariat_invites_a_head_through_the_ncb_contact(
    client, session91, austria, django_capture_on_commit_callbacks
):
    from delegates.models import NcbContact

    delegation = services.delegation_for(session=session91, country=austria)
    with pytest.raises(ValidationError, match="no NCB contact"):
        services.invitation_for_ncb(delegation=delegation, actor=None)
    NcbContact.objects.create(country=austria, email="ncb.vienna@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_for_ncb(delegation=delegation, actor=None)
    token = _token_sent_to("ncb.vienna@example.org")
    assert "The secretariat invites you" in mail.outbox[-1].body
    holder = make_user("ncb.vienna@example.org")
    client.force_login(holder)
    response = client.post(
        _invitation_url(token), {"answer": "accept", **_profile(given_name="Karl")}
    )
    assert response.status_code == 302
    assert client.get(reverse("delegates:delegation")).status_code == 200


# SECURITY.md 31: rights end with the role ------------------------------------------------------


def _letter(head):
    return services.credentials_upload(
        delegation=head.delegation,
        file=SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
        issuing_authority="foreign_minister",
        issued_on=None,
        actor=head.person.user,
    )


def _head_pages(client, credentials):
    return [
        client.get(reverse("delegates:delegation")).status_code,
        client.get(reverse("delegates:delegation-nominate")).status_code,
        client.get(reverse("delegates:credentials-letter", args=[credentials.pk])).status_code,
    ]


def test_a_head_who_withdraws_loses_the_pages_and_the_letter_at_once(client, head_at):
    credentials = _letter(head_at)
    client.force_login(head_at.person.user)
    assert _head_pages(client, credentials) == [200, 200, 200]
    client.post(reverse("delegates:registration-withdraw"))
    assert _head_pages(client, credentials) == [404, 404, 404]


def test_a_replaced_head_loses_the_role_and_the_new_head_gets_it(
    client, session91, austria, head_at, django_capture_on_commit_callbacks
):
    credentials = _letter(head_at)
    client.force_login(head_at.person.user)
    _nominate(client, "pending@example.org", capture=django_capture_on_commit_callbacks)
    successor = register(session=session91, country=austria, category="additional", user=True)
    services.head_confirm(registration=successor, actor=None)
    assert _head_pages(client, credentials) == [404, 404, 404]
    head_at.refresh_from_db()
    assert head_at.status == "withdrawn"
    # What the old head sent in the role is taken back with it.
    assert Invitation.objects.get(email="pending@example.org").status == "revoked"
    client.force_login(successor.person.user)
    assert _head_pages(client, credentials) == [200, 200, 200]


def test_a_cancelled_head_loses_the_pages_and_the_letter(client, head_at):
    credentials = _letter(head_at)
    services.registration_cancel(registration=head_at, actor=None, reason="Not appointed.")
    client.force_login(head_at.person.user)
    assert _head_pages(client, credentials) == [404, 404, 404]


# The voting delegate ----------------------------------------------------------------------------


def test_the_head_designates_the_voting_delegate_in_the_portal(client, session91, austria, head_at):
    member = register(session=session91, country=austria, status="approved", user=True)
    request = register(session=session91, country=austria)
    foreign = register(
        session=session91, country=Country.objects.get(iso_code="DE"), status="approved"
    )
    delegation = head_at.delegation
    # Nobody designated: the head votes.
    assert selectors.voting_delegate(delegation) == head_at
    assert selectors.is_voting_delegate(head_at.person.user, session91)
    client.force_login(head_at.person.user)
    url = reverse("delegates:delegation-voting-delegate")
    for refused in (request, foreign):
        assert client.post(url, {"voting_delegate": refused.pk}).status_code == 400
    assert client.post(url, {"voting_delegate": member.pk}).status_code == 302
    delegation.refresh_from_db()
    assert selectors.voting_delegate(delegation) == member
    assert selectors.is_voting_delegate(member.person.user, session91)
    assert not selectors.is_voting_delegate(head_at.person.user, session91)
    # The member withdraws: the designation ends with the role, the head votes again.
    services.registration_withdraw(registration=member, actor=None)
    delegation.refresh_from_db()
    assert delegation.voting_delegate is None
    assert not selectors.is_voting_delegate(member.person.user, session91)
    assert selectors.voting_delegate(delegation) == head_at


def test_a_registration_votes_for_one_delegation_at_most(session91, austria, head_at):
    other = services.delegation_for(session=session91, country=Country.objects.get(iso_code="DE"))
    services.voting_delegate_designate(
        delegation=head_at.delegation, registration=head_at, actor=None
    )
    other.voting_delegate = head_at
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save(update_fields=["voting_delegate"])


def test_a_nomination_with_a_bidi_control_in_the_name_is_refused(client, head_at):
    client.force_login(head_at.person.user)
    response = client.post(
        reverse("delegates:delegation-nominate"),
        {
            "email": "eva@example.org",
            "given_name": "\u202eavE",
            "family_name": "Bauer",
            "category": "delegate",
            "language": "en",
        },
    )
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_a_head_request_is_not_told_of_the_credentials_decision(
    session91, austria, django_capture_on_commit_callbacks
):
    request = register(session=session91, country=austria, category="head", user=True)
    credentials = services.credentials_receive(
        credentials=request.delegation.credentials, actor=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.credentials_decide(
            credentials=credentials, state="rejected", actor=None, reason="Unsigned letter."
        )
    assert [m for m in mail.outbox if m.to == [request.email]] == []
