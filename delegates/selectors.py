"""Reads of the delegates app used by other apps and by the portal."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce

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
    voting rights are the ballot's own checks. One query."""
    voter = Registration.objects.filter(pk=_voter_id(delegation.pk, delegation.voting_delegate_id))
    return voter.select_related("person").first()


def _voter_id(delegation, designated):
    """The id of who casts the delegation's vote, as an expression: the ``designated``
    registration while seated, else the head. Both are values or ``OuterRef``."""
    seated = Registration.objects.filter(
        delegation_id=delegation, status__in=Registration.SEAT_STATUSES
    )
    return Coalesce(
        Subquery(seated.filter(pk=designated).values("pk")[:1]),
        Subquery(
            seated.filter(category=Registration.Category.HEAD).order_by("pk").values("pk")[:1]
        ),
    )


@dataclass(frozen=True)
class VotingSeat:
    """A user's seat in their country's delegation at a session, and who votes for it."""

    own: Registration | None  # the user's confirmed seat in a country's delegation
    voter_id: int | None  # the registration that casts that delegation's vote

    @property
    def votes(self) -> bool:
        """Whether the user is the one who casts their country's vote."""
        return self.own is not None and self.voter_id == self.own.pk

    @property
    def country(self):
        return self.own.delegation.country if self.own is not None else None

    def voter(self) -> Registration | None:
        """Who casts the delegation's vote (one query more, with their person)."""
        if self.voter_id is None:
            return None
        return Registration.objects.select_related("person").get(pk=self.voter_id)


def voting_seat(user, session_id: int | None) -> VotingSeat:
    """``user``'s seat at the session and its delegation's voter, in one query: what the vote
    page, the vote service and the delegate's home page all ask."""
    if session_id is None or not getattr(user, "is_authenticated", False):
        return VotingSeat(None, None)
    own = (
        Registration.objects.select_related("delegation__country")
        .filter(
            person__user=user,
            session_id=session_id,
            status__in=Registration.SEAT_STATUSES,
            delegation__country__isnull=False,
        )
        .annotate(
            voter_id=_voter_id(
                OuterRef("delegation_id"), OuterRef("delegation__voting_delegate_id")
            )
        )
        .first()
    )
    return VotingSeat(own, own.voter_id if own is not None else None)


def is_voting_delegate(user, session: AssemblySession | None) -> bool:
    """Whether ``user`` casts their country's vote at ``session`` (see ``voting_delegate``)."""
    return voting_seat(user, session.pk if session is not None else None).votes


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
