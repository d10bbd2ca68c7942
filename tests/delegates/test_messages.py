"""Messages to delegations: written in four languages, sent to an audience through the mail
queue, each recipient in their language, with a record of who got what."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from assembly.models import Country, OutboundMail
from assembly.roles import roles_sync
from delegates import services
from delegates.models import DelegationMessageRecipient

from .factories import _english, make_user, register  # noqa: F401  (autouse)

pytestmark = pytest.mark.django_db

SUBJECTS = {"en": "Credentials", "fr": "Pouvoirs", "es": "Credenciales", "ar": "وثائق التفويض"}
BODIES = {
    "en": "Please send your credentials.",
    "fr": "Veuillez envoyer vos pouvoirs.",
    "es": "Envíen sus credenciales.",
    "ar": "يرجى إرسال وثائق التفويض.",
}


def _message(session, **overrides):
    return services.delegation_message_save(
        session=session,
        subjects=overrides.get("subjects", SUBJECTS),
        bodies=overrides.get("bodies", BODIES),
        actor=None,
    )


@pytest.fixture
def heads(session91):
    """Four heads of delegation (one per language) without credentials; one delegate."""
    countries = ["AT", "FR", "ES", "EG"]
    languages = ["en", "fr", "es", "ar"]
    made = {}
    for iso, language in zip(countries, languages, strict=True):
        made[language] = register(
            session=session91,
            country=Country.objects.get(iso_code=iso),
            category="head",
            status="approved",
            preferred_language=language,
        )
    made["delegate"] = register(
        session=session91, country=Country.objects.get(iso_code="AT"), status="approved"
    )
    OutboundMail.objects.all().delete()  # the registration mails: not what is tested here
    return made


def test_recipients_are_the_audience_each_in_their_language(session91, heads):
    message = _message(session91)
    count = services.delegation_message_send(
        message=message, audience="heads_credentials_not_received", actor=None
    )
    assert count == 4
    recipients = {r.person_id: r for r in DelegationMessageRecipient.objects.all()}
    assert set(recipients) == {heads[code].person_id for code in ("en", "fr", "es", "ar")}
    for code in ("en", "fr", "es", "ar"):
        recipient = recipients[heads[code].person_id]
        assert recipient.language == code
        assert recipient.mail.to == [heads[code].person.email]
        assert recipient.mail.subject == SUBJECTS[code]
        assert recipient.mail.body == BODIES[code]
    assert OutboundMail.objects.count() == 4
    message.refresh_from_db()
    assert message.sent_at is not None and message.audience == "heads_credentials_not_received"


def test_a_second_send_does_not_double(session91, heads):
    message = _message(session91)
    services.delegation_message_send(message=message, audience="heads", actor=None)
    again = services.delegation_message_send(message=message, audience="heads", actor=None)
    assert again == 0
    assert DelegationMessageRecipient.objects.count() == 4
    assert OutboundMail.objects.count() == 4
    # A wider audience later reaches only those not yet sent the message.
    wider = services.delegation_message_send(
        message=message, audience="approved_delegates", actor=None
    )
    assert wider == 1
    assert OutboundMail.objects.count() == 5


def test_the_database_refuses_a_second_row_for_a_person(session91, heads):
    message = _message(session91)
    services.delegation_message_send(message=message, audience="heads", actor=None)
    row = DelegationMessageRecipient.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DelegationMessageRecipient.objects.create(
            message=message, person=row.person, email=row.email, language="en"
        )


def test_a_message_missing_a_language_is_refused(session91, heads):
    message = _message(session91, bodies={**BODIES, "ar": " "})
    with pytest.raises(ValidationError) as error:
        services.delegation_message_send(message=message, audience="heads", actor=None)
    assert "ar" in error.value.messages[0]
    assert not DelegationMessageRecipient.objects.exists()
    assert not OutboundMail.objects.exists()


def test_an_unknown_audience_is_refused(session91, heads):
    message = _message(session91)
    with pytest.raises(ValidationError):
        services.delegation_message_send(message=message, audience="everyone", actor=None)


def test_nothing_half_saved_when_a_mail_row_fails(session91, heads, monkeypatch):
    """The third mail row cannot be written: no recipient row, no mail, the message unsent."""
    import assembly.services

    real = assembly.services.outbound_mail_queue
    calls = []

    def failing_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise IntegrityError("the mail row could not be written")
        return real(**kwargs)

    monkeypatch.setattr(assembly.services, "outbound_mail_queue", failing_third)
    message = _message(session91)
    with pytest.raises(IntegrityError):
        services.delegation_message_send(message=message, audience="heads", actor=None)
    assert len(calls) == 3
    assert not DelegationMessageRecipient.objects.exists()
    assert not OutboundMail.objects.exists()
    message.refresh_from_db()
    assert message.sent_at is None


def test_only_the_registration_desk_may_send(client, session91, heads):
    roles_sync()
    message = _message(session91)
    url = reverse("admin:delegates_delegationmessage_send", args=[message.pk])
    for group, allowed in [
        ("Programme officers", False),
        ("Resolutions officers", False),
        ("Registration officers", True),
    ]:
        user = make_user(is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        response = client.post(url, {"audience": "heads", "confirm": "yes"})
        assert (response.status_code == 403) is not allowed, group
    assert DelegationMessageRecipient.objects.count() == 4


def test_the_send_page_previews_the_count_and_confirms(admin_client, session91, heads):
    message = _message(session91)
    url = reverse("admin:delegates_delegationmessage_send", args=[message.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    confirm = admin_client.post(url, {"audience": "heads"})
    assert confirm.status_code == 200
    assert b"4" in confirm.content
    assert not DelegationMessageRecipient.objects.exists()
    done = admin_client.post(url, {"audience": "heads", "confirm": "yes"})
    assert done.status_code == 302
    assert DelegationMessageRecipient.objects.count() == 4
    change = admin_client.get(
        reverse("admin:delegates_delegationmessage_change", args=[message.pk])
    )
    assert change.status_code == 200
    assert heads["ar"].person.email.encode() in change.content


def test_each_audience_names_the_right_people(session91, heads):
    """France's credentials are received, Spain's rejected; Austria designated a voter."""
    from delegates.audiences import AUDIENCES
    from delegates.models import Credentials, Delegation

    Credentials.objects.filter(delegation=heads["fr"].delegation).update(state="received")
    Credentials.objects.filter(delegation=heads["es"].delegation).update(state="rejected")
    Delegation.objects.filter(pk=heads["en"].delegation_id).update(
        voting_delegate=heads["delegate"]
    )

    def people(key):
        return set(AUDIENCES[key].registrations(session91).values_list("person_id", flat=True))

    def of(*keys):
        return {heads[key].person_id for key in keys}

    assert people("heads") == of("en", "fr", "es", "ar")
    assert people("heads_credentials_not_received") == of("en", "ar")
    assert people("heads_credentials_rejected") == of("es")
    assert people("heads_without_voting_delegate") == of("fr", "es", "ar")
    assert people("approved_delegates") == of("en", "fr", "es", "ar", "delegate")
