"""What each staff role may do with the delegates app's models (gathered by ``roles_sync``)."""

from assembly.roles import (
    ADMINISTRATORS,
    PROGRAMME_OFFICERS,
    REGISTRATION_OFFICERS,
    RESOLUTIONS_OFFICERS,
)


def _perms(actions: tuple[str, ...], models: tuple[str, ...]) -> list[str]:
    return [f"delegates.{action}_{model}" for model in models for action in actions]


ALL_MODELS = (
    "observerorganisation",
    "person",
    "delegation",
    "registration",
    "credentials",
    "attendance",
    "invitation",
    "ncbcontact",
)

ROLE_PERMISSIONS = {
    # The Credentials Bureau and the registration desk: people, registrations, delegations,
    # credentials, and the check-in at the entrance (add_attendance).
    REGISTRATION_OFFICERS: _perms(("view",), ALL_MODELS)
    + _perms(("add", "change"), ("observerorganisation", "person"))
    + _perms(("change",), ("delegation", "registration", "credentials"))
    # Heads of delegation invited through the NCB contacts, which the desk keeps.
    + _perms(("add", "change"), ("invitation", "ncbcontact"))
    + ["delegates.add_attendance"]
    # Messages to delegations: written and sent by the registration desk (recipients read-only).
    + _perms(("view", "add", "change"), ("delegationmessage",))
    + ["delegates.send_delegationmessage", "delegates.view_delegationmessagerecipient"],
    # Programme officers seat delegations and speakers: they read delegations and who attends.
    PROGRAMME_OFFICERS: _perms(("view",), ("observerorganisation", "delegation", "attendance")),
    # Resolutions officers need to know who may vote: delegations and their credentials.
    RESOLUTIONS_OFFICERS: _perms(("view",), ("observerorganisation", "delegation", "credentials")),
    # Administrators get everything the other roles have (``gather_role_permissions``), and may
    # correct observer organisations' names.
    ADMINISTRATORS: _perms(("view",), ALL_MODELS)
    + _perms(("add", "change", "delete"), ("observerorganisation",)),
}
