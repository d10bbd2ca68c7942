"""Check-in at the entrance: a scanned badge token records the holder's attendance once."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from assembly.services import audit_record

from .badges import BadgeTokenInvalid, registration_id_from_token
from .models import Attendance, Registration


@dataclass
class CheckIn:
    """The outcome of a scan: whose badge it is and whether this scan was the first."""

    registration: Registration
    attendance: Attendance
    first: bool


def registration_for_token(token: str) -> Registration:
    """The registration a badge token designates; ``ValidationError`` for a forged token."""
    try:
        registration_id = registration_id_from_token(token)
    except BadgeTokenInvalid as error:
        raise ValidationError(BadgeTokenInvalid.message, code="forged") from error
    registration = (
        Registration.objects.select_related(
            "person",
            "session",
            "delegation__country",
            "delegation__organisation",
        )
        .filter(pk=registration_id)
        .first()
    )
    if registration is None:
        # Signed by us but since deleted: as useless as a forged one.
        raise ValidationError(BadgeTokenInvalid.message, code="forged")
    return registration


def attendance_record(*, token: str, actor: Any) -> CheckIn:
    """Record the attendance of the badge holder, once.

    Side effects: on the first scan of an approved registration, one Attendance row and one
    audit record ("attendance.record"). A later scan changes nothing and returns the first one.
    Raises ``ValidationError`` for a forged or tampered token (code "forged"), for the badge of
    another session (code "other_session") and for a registration that is not approved (code
    "not_approved"); nothing is recorded then.
    """
    registration = registration_for_token(token)
    if not registration.session.is_current:
        raise ValidationError(
            _("This badge is for the %(session)s, not for the current session."),
            code="other_session",
            params={"session": registration.session.title},
        )
    if registration.status != Registration.Status.APPROVED:
        raise ValidationError(
            _("This badge is not valid for entry: the registration is %(status)s."),
            code="not_approved",
            params={"status": registration.get_status_display()},
        )
    try:
        with transaction.atomic():
            # Lock the registration so that a concurrent approval change or scan waits.
            locked = Registration.objects.select_for_update().get(pk=registration.pk)
            if locked.status != Registration.Status.APPROVED:
                raise ValidationError(
                    _("This badge is not valid for entry: the registration is %(status)s."),
                    code="not_approved",
                    params={"status": locked.get_status_display()},
                )
            attendance = Attendance.objects.filter(registration=registration).first()
            if attendance is not None:
                return CheckIn(registration=registration, attendance=attendance, first=False)
            attendance = Attendance.objects.create(
                registration=registration,
                checked_in_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(actor=actor, action="attendance.record", target=registration)
    except IntegrityError:
        # Two scanners at once: the other one recorded it (the one-to-one column holds).
        attendance = Attendance.objects.get(registration=registration)
        return CheckIn(registration=registration, attendance=attendance, first=False)
    return CheckIn(registration=registration, attendance=attendance, first=True)
