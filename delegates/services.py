"""Writes of the delegates app: people, delegations, registrations and credentials.

Every function is keyword-only, runs in one transaction, leaves an audit record for each state
change, raises ``ValidationError`` with a translated message, and sends mail only after commit.
"""

from __future__ import annotations

import datetime
import io
import mimetypes
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assembly.models import AssemblySession, Country
from assembly.services import audit_record, record_delete, record_save
from assembly.transitions import transition

from . import emails
from .models import Credentials, Delegation, ObserverOrganisation, Person, Registration

Category = Registration.Category
Status = Registration.Status

# Fields of a Person that the person (or their head of delegation) may edit.
PERSON_EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "given_name_ar",
    "family_name_ar",
    "title",
    "function",
    "agency",
    "country",
    "phone",
    "preferred_language",
    "accessibility_needs",
    "dietary_needs",
    "public_consent",
)


def _max_counted_delegates() -> int:
    """RP 7(1): the head and the delegates together, additional delegates not counted."""
    return getattr(settings, "DELEGATES_MAX_COUNTED", 10)


def _check_version(registration: Registration, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != registration.version:
        raise ValidationError(
            _(
                "Someone else changed this registration while you were editing it. "
                "Reload the page to see their changes, then try again."
            ),
            code="stale",
        )


def _locked(registration: Registration) -> Registration:
    """The registration re-read under a row lock: decisions are made on the current row."""
    return Registration.objects.select_for_update().get(pk=registration.pk)


def _on_commit_mail(send, *args) -> None:
    """Queue a mail in the current transaction: the outbound mail row is written now and sent
    by a task after commit (retried, never lost); a rollback leaves neither row nor mail."""
    if not emails.is_suppressed():
        send(*args)


# People ---------------------------------------------------------------------------------------


@transaction.atomic
def person_create(*, user=None, email: str, actor: Any, **fields: Any) -> Person:
    """Create the profile of a person, for an account (self sign-up) or nominated by a head."""
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown profile fields."), code="unknown_fields")
    if Person.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("A person with this email already exists.")}, code="duplicate"
        )
    person = Person(user=user, email=email, **fields)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="person.create", target=person)
    return person


@transaction.atomic
def person_update(*, person: Person, actor: Any, **fields: Any) -> Person:
    """Change the editable profile fields of a person; the email follows the account."""
    unknown = set(fields) - set(PERSON_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown profile fields."), code="unknown_fields")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, fields[name])
    person.full_clean()
    person.save(update_fields=changed)
    audit_record(actor=actor, action="person.update", target=person, data={"fields": changed})
    return person


@transaction.atomic
def person_photo_replace(*, person: Person, upload: Any, actor: Any) -> Person:
    """Store a badge photo under a generated name (or clear it, ``upload`` empty); the old file
    is deleted once the transaction commits, never before."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    old = person.photo.name if person.photo else ""
    storage = person.photo.storage
    if upload:
        extension = mimetypes.guess_extension(getattr(upload, "content_type", "") or "") or ".jpg"
        person.photo.save(f"{uuid4().hex}{extension}", upload, save=False)
    else:
        person.photo = ""
    person.save(update_fields=["photo"])
    audit_record(actor=actor, action="person.photo", target=person, data={"set": bool(upload)})
    if old:
        transaction.on_commit(lambda: storage.delete(old))
    return person


@transaction.atomic
def observer_organisation_save(
    *, observer_organisation: ObserverOrganisation, actor: Any
) -> ObserverOrganisation:
    return record_save(observer_organisation, actor=actor, action="observer_organisation")


@transaction.atomic
def observer_organisation_delete(
    *, observer_organisation: ObserverOrganisation, actor: Any
) -> None:
    record_delete(observer_organisation, actor=actor, action="observer_organisation")


@transaction.atomic
def person_claim(*, user, actor: Any) -> Person | None:
    """Link the account to the profile a head of delegation created for its verified email.

    A nominated member has no account; when they sign up with the nominated address and verify
    it, the profile (and its registration) becomes theirs. Nothing happens otherwise.
    """
    from allauth.account.models import EmailAddress

    if Person.objects.filter(user=user).exists():
        return None
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    for email in verified:
        person = (
            Person.objects.select_for_update()
            .filter(email__iexact=email, user__isnull=True)
            .first()
        )
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
            audit_record(actor=actor, action="person.claim", target=person)
            return person
    return None


@transaction.atomic
def person_request_deletion(*, person: Person, actor: Any) -> Person:
    """Record that the person asked for their personal data to be erased; staff act on it."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.deletion_requested_at is not None:
        return person
    person.deletion_requested_at = timezone.now()
    person.save(update_fields=["deletion_requested_at"])
    audit_record(actor=actor, action="person.request_deletion", target=person)
    _on_commit_mail(emails.deletion_requested, person.pk)
    return person


# Delegations ----------------------------------------------------------------------------------


@transaction.atomic
def delegation_for(
    *,
    session: AssemblySession,
    country: Country | None = None,
    organisation: ObserverOrganisation | None = None,
) -> Delegation:
    """The delegation of a member country or observer organisation, created with its
    Credentials row (pending) the first time it is asked for."""
    if (country is None) == (organisation is None):
        raise ValidationError(
            _("A delegation belongs to a member country or to an observer organisation."),
            code="country_xor_organisation",
        )
    if country is not None and country.status != Country.Status.MEMBER:
        raise ValidationError(
            {"country": _("Only member countries send a delegation.")}, code="not_member"
        )
    lookup = {"session": session, "country": country, "organisation": organisation}
    delegation = Delegation.objects.filter(**lookup).first()
    if delegation is None:
        try:
            # A savepoint: two first registrations of a country may race to create it.
            with transaction.atomic():
                delegation = Delegation(**lookup)
                delegation.full_clean(validate_constraints=False)
                delegation.save()
        except IntegrityError:
            delegation = Delegation.objects.get(**lookup)
    Credentials.objects.get_or_create(delegation=delegation)
    return delegation


# Registrations --------------------------------------------------------------------------------


def _check_category(category: str, delegation: Delegation | None) -> None:
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a valid category.")}, code="category")
    if category in (Category.HEAD, Category.DELEGATE, Category.ADDITIONAL):
        if delegation is None or delegation.country_id is None:
            raise ValidationError(
                _("Heads of delegation and delegates register in a member country's delegation."),
                code="needs_country",
            )
    elif category == Category.OBSERVER:
        if delegation is None or delegation.organisation_id is None:
            raise ValidationError(
                _("Observers register under an observer organisation."),
                code="needs_organisation",
            )
    elif delegation is not None:
        raise ValidationError(
            _("Secretariat and media register outside any delegation."), code="no_delegation"
        )


def _check_delegation_room(
    *, delegation: Delegation, category: str, exclude: Registration | None = None
) -> None:
    """RP 7(1) under a row lock on the delegation: one head, at most ten counted delegates."""
    Delegation.objects.select_for_update().get(pk=delegation.pk)
    active = Registration.objects.filter(
        delegation=delegation, status__in=Registration.ACTIVE_STATUSES
    )
    if exclude is not None:
        active = active.exclude(pk=exclude.pk)
    if category == Category.HEAD and active.filter(category=Category.HEAD).exists():
        raise ValidationError(
            {"category": _("This delegation already has a head of delegation.")},
            code="head_taken",
        )
    if category in Registration.COUNTED_CATEGORIES:
        counted = active.filter(category__in=Registration.COUNTED_CATEGORIES).count()
        limit = _max_counted_delegates()
        if counted >= limit:
            raise ValidationError(
                {
                    "category": _(
                        "This delegation already has %(limit)s delegates counting the head "
                        "(RP 7(1)). Register as an additional delegate only if you are one."
                    )
                    % {"limit": limit}
                },
                code="delegation_full",
            )


def _check_session_open(session: AssemblySession) -> None:
    if session.status == AssemblySession.Status.CLOSED:
        raise ValidationError(_("Registration for this session is closed."), code="session_closed")


@transaction.atomic
def registration_submit(
    *,
    person: Person,
    session: AssemblySession,
    category: str,
    delegation: Delegation | None = None,
    actor: Any,
) -> Registration:
    """Register ``person`` for ``session``: one registration per person and session.

    Side effects: an audit record; the "received" email after commit.
    """
    _check_session_open(session)
    if delegation is not None and delegation.session_id != session.pk:
        raise ValidationError(
            _("This delegation belongs to another session."), code="wrong_session"
        )
    _check_category(category, delegation)
    # The person's row lock makes two parallel submissions of one person queue up.
    person = Person.objects.select_for_update().get(pk=person.pk)
    already = _("You are already registered for this session.")
    if Registration.objects.filter(session=session, person=person).exists():
        raise ValidationError(already, code="already_registered")
    if Registration.objects.filter(session=session, email__iexact=person.email).exists():
        raise ValidationError(already, code="already_registered")
    if delegation is not None:
        _check_delegation_room(delegation=delegation, category=category)
    registration = Registration(
        session=session,
        person=person,
        email=person.email,
        delegation=delegation,
        category=category,
        status=Status.SUBMITTED,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as error:
        # The constraints of the table are the last word when checks above raced.
        raise ValidationError(already, code="already_registered") from error
    audit_record(
        actor=actor,
        action="registration.submit",
        target=registration,
        data={"category": category, "delegation": delegation.pk if delegation else None},
    )
    _on_commit_mail(emails.registration_received, registration.pk)
    return registration


@transaction.atomic
def registration_update(
    *,
    registration: Registration,
    actor: Any,
    category: str | None = None,
    expected_version: int | None = None,
) -> Registration:
    """Change the category of a registration still submitted; checks RP 7(1) again."""
    registration = _locked(registration)
    _check_version(registration, expected_version)
    if registration.status != Status.SUBMITTED:
        raise ValidationError(
            _("Only a registration still awaiting a decision can be changed."),
            code="not_submitted",
        )
    if category is None or category == registration.category:
        return registration
    _check_category(category, registration.delegation)
    if registration.delegation is not None:
        _check_delegation_room(
            delegation=registration.delegation, category=category, exclude=registration
        )
    previous = registration.category
    registration.category = category
    registration.version += 1
    registration.full_clean(validate_constraints=False)
    registration.save(update_fields=["category", "version", "updated_at"])
    audit_record(
        actor=actor,
        action="registration.update",
        target=registration,
        data={"category": [previous, category]},
    )
    return registration


def _transition(
    *,
    registration: Registration,
    actor: Any,
    to: str,
    action: str,
    reason: str = "",
    expected_version: int | None = None,
    mail=None,
) -> Registration:
    """Move a registration along ``Registration.MOVES`` (``assembly.transitions``); each move
    bumps its version, so that a form opened before it is refused as stale."""

    def update(locked: Registration) -> list[str]:
        locked.status_reason = reason
        locked.version += 1
        return ["status_reason", "version"]

    registration = transition(
        registration,
        to,
        actor=actor,
        action=action,
        reason=reason,
        check=lambda locked: _check_version(locked, expected_version),
        update=update,
    )
    if mail is not None:
        _on_commit_mail(mail, registration.pk)
    return registration


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason.")}, code="reason_required")
    return reason


@transaction.atomic
def registration_approve(
    *, registration: Registration, actor: Any, expected_version: int | None = None
) -> Registration:
    """submitted → approved. Side effects: audit record, "approved" email after commit."""
    return _transition(
        registration=registration,
        actor=actor,
        to=Status.APPROVED,
        action="registration.approve",
        expected_version=expected_version,
        mail=emails.registration_approved,
    )


@transaction.atomic
def registration_reject(
    *,
    registration: Registration,
    actor: Any,
    reason: str,
    expected_version: int | None = None,
) -> Registration:
    """submitted → rejected, with a reason. Side effects: audit record, email after commit."""
    return _transition(
        registration=registration,
        actor=actor,
        to=Status.REJECTED,
        action="registration.reject",
        reason=_require_reason(reason),
        expected_version=expected_version,
        mail=emails.registration_rejected,
    )


@transaction.atomic
def registration_withdraw(*, registration: Registration, actor: Any) -> Registration:
    """submitted | approved → withdrawn, by the person or their head of delegation."""
    return _transition(
        registration=registration,
        actor=actor,
        to=Status.WITHDRAWN,
        action="registration.withdraw",
    )


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Any, reason: str) -> Registration:
    """submitted | approved → cancelled by the secretariat, with a reason."""
    return _transition(
        registration=registration,
        actor=actor,
        to=Status.CANCELLED,
        action="registration.cancel",
        reason=_require_reason(reason),
        mail=emails.registration_cancelled,
    )


# Credentials ----------------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"


def credentials_letter_check(file) -> bytes:
    """The bytes of an uploaded letter if it is a PDF by content and within the size limit."""
    limit = settings.UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {"file": _("The file is too large: at most %(size)s MB.") % {"size": limit // 2**20}},
            code="too_large",
        )
    file.seek(0)
    content = file.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            {"file": _("The file is too large: at most %(size)s MB.") % {"size": limit // 2**20}},
            code="too_large",
        )
    if not content.startswith(PDF_MAGIC):
        raise ValidationError({"file": _("The letter must be a PDF document.")}, code="not_pdf")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if len(reader.pages) < 1:
            raise ValueError("no page")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as error:
        raise ValidationError(
            {"file": _("The letter must be a PDF document that can be opened.")},
            code="not_pdf",
        ) from error
    return content


@transaction.atomic
def credentials_upload(
    *,
    delegation: Delegation,
    file,
    issuing_authority: str,
    issued_on: datetime.date | None,
    actor: Any,
) -> Credentials:
    """Attach the letter of credentials (PDF) to a delegation: pending | received → received.

    The file is stored under a generated name in private storage; if anything fails after it
    was written, it is deleted, and a replaced letter is deleted only after commit.
    """
    from django.core.files.base import ContentFile

    content = credentials_letter_check(file)
    credentials, _created = Credentials.objects.select_for_update().get_or_create(
        delegation=delegation
    )
    if credentials.state not in (Credentials.State.PENDING, Credentials.State.RECEIVED):
        raise ValidationError(
            _("The credentials of this delegation were already decided: %(state)s.")
            % {"state": credentials.get_state_display()},
            code="decided",
        )
    if issuing_authority not in Credentials.Authority.values:
        raise ValidationError(
            {"issuing_authority": _("Choose one of the authorities of RP 8.")},
            code="authority",
        )
    if issued_on is not None and issued_on > timezone.localdate():
        raise ValidationError(
            {"issued_on": _("The letter cannot be issued in the future.")}, code="future"
        )
    old_name = credentials.letter.name if credentials.letter else ""
    previous_state = credentials.state
    credentials.letter.save("letter.pdf", ContentFile(content), save=False)
    new_name = credentials.letter.name
    storage = credentials.letter.storage
    try:
        credentials.issuing_authority = issuing_authority
        credentials.issued_on = issued_on
        credentials.state = Credentials.State.RECEIVED
        credentials.received_on = timezone.localdate()
        credentials.uploaded_at = timezone.now()
        credentials.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
        credentials.full_clean()
        credentials.save()
        audit_record(
            actor=actor,
            action="credentials.upload",
            target=credentials,
            data={"state": [previous_state, credentials.state], "size": len(content)},
        )
    except BaseException:
        storage.delete(new_name)
        raise
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))
    return credentials


@transaction.atomic
def credentials_receive(*, credentials: Credentials, actor: Any) -> Credentials:
    """pending → received: the Credentials Bureau holds the letter (e.g. on paper)."""

    def update(locked: Credentials) -> list[str]:
        locked.received_on = timezone.localdate()
        return ["received_on"]

    return transition(
        credentials,
        Credentials.State.RECEIVED,
        actor=actor,
        action="credentials.receive",
        update=update,
    )


DECISIONS = (
    Credentials.State.ACCEPTED,
    Credentials.State.REJECTED,
    Credentials.State.DISPUTED,
)


@transaction.atomic
def credentials_decide(
    *, credentials: Credentials, state: str, actor: Any, reason: str
) -> Credentials:
    """received | disputed → accepted | rejected | disputed, with a reason (RP 8).

    Rejected credentials make the delegation sit as observer (``Delegation.sits_as_observer``):
    its registrations stay as they are, it does not vote. A disputed case goes to the President,
    whose ruling is recorded by a later decision. Side effects: audit record; an email to the
    head of delegation after commit.
    """
    if state not in DECISIONS:
        raise ValidationError(
            {"state": _("Decide to accept, reject or dispute the credentials.")},
            code="invalid_state",
        )
    reason = (reason or "").strip()
    if state != Credentials.State.ACCEPTED and not reason:
        raise ValidationError({"reason": _("Give a reason.")}, code="reason_required")

    def update(locked: Credentials) -> list[str]:
        locked.reason = reason
        locked.decided_at = timezone.now()
        locked.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        return ["reason", "decided_at", "decided_by"]

    credentials = transition(
        credentials, state, actor=actor, action=f"credentials.{state}", reason=reason, update=update
    )
    _on_commit_mail(emails.credentials_decided, credentials.pk)
    return credentials


# Messages to delegations ----------------------------------------------------------------------


@transaction.atomic
def delegation_message_save(
    *,
    message: Any = None,
    session: AssemblySession,
    subjects: dict[str, str],
    bodies: dict[str, str],
    actor: Any,
) -> Any:
    """Write a message to delegations (subject and text per language); a sent one is kept."""
    from assembly.languages import set_translations

    from .models import DelegationMessage

    if message is None:
        message = DelegationMessage(session=session, created_by=actor)
    else:
        message = DelegationMessage.objects.select_for_update().get(pk=message.pk)
        if message.sent_at is not None:
            raise ValidationError(
                _("This message was sent: it can no longer be changed."), code="sent"
            )
        message.session = session
    set_translations(message, "subject", subjects)
    set_translations(message, "body", bodies)
    message.save()
    audit_record(actor=actor, action="delegation_message.save", target=message, data={})
    return message


@transaction.atomic
def delegation_message_send(*, message: Any, audience: str, actor: Any) -> int:
    """Send ``message`` to every person of ``audience`` who has not received it yet.

    One recipient row and one queued mail per person, in the person's preferred language.
    The four working languages are required (GR 54): a message missing one is refused rather
    than sent in English to some readers. Returns the number of people newly sent the message.
    """
    from assembly.languages import language_codes, missing_languages
    from assembly.services import outbound_mail_queue

    from .audiences import AUDIENCES
    from .models import DelegationMessage, DelegationMessageRecipient

    chosen = AUDIENCES.get(audience)
    if chosen is None:
        raise ValidationError(_("Choose an audience from the list."), code="audience")
    message = DelegationMessage.objects.select_for_update().get(pk=message.pk)
    missing = missing_languages(message, "subject", "body", required=True)
    if missing:
        raise ValidationError(
            _(
                "Write the message in every working language before sending it "
                "(missing: %(languages)s)."
            )
            % {"languages": ", ".join(missing)},
            code="languages",
        )
    codes = language_codes()
    received = set(message.recipients.values_list("person_id", flat=True))
    count = 0
    for registration in chosen.registrations(message.session):
        person = registration.person
        if person.pk in received:
            continue
        received.add(person.pk)
        language = person.preferred_language if person.preferred_language in codes else "en"
        mail = outbound_mail_queue(
            to=[person.email],
            subject=getattr(message, f"subject_{language}"),
            body=getattr(message, f"body_{language}"),
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
        DelegationMessageRecipient.objects.create(
            message=message,
            person=person,
            registration=registration,
            email=person.email,
            language=language,
            mail=mail,
        )
        count += 1
    now = timezone.now()
    message.audience = chosen.key
    message.sent_at = message.sent_at or now
    message.sent_by = message.sent_by or (
        actor if getattr(actor, "is_authenticated", False) else None
    )
    message.save(update_fields=["audience", "sent_at", "sent_by"])
    audit_record(
        actor=actor,
        action="delegation_message.send",
        target=message,
        data={"audience": chosen.key, "recipients": count},
    )
    return count
