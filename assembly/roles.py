"""Staff roles are Django groups with model permissions.

Each app declares the permissions its models give each role in its own ``roles.py`` as
``ROLE_PERMISSIONS = {role: ["app_label.codename", ...]}``; ``roles_sync`` gathers them.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_noop

REGISTRATION_OFFICERS = gettext_noop("Registration officers")
PROGRAMME_OFFICERS = gettext_noop("Programme officers")
RESOLUTIONS_OFFICERS = gettext_noop("Resolutions officers")
ADMINISTRATORS = gettext_noop("Administrators")
ROLES = [REGISTRATION_OFFICERS, PROGRAMME_OFFICERS, RESOLUTIONS_OFFICERS, ADMINISTRATORS]


def _view(model_labels: list[str]) -> list[str]:
    return [f"{label.split('.')[0]}.view_{label.split('.')[1]}" for label in model_labels]


def _manage(model_labels: list[str]) -> list[str]:
    perms = []
    for label in model_labels:
        app, model = label.split(".")
        perms += [f"{app}.{action}_{model}" for action in ("add", "change", "delete", "view")]
    return perms


_CORE = [
    "assembly.region",
    "assembly.country",
    "assembly.assemblysession",
    "assembly.venue",
    "assembly.room",
    "assembly.document",
    "assembly.documentfile",
    "assembly.photo",
]

ROLE_PERMISSIONS = {
    REGISTRATION_OFFICERS: _view(_CORE)
    + ["assembly.view_auditrecord", "assembly.view_taskbatch", "assembly.view_outboundmail"],
    PROGRAMME_OFFICERS: _view(_CORE)
    + _manage(
        [
            "assembly.document",
            "assembly.documentfile",
            "assembly.photo",
            "assembly.room",
            "assembly.venue",
        ]
    ),
    RESOLUTIONS_OFFICERS: _view(_CORE)
    + _manage(["assembly.votingrights"])
    + ["assembly.view_auditrecord"],
    ADMINISTRATORS: _manage(_CORE + ["assembly.votingrights"])
    # Accounts: delegates' only (name, email, active); privileges stay with superusers
    # (assembly.accounts, SECURITY.md 26).
    + ["assembly.view_auditrecord", "auth.view_user", "auth.change_user", "auth.view_group"]
    # Operations: read the outbound mail and the batches, send a failed mail again.
    + ["assembly.view_outboundmail", "assembly.change_outboundmail", "assembly.view_taskbatch"],
}


# What grants privileges stays with superusers (SECURITY.md 26): creating or deleting accounts,
# changing groups or permissions, changing sign-in addresses. The admin refuses them to
# everyone else anyway; no role declares them, so that no group looks as if it could.
SUPERUSER_ONLY_PERMISSIONS = frozenset(
    [
        "auth.add_user",
        "auth.delete_user",
        *(f"auth.{action}_group" for action in ("add", "change", "delete")),
        *(f"auth.{action}_permission" for action in ("add", "change", "delete")),
        *(f"account.{action}_emailaddress" for action in ("add", "change", "delete")),
    ]
)


def gather_role_permissions() -> dict[str, set[str]]:
    """Every app's ROLE_PERMISSIONS merged; administrators get everything any role has.

    Raises ``ImproperlyConfigured`` when a role declares a permission kept for superusers.
    """
    import importlib

    from django.apps import apps

    autodiscover_modules("roles")
    merged: dict[str, set[str]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.roles")
        except ModuleNotFoundError:
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, set()).update(perms)
    for role in ROLES:
        if role != ADMINISTRATORS:
            merged[ADMINISTRATORS] |= merged[role]
    for role, perms in merged.items():
        if forbidden := sorted(perms & SUPERUSER_ONLY_PERMISSIONS):
            raise ImproperlyConfigured(
                f"The role {role!r} declares {', '.join(forbidden)}: superusers only."
            )
    return merged


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create or update the staff groups so they hold exactly their declared permissions."""
    counts = {}
    for role, labels in gather_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        perms = []
        for label in sorted(labels):
            app_label, codename = label.split(".", 1)
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
        counts[role] = len(perms)
    return counts
