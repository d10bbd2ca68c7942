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
    country's delegation. Heads declare themselves at sign-up; their powers over the
    delegation start only once the secretariat has approved them."""
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
    """The head of the owning delegation, the uploader, and staff allowed to view credentials."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff and user.has_perm("delegates.view_credentials"):
        return True
    if credentials.uploaded_by_id is not None and credentials.uploaded_by_id == user.pk:
        return True
    return Registration.objects.filter(
        person__user=user,
        delegation_id=credentials.delegation_id,
        category=Registration.Category.HEAD,
        status=Registration.Status.APPROVED,
    ).exists()
