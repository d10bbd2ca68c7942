"""Demo data of the resolutions app: the 91st session's drafts, ballots and resolutions."""

from django.db import transaction

from delegates.models import Credentials, Delegation


@transaction.atomic
def ensure_voting_delegations(*, session, countries) -> int:
    """Delegations with accepted credentials for ``countries``, created only where missing.

    The delegates app owns credentials; its demo may already have built them. This only fills
    the gaps the votes need, and never touches a delegation that exists (unique per session and
    country), so it can run before or after the delegates demo, any number of times.
    """
    created = 0
    for country in countries:
        delegation, _ = Delegation.objects.get_or_create(session=session, country=country)
        _credentials, was_created = Credentials.objects.get_or_create(
            delegation=delegation, defaults={"state": Credentials.State.ACCEPTED}
        )
        created += was_created
    return created


def seed(*, stdout) -> None:
    """Filled in below."""
