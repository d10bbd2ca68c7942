"""Who may do what in the delegate portal: object-level predicates, no side effects."""

from __future__ import annotations

from .models import Credentials, Person, Registration


def person_of(user) -> Person | None:
    """The profile of a signed-in user, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("country").filter(user=user).first()


def head_registration(user, session) -> Registration | None:
    """The user's approved head-of-delegation registration for ``session`` in a member
    country's delegation. Nobody is head by declaring it: the powers over the delegation start
    once the secretariat confirms the head (or the head accepts its invitation) and end with
    the registration's status (SECURITY.md 31, 33)."""
    if session is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.select_related("delegation__country", "delegation__credentials")
        .filter(
            person__user=user,
            session=session,
            category=Registration.Category.HEAD,
            status=Registration.Status.APPROVED,
            delegation__country__isnull=False,
        )
        .first()
    )


def can_download_letter(user, credentials: Credentials) -> bool:
    """The confirmed head of the owning delegation and staff allowed to view credentials.

    Having uploaded the letter gives nothing: a head who withdrew, was replaced or rejected
    loses the letter with the role (SECURITY.md 31).
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff and user.has_perm("delegates.view_credentials"):
        return True
    return Registration.objects.filter(
        person__user=user,
        delegation_id=credentials.delegation_id,
        category=Registration.Category.HEAD,
        status=Registration.Status.APPROVED,
    ).exists()
