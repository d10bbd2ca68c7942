"""The audiences of messages to delegations, defined as data in one place.

Each audience names the registrations of a session that receive a message: a key (stored on
the message), a label for the admin, and the query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Credentials, Registration


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    filter: Callable[[], Q]

    def registrations(self, session) -> QuerySet[Registration]:
        return (
            Registration.objects.filter(session=session)
            .filter(self.filter())
            .select_related("person")
            .order_by("person__family_name", "person__given_name", "pk")
        )


def _heads() -> Q:
    """Confirmed heads only: a request as head is nobody's head yet (SECURITY.md 33)."""
    return Q(
        category=Registration.Category.HEAD,
        status__in=Registration.SEAT_STATUSES,
        delegation__country__isnull=False,
    )


AUDIENCES: dict[str, Audience] = {
    audience.key: audience
    for audience in [
        Audience(
            "heads",
            _("Heads of member delegations"),
            _heads,
        ),
        Audience(
            "heads_credentials_not_received",
            _("Heads of delegations whose credentials are not received"),
            lambda: (
                _heads()
                & (
                    Q(delegation__credentials__isnull=True)
                    | Q(delegation__credentials__state=Credentials.State.PENDING)
                )
            ),
        ),
        Audience(
            "heads_credentials_rejected",
            _("Heads of delegations whose credentials are rejected or disputed"),
            lambda: (
                _heads()
                & Q(
                    delegation__credentials__state__in=[
                        Credentials.State.REJECTED,
                        Credentials.State.DISPUTED,
                    ]
                )
            ),
        ),
        Audience(
            "heads_without_voting_delegate",
            _("Heads of delegations without a delegate designated to vote"),
            lambda: _heads() & Q(delegation__voting_delegate__isnull=True),
        ),
        Audience(
            "approved_delegates",
            _("All approved members of delegations"),
            lambda: Q(status=Registration.Status.APPROVED, delegation__isnull=False),
        ),
    ]
}


def audience_choices() -> list[tuple[str, str]]:
    return [(audience.key, audience.label) for audience in AUDIENCES.values()]
