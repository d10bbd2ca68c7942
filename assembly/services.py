"""Writes of the core app: sessions, countries, documents, and the audit trail used by every app."""

import logging
from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .languages import set_translations
from .models import (
    AssemblySession,
    AuditRecord,
    Country,
    Document,
    DocumentFile,
    OutboundMail,
    Photo,
    Region,
    Room,
    TaskBatch,
    Venue,
    VotingRights,
)
from .translation import SESSION_TEXTS


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    reason: str = "",
    data: dict | None = None,
) -> AuditRecord:
    """Append one record to the audit trail; call it inside the service's transaction."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditRecord.objects.create(
        actor=user,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        target_repr=str(target)[:250],
        reason=reason,
        data=data or {},
    )


def record_save(
    obj: models.Model,
    *,
    actor: Any,
    action: str,
    related: Mapping[str, Iterable] | None = None,
    exclude: Iterable[str] = (),
) -> models.Model:
    """Validate and save ``obj``, set its many-to-many ``related`` values, and audit it.

    The shared last step of the ``<entity>_save`` services (call it inside their transaction):
    ``full_clean`` (``exclude`` names the fields another service owns), save, then one audit
    record ``<action>.create`` or ``<action>.edit``.
    """
    created = obj._state.adding
    obj.full_clean(exclude=list(exclude) or None)
    obj.save()
    for name, values in (related or {}).items():
        getattr(obj, name).set(values)
    audit_record(actor=actor, action=f"{action}.{'create' if created else 'edit'}", target=obj)
    return obj


def record_delete(obj: models.Model, *, actor: Any, action: str) -> None:
    """Audit, then delete ``obj`` (the record keeps its id and name); inside the caller's
    transaction, so a refused delete (a protected reference) leaves no record either."""
    audit_record(actor=actor, action=f"{action}.delete", target=obj)
    obj.delete()


# --- the admin's edits of the core app's records ---


@transaction.atomic
def region_save(*, region: Region, actor: Any) -> Region:
    return record_save(region, actor=actor, action="region")


@transaction.atomic
def region_delete(*, region: Region, actor: Any) -> None:
    record_delete(region, actor=actor, action="region")


@transaction.atomic
def country_save(*, country: Country, actor: Any) -> Country:
    return record_save(country, actor=actor, action="country")


@transaction.atomic
def country_delete(*, country: Country, actor: Any) -> None:
    record_delete(country, actor=actor, action="country")


@transaction.atomic
def venue_save(*, venue: Venue, actor: Any) -> Venue:
    return record_save(venue, actor=actor, action="venue")


@transaction.atomic
def venue_delete(*, venue: Venue, actor: Any) -> None:
    record_delete(venue, actor=actor, action="venue")


@transaction.atomic
def room_save(*, room: Room, actor: Any) -> Room:
    """Save a room; the programme entries held in it show its new name at once."""
    from agenda.services import programme_version_bump, slots_changed

    record_save(room, actor=actor, action="room")
    slots_changed(room=room)
    programme_version_bump()
    return room


@transaction.atomic
def room_delete(*, room: Room, actor: Any) -> None:
    from agenda.services import programme_version_bump, slots_changed

    slots_changed(room=room)
    record_delete(room, actor=actor, action="room")
    programme_version_bump()


@transaction.atomic
def session_save(*, session: AssemblySession, actor: Any) -> AssemblySession:
    """Save a session's edit; which session is current changes only by ``session_make_current``."""
    return record_save(session, actor=actor, action="session", exclude=["is_current"])


@transaction.atomic
def session_delete(*, session: AssemblySession, actor: Any) -> None:
    record_delete(session, actor=actor, action="session")


@transaction.atomic
def voting_rights_save(*, voting_rights: VotingRights, actor: Any) -> VotingRights:
    return record_save(voting_rights, actor=actor, action="voting_rights")


@transaction.atomic
def voting_rights_delete(*, voting_rights: VotingRights, actor: Any) -> None:
    record_delete(voting_rights, actor=actor, action="voting_rights")


@transaction.atomic
def document_save(*, document: Document, actor: Any) -> Document:
    return record_save(document, actor=actor, action="document")


@transaction.atomic
def document_delete(*, document: Document, actor: Any) -> None:
    record_delete(document, actor=actor, action="document")


@transaction.atomic
def document_file_save(*, document_file: DocumentFile, actor: Any) -> DocumentFile:
    return record_save(document_file, actor=actor, action="document_file")


@transaction.atomic
def document_file_delete(*, document_file: DocumentFile, actor: Any) -> None:
    record_delete(document_file, actor=actor, action="document_file")


@transaction.atomic
def photo_save(*, photo: Photo, actor: Any) -> Photo:
    return record_save(photo, actor=actor, action="photo")


@transaction.atomic
def photo_delete(*, photo: Photo, actor: Any) -> None:
    record_delete(photo, actor=actor, action="photo")


@transaction.atomic
def session_make_current(*, session: AssemblySession, actor: Any = None) -> AssemblySession:
    """Make ``session`` the one current session (the database allows only one)."""
    if session.is_current:
        return session
    AssemblySession.objects.filter(is_current=True).update(is_current=False)
    session.is_current = True
    session.save(update_fields=["is_current"])
    audit_record(actor=actor, action="session.make_current", target=session)
    return session


@transaction.atomic
def country_upsert(
    *,
    iso_code: str,
    names: dict[str, str],
    region,
    member_since: int | None = None,
    status: str = "member",
):
    """Create or update a member country by its ISO code, validated like any admin edit."""
    country = Country.objects.filter(iso_code=iso_code).first() or Country(iso_code=iso_code)
    set_translations(country, "name", names)
    country.region = region
    country.member_since = member_since if member_since is not None else country.member_since
    country.status = status
    country.full_clean()
    country.save()
    return country


@transaction.atomic
def session_upsert(
    *,
    number: int,
    titles: dict[str, str],
    introductions: dict[str, str],
    cities: dict[str, str],
    host_country,
    start_date,
    end_date,
    time_zone: str,
    status: str,
    venue=None,
    page: Mapping[str, Mapping[str, str]] | None = None,
) -> AssemblySession:
    """Create or update the session with that ordinal.

    ``page`` gives the other texts of the session's page, each in the four languages: the
    ``tagline``, the ``feature_heading`` and ``feature_text`` of a featured section, and the
    ``themes_introduction``; a text left out is kept as it is.
    """
    session = AssemblySession.objects.filter(number=number).first() or AssemblySession(
        number=number
    )
    for field, values in (
        ("title", titles),
        ("introduction", introductions),
        ("host_city", cities),
        *(page or {}).items(),
    ):
        if field not in SESSION_TEXTS:
            raise ValueError(f"{field} is not a text of the session's page")
        set_translations(session, field, values)
    session.host_country = host_country
    session.venue = venue
    session.start_date = start_date
    session.end_date = end_date
    session.time_zone = time_zone
    session.status = status
    session.full_clean(exclude=["is_current"])
    session.save()
    return session


@transaction.atomic
def photo_upsert(
    *,
    session: AssemblySession,
    order: int,
    captions: Mapping[str, str],
    alt_texts: Mapping[str, str],
    illustration: str,
    width: int,
    height: int,
) -> Photo:
    """Create or update the session's gallery picture at ``order`` as one of the project's
    drawings (a path under static/), with its caption and alternative text."""
    photo = Photo.objects.filter(session=session, order=order).first() or Photo(
        session=session, order=order
    )
    set_translations(photo, "caption", captions)
    set_translations(photo, "alt_text", alt_texts)
    photo.illustration = illustration
    if not photo.image:
        photo.width, photo.height = width, height
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def document_file_attach(*, document, language: str, content):
    """Attach (or replace) the file of one language version of a document."""
    version = DocumentFile.objects.filter(document=document, language=language).first()
    if version is None:
        version = DocumentFile(document=document, language=language)
    elif version.file:
        old = version.file
        transaction.on_commit(lambda: old.storage.delete(old.name))
    version.file.save(content.name, content, save=False)
    version.full_clean()
    version.save()
    return version


# --- operations: outbound mail and task batches ---


def _enqueue_mail(outbound_mail_id: int) -> None:
    from .tasks import send_mail_task

    try:
        send_mail_task.delay(outbound_mail_id)
    except Exception:  # broker down: the row stays queued; `send_queued_mail` sends it later
        logging.getLogger(__name__).exception(
            "mail %s could not be queued; it stays in the outbound mail table as queued",
            outbound_mail_id,
            extra={"outbound_mail": outbound_mail_id},
        )


@transaction.atomic
def outbound_mail_queue(
    *,
    to: list[str] | str,
    subject: str,
    body: str,
    html_body: str = "",
    from_email: str = "",
) -> OutboundMail:
    """Record a mail and send it in the background once the caller's transaction commits.

    The row is written in the caller's transaction: if that rolls back no mail goes out, and
    if the broker or the mail server is down the row stays (queued, retrying or failed) for
    the admin and for ``manage.py send_queued_mail``.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    mail = OutboundMail(
        to=recipients,
        subject=str(subject)[:300],
        body=str(body),
        html_body=str(html_body),
        from_email=from_email,
    )
    mail.full_clean()
    mail.save()
    transaction.on_commit(partial(_enqueue_mail, mail.pk))
    return mail


def outbound_mail_requeue(*, mail: OutboundMail, actor: Any = None) -> OutboundMail:
    """Queue a mail again (a failed one after the mail server is back, or a stuck one)."""
    with transaction.atomic():
        mail = OutboundMail.objects.select_for_update().get(pk=mail.pk)
        if mail.status == OutboundMail.Status.SENT:
            return mail
        mail.status = OutboundMail.Status.QUEUED
        mail.save(update_fields=["status"])
        if actor is not None:
            audit_record(actor=actor, action="outbound_mail.requeue", target=mail)
        transaction.on_commit(partial(_enqueue_mail, mail.pk))
    return mail


@transaction.atomic
def task_batch_start(*, kind: str, label: str, total: int, actor: Any = None) -> TaskBatch:
    """Open a batch of ``total`` items; workers call ``task_batch_advance`` per item."""
    batch = TaskBatch(
        kind=kind,
        label=str(label)[:200],
        total=total,
        started_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    batch.full_clean()
    batch.save()
    if total == 0:
        _task_batch_close(batch)
    return batch


def _task_batch_close(batch: TaskBatch) -> None:
    batch.status = TaskBatch.Status.FAILED if batch.failed else TaskBatch.Status.FINISHED
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])


@transaction.atomic
def task_batch_advance(*, batch_id: int, failed: bool = False, error: str = "") -> TaskBatch:
    """Count one item of a batch as done (or failed); the last one closes the batch.

    Workers run in parallel: the row is locked so that no count is lost.
    """
    batch = TaskBatch.objects.select_for_update().get(pk=batch_id)
    if batch.done >= batch.total:
        raise ValidationError(_("This batch has already done all its items."))
    batch.done += 1
    if failed:
        batch.failed += 1
        if error and len(batch.errors) < 100:
            batch.errors = [*batch.errors, str(error)[:500]]
    batch.save(update_fields=["done", "failed", "errors"])
    if batch.done == batch.total:
        _task_batch_close(batch)
    return batch
