"""Reads of the delegates app used by other apps."""

from assembly.models import AssemblySession, Country

from .models import Credentials


def countries_with_accepted_credentials(session: AssemblySession):
    """Member countries whose delegation's credentials were accepted for ``session``."""
    return Country.objects.filter(
        delegations__session=session,
        delegations__credentials__state=Credentials.State.ACCEPTED,
    )
