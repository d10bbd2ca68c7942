"""Staff roles are Django groups with model permissions.

Each app declares the permissions its models give each role in its own ``roles.py`` as
``ROLE_PERMISSIONS = {role: ["app_label.codename", ...]}``; ``roles_sync`` gathers them.
"""

from django.contrib.auth.models import Group, Permission
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
    + ["assembly.view_auditrecord", "auth.view_user", "auth.change_user", "auth.view_group"]
    # Operations: read the outbound mail and the batches, send a failed mail again.
    + ["assembly.view_outboundmail", "assembly.change_outboundmail", "assembly.view_taskbatch"],
}


def gather_role_permissions() -> dict[str, set[str]]:
    """Every app's ROLE_PERMISSIONS merged; administrators get everything any role has."""
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
