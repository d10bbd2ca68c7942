"""Mail of the delegates app, each in its recipient's preferred language.

Every mail goes through the operations mail queue (``assembly.services.outbound_mail_queue``):
the row is written in the caller's transaction and sent by a task after commit, retried on
failure and kept as failed, never lost silently. A rolled-back change leaves no mail.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from assembly.services import outbound_mail_queue

from .models import Credentials, Invitation, Person, Registration

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "delegates_mail_suppressed", default=False
)


@contextlib.contextmanager
def suppressed():
    """No mail is queued inside this block (the demo seed, whose addresses are fictitious)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get()


def _send(
    *,
    person: Person | None,
    template: str,
    context: dict,
    to: str = "",
    language: str = "",
) -> None:
    """Render ``delegates/email/<template>_subject.txt`` and ``.txt`` in the person's language
    (or ``language``, to an address ``to`` without a profile) and queue it; it leaves once the
    caller's transaction commits."""
    language = language or (person.preferred_language if person else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"person": person, "ORGANISATION_NAME": settings.ORGANISATION_NAME, **context}
        subject = render_to_string(f"delegates/email/{template}_subject.txt", context)
        body = render_to_string(f"delegates/email/{template}.txt", context)
    outbound_mail_queue(
        to=[to or person.email],
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
    )


def _registration(pk: int) -> Registration | None:
    return (
        Registration.objects.select_related(
            "person", "session", "delegation__country", "delegation__organisation"
        )
        .filter(pk=pk)
        .first()
    )


def _registration_mail(pk: int, template: str) -> None:
    registration = _registration(pk)
    if registration is not None:
        _send(
            person=registration.person,
            template=template,
            context={"registration": registration, "session": registration.session},
        )


def registration_received(pk: int) -> None:
    _registration_mail(pk, "registration_received")


def registration_approved(pk: int) -> None:
    _registration_mail(pk, "registration_approved")


def registration_rejected(pk: int) -> None:
    _registration_mail(pk, "registration_rejected")


def registration_cancelled(pk: int) -> None:
    _registration_mail(pk, "registration_cancelled")


def credentials_decided(pk: int) -> None:
    """Tell the confirmed head of delegation, if there is one, of the Bureau's decision."""
    credentials = (
        Credentials.objects.select_related(
            "delegation__session", "delegation__country", "delegation__organisation"
        )
        .filter(pk=pk)
        .first()
    )
    if credentials is None:
        return
    head = (
        Registration.objects.select_related("person")
        .filter(
            delegation=credentials.delegation,
            category=Registration.Category.HEAD,
            # The confirmed head only: a request as head learns nothing of the credentials.
            status__in=Registration.SEAT_STATUSES,
        )
        .first()
    )
    if head is None:
        return
    _send(
        person=head.person,
        template="credentials_decided",
        context={
            "credentials": credentials,
            "delegation": credentials.delegation,
            "session": credentials.delegation.session,
        },
    )


def deletion_requested(pk: int) -> None:
    person = Person.objects.filter(pk=pk).first()
    if person is not None:
        _send(person=person, template="deletion_requested", context={})


def invitation_sent(pk: int, token: str) -> None:
    """The invitation to join a delegation, in the language chosen by whoever sent it, with
    the link (on the configured site address) that carries its token."""
    from django.urls import reverse

    from assembly.net import site_url

    invitation = (
        Invitation.objects.select_related(
            "delegation__session", "delegation__country", "invited_by__person"
        )
        .filter(pk=pk)
        .first()
    )
    if invitation is None:
        return
    with translation.override(invitation.language):
        link = site_url(reverse("delegates:invitation", kwargs={"token": token}))
    inviter = getattr(invitation.invited_by, "person", None) if invitation.invited_by else None
    _send(
        person=None,
        to=invitation.email,
        language=invitation.language,
        template="invitation",
        context={
            "invitation": invitation,
            "delegation": invitation.delegation,
            "session": invitation.delegation.session,
            "inviter": inviter.full_name if inviter else "",
            "link": link,
        },
    )
