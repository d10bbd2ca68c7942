"""Writes of the core app: sessions, countries, documents, and the audit trail used by every app."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AssemblySession, AuditRecord


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


LANGUAGE_CODES = ("en", "fr", "es", "ar")


def _translated(field: str, values: dict[str, str]) -> dict[str, str]:
    return {f"{field}_{code}": values.get(code, "") for code in LANGUAGE_CODES}


@transaction.atomic
def country_save(
    *,
    iso_code: str,
    names: dict[str, str],
    region,
    member_since: int | None = None,
    status: str = "member",
):
    """Create or update a member country by its ISO code, validated like any admin edit."""
    from .models import Country

    country = Country.objects.filter(iso_code=iso_code).first() or Country(iso_code=iso_code)
    for attribute, value in _translated("name", names).items():
        setattr(country, attribute, value)
    country.name = names["en"]
    country.region = region
    country.member_since = member_since if member_since is not None else country.member_since
    country.status = status
    country.full_clean()
    country.save()
    return country


@transaction.atomic
def session_save(
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
) -> AssemblySession:
    """Create or update the session with that ordinal."""
    session = AssemblySession.objects.filter(number=number).first() or AssemblySession(
        number=number
    )
    for field, values in (
        ("title", titles),
        ("introduction", introductions),
        ("host_city", cities),
    ):
        for attribute, value in _translated(field, values).items():
            setattr(session, attribute, value)
        setattr(session, field, values["en"])
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
def document_file_attach(*, document, language: str, content):
    """Attach (or replace) the file of one language version of a document."""
    from .models import DocumentFile

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
