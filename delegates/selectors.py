"""Reads of the delegates app used by other apps and by the portal."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from assembly.models import AssemblySession, Country

from .models import Credentials, Delegation, Person, Registration


def countries_with_accepted_credentials(session: AssemblySession):
    """Member countries whose delegation's credentials were accepted for ``session``."""
    return Country.objects.filter(
        delegations__session=session,
        delegations__credentials__state=Credentials.State.ACCEPTED,
    )


def own_registration(person: Person | None, session: AssemblySession | None):
    if person is None or session is None:
        return None
    return (
        Registration.objects.select_related(
            "delegation__country", "delegation__organisation", "session"
        )
        .filter(person=person, session=session)
        .first()
    )


def delegation_members(delegation: Delegation):
    """The members of a delegation, heads first, with their profiles: a fixed number of queries."""
    return (
        Registration.objects.filter(delegation=delegation)
        .select_related("person")
        .order_by("category", "person__family_name", "person__given_name")
    )


def person_personal_data(person: Person) -> dict:
    """Everything the platform holds about a person, for a download of their own data."""
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("session", "delegation__country", "delegation__organisation")
        .order_by("session__number")
    )
    return {
        "profile": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "given_name_ar": person.given_name_ar,
            "family_name_ar": person.family_name_ar,
            "title": person.title,
            "function": person.function,
            "agency": person.agency,
            "country": person.country.iso_code if person.country else None,
            "email": person.email,
            "phone": person.phone,
            "preferred_language": person.preferred_language,
            "accessibility_needs": person.accessibility_needs,
            "dietary_needs": person.dietary_needs,
            "public_consent": person.public_consent,
            "has_photo": bool(person.photo),
            "deletion_requested_at": (
                person.deletion_requested_at.isoformat() if person.deletion_requested_at else None
            ),
        },
        "registrations": [
            {
                "session": registration.session.number,
                "category": registration.category,
                "status": registration.status,
                "reason": registration.status_reason,
                "delegation": str(
                    registration.delegation.country or registration.delegation.organisation
                )
                if registration.delegation
                else None,
                "created_at": registration.created_at.isoformat(),
                "updated_at": registration.updated_at.isoformat(),
            }
            for registration in registrations
        ],
    }


def without_head(delegations):
    """Member delegations with no head of delegation submitted or approved.

    Observer organisations send observers, not a head: they are never "without a head".
    """
    return delegations.filter(country__isnull=False).exclude(_has_head())


def with_head(delegations):
    return delegations.filter(_has_head())


def _has_head():
    return Exists(
        Registration.objects.filter(
            delegation=OuterRef("pk"),
            category=Registration.Category.HEAD,
            status__in=Registration.ACTIVE_STATUSES,
        )
    )


HISTORY_LIMIT = 100


def delegation_history(
    *,
    delegation: Delegation,
    registration_ids: list[int] | None,
    credentials: Credentials | None,
    limit: int = HISTORY_LIMIT,
):
    """The audit records about a delegation, its registrations (``registration_ids``; None when
    the reader may not see them) and its credentials, newest first: at most ``limit`` of them,
    and whether there were more. One query."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from assembly.models import AuditRecord

    about = Q(
        target_type=ContentType.objects.get_for_model(Delegation), target_id=str(delegation.pk)
    )
    if registration_ids:
        about |= Q(
            target_type=ContentType.objects.get_for_model(Registration),
            target_id__in=[str(pk) for pk in registration_ids],
        )
    if credentials is not None:
        about |= Q(
            target_type=ContentType.objects.get_for_model(Credentials),
            target_id=str(credentials.pk),
        )
    records = list(
        AuditRecord.objects.filter(about)
        .select_related("actor", "target_type")
        .order_by("-at", "-id")[: limit + 1]
    )
    return records[:limit], len(records) > limit


# The voting delegate (issue 15 reads these) ---------------------------------------------------


def voting_delegate(delegation: Delegation) -> Registration | None:
    """Who casts the delegation's vote at its session: the member the head designated, if still
    confirmed in the delegation, else the confirmed head; None without either. Credentials and
    voting rights are the ballot's own checks."""
    designated = delegation.voting_delegate_id
    seated = Registration.objects.select_related("person").filter(
        delegation=delegation, status__in=Registration.SEAT_STATUSES
    )
    if designated is not None:
        registration = seated.filter(pk=designated).first()
        if registration is not None:
            return registration
    return seated.filter(category=Registration.Category.HEAD).first()


def is_voting_delegate(user, session: AssemblySession | None) -> bool:
    """Whether ``user`` casts their country's vote at ``session`` (see ``voting_delegate``)."""
    if session is None or not getattr(user, "is_authenticated", False):
        return False
    own = (
        Registration.objects.select_related("delegation")
        .filter(
            person__user=user,
            session=session,
            status__in=Registration.SEAT_STATUSES,
            delegation__country__isnull=False,
        )
        .first()
    )
    if own is None:
        return False
    chosen = voting_delegate(own.delegation)
    return chosen is not None and chosen.pk == own.pk


def pending_invitations(delegation: Delegation):
    """The delegation's invitations still open, newest first."""
    from django.utils import timezone

    from .models import Invitation

    return (
        Invitation.objects.filter(
            delegation=delegation,
            status=Invitation.Status.PENDING,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def unclaimed_profile_exists(email: str) -> bool:
    """A profile the secretariat made for ``email`` that no account holds yet."""
    return Person.objects.filter(email__iexact=email, user__isnull=True).exists()
