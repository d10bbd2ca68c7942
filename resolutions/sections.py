"""The block the resolutions app adds to a session's home page: its adopted resolutions."""

from .selectors import adopted_resolutions


def adopted_resolutions_section(session):
    """One query: the session's adopted resolutions in order of adoption, or nothing."""
    resolutions = list(
        adopted_resolutions().filter(session=session).order_by("adoption_number", "id")
    )
    if not resolutions:
        return None
    return "resolutions/session_section.html", {"resolutions": resolutions}
