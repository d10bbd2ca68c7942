"""Mail of the delegates app, each in its recipient's preferred language, sent after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import Credentials, Person, Registration


def _send(*, person: Person, template: str, context: dict) -> None:
    """Render ``delegates/email/<template>_subject.txt`` and ``.txt`` in the person's language."""
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"person": person, "ORGANISATION_NAME": settings.ORGANISATION_NAME, **context}
        subject = render_to_string(f"delegates/email/{template}_subject.txt", context)
        body = render_to_string(f"delegates/email/{template}.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [person.email],
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
    """Tell the head of delegation, if there is one, of the Bureau's decision."""
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
            status__in=Registration.ACTIVE_STATUSES,
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
