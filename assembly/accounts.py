"""Writes of user accounts and staff groups: who may change what, each change audited.

SECURITY.md 26: privileges (``is_superuser``, ``is_staff``, groups, permissions), usernames and
passwords of other people, and groups change only for superusers. A staff member who manages
accounts (``auth.change_user``) corrects a delegate's name and email and activates or deactivates
the account; staff accounts and superusers are out of their reach. ``actor=None`` is trusted
code (a management command, the demo), never a request.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .services import audit_record

# What a non-superuser who may change users may correct, on an account without privileges.
ACCOUNT_FIELDS = ("first_name", "last_name", "email", "is_active")
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")
_SUPERUSER_FIELDS = ("username", "is_superuser", "is_staff")


def is_privileged(user) -> bool:
    """A staff account or a superuser: only superusers touch it."""
    return bool(user.is_staff or user.is_superuser)


def may_manage_accounts(actor) -> bool:
    """Superusers, and staff with ``auth.change_user`` (they reach delegates' accounts only)."""
    return bool(
        actor is not None
        and actor.is_active
        and (actor.is_superuser or (actor.is_staff and actor.has_perm("auth.change_user")))
    )


def may_change_account(actor, user) -> bool:
    if actor is None or actor.is_superuser:
        return True
    return may_manage_accounts(actor) and user is not None and not is_privileged(user)


def _require_superuser(actor) -> None:
    if actor is not None and not (actor.is_active and actor.is_superuser):
        raise PermissionDenied(_("Only a superuser may do this."))


_UNCHANGED: Any = object()


@transaction.atomic
def user_update(
    *,
    user,
    actor,
    username: str = _UNCHANGED,
    first_name: str = _UNCHANGED,
    last_name: str = _UNCHANGED,
    email: str = _UNCHANGED,
    is_active: bool = _UNCHANGED,
    is_staff: bool = _UNCHANGED,
    is_superuser: bool = _UNCHANGED,
    groups: Iterable[Group] = _UNCHANGED,
    user_permissions: Iterable[Permission] = _UNCHANGED,
):
    """Change an account; only the fields given, only what ``actor`` may change.

    Raises ``PermissionDenied`` when the actor reaches beyond its role (nothing is saved),
    ``ValidationError`` when another account uses the email. A changed email becomes the
    account's primary sign-in address (allauth), unverified until its owner confirms it.
    Returns early, with no audit record, when nothing changes. The audit record names the
    changed fields and the new privileges, never an email address or a password.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if not may_change_account(actor, user):
        raise PermissionDenied(_("You may not change this account."))
    values = {
        "username": username,
        "first_name": first_name,
        "last_name": last_name,
        "email": email,
        "is_active": is_active,
        "is_staff": is_staff,
        "is_superuser": is_superuser,
    }
    changed = [
        name
        for name, value in values.items()
        if value is not _UNCHANGED and getattr(user, name) != value
    ]
    relations = {}
    if groups is not _UNCHANGED and {g.pk for g in groups} != set(
        user.groups.values_list("pk", flat=True)
    ):
        relations["groups"] = list(groups)
    if user_permissions is not _UNCHANGED and {p.pk for p in user_permissions} != set(
        user.user_permissions.values_list("pk", flat=True)
    ):
        relations["user_permissions"] = list(user_permissions)
    fields = sorted([*changed, *relations])
    if not fields:
        return user
    if any(name not in ACCOUNT_FIELDS for name in fields):
        _require_superuser(actor)
    if actor is not None and actor.pk == user.pk and "is_active" in changed:
        raise PermissionDenied(_("You may not deactivate your own account."))
    old_email = user.email
    for name in changed:
        setattr(user, name, values[name])
    if "email" in changed:
        user.email = get_user_model().objects.normalize_email(user.email)
        _check_email_free(user)
    user.full_clean(exclude=["password"])
    user.save(update_fields=changed)
    for name, related in relations.items():
        getattr(user, name).set(related)
    if "email" in changed:
        _email_address_replace(user=user, old_email=old_email)
    data: dict[str, Any] = {"fields": fields}
    for name in ("is_active", "is_staff", "is_superuser"):
        if name in changed:
            data[name] = values[name]
    if "groups" in relations:
        data["groups"] = sorted(group.name for group in relations["groups"])
    if "user_permissions" in relations:
        data["user_permissions"] = sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in relations["user_permissions"]
        )
    audit_record(actor=actor, action="user.update", target=user, data=data)
    return user


def email_in_use(email: str, *, exclude=None) -> bool:
    """Whether another account signs in with, or holds, this address (any case)."""
    from allauth.account.models import EmailAddress

    users = get_user_model().objects.filter(email__iexact=email)
    addresses = EmailAddress.objects.filter(email__iexact=email)
    if exclude is not None and exclude.pk is not None:
        users = users.exclude(pk=exclude.pk)
        addresses = addresses.exclude(user_id=exclude.pk)
    return users.exists() or addresses.exists()


def email_in_use_error() -> ValidationError:
    return ValidationError(_("Another account uses this email address."), code="email_in_use")


def _check_email_free(user) -> None:
    if user.email and email_in_use(user.email, exclude=user):
        raise ValidationError({"email": email_in_use_error()})


def _email_address_replace(*, user, old_email: str) -> None:
    """The corrected address replaces the old one for signing in, to be verified again."""
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user)
    addresses.filter(email__iexact=old_email).delete()
    if not user.email:
        return
    addresses.update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )


@transaction.atomic
def user_create(*, user, actor):
    """Save a new account built by the admin's add form (superusers only)."""
    _require_superuser(actor)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        target=user,
        data={"usable_password": user.has_usable_password()},
    )
    return user


@transaction.atomic
def user_save(*, user, actor, related: dict | None = None):
    """The admin's form (``ServiceModelAdmin``): a new account through ``user_create``, an
    edited one through ``user_update`` with what the form filled in. ``user_update`` compares
    each value with the stored row, so a field the form does not show (kept as stored) is no
    change, and only a superuser gets past a change beyond ``ACCOUNT_FIELDS``."""
    if user.pk is None:
        user_create(user=user, actor=actor)
        if related:
            return user_update(user=user, actor=actor, **related)
        return user
    values = {name: getattr(user, name) for name in (*_SUPERUSER_FIELDS, *ACCOUNT_FIELDS)}
    return user_update(user=user, actor=actor, **values, **(related or {}))


@transaction.atomic
def user_set_password(*, user, actor, password: str | None):
    """Set another person's password, or disable password sign-in with ``None`` (superusers
    only; people change their own through the password-change page, which asks for the old)."""
    _require_superuser(actor)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        action="user.set_password",
        target=user,
        data={"usable_password": password is not None},
    )
    return user


@transaction.atomic
def user_delete(*, user, actor) -> None:
    """Delete an account (superusers only); the audit record keeps who it was."""
    _require_superuser(actor)
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("You may not delete your own account."))
    audit_record(actor=actor, action="user.delete", target=user)
    user.delete()


@transaction.atomic
def group_save(
    *,
    group: Group,
    actor,
    permissions: Iterable[Permission] | None = None,
    related: dict | None = None,
) -> Group:
    """Create or rename a staff group and set its permissions (superusers only); the admin's
    form gives the permissions as ``related``."""
    _require_superuser(actor)
    if permissions is None and related:
        permissions = related.get("permissions")
    created = group.pk is None
    group.full_clean()
    group.save()
    data: dict[str, Any] = {"created": created}
    if permissions is not None:
        permissions = list(permissions)
        group.permissions.set(permissions)
        data["permissions"] = sorted(
            f"{p.content_type.app_label}.{p.codename}" for p in permissions
        )
    audit_record(actor=actor, action="group.save", target=group, data=data)
    return group


@transaction.atomic
def group_delete(*, group: Group, actor) -> None:
    _require_superuser(actor)
    audit_record(actor=actor, action="group.delete", target=group)
    group.delete()


@transaction.atomic
def email_address_save(*, address, actor):
    """Save a sign-in address edited in the admin (superusers only): whoever holds an
    account's address may reset its password."""
    _require_superuser(actor)
    created = address.pk is None
    address.full_clean()
    address.save()
    audit_record(
        actor=actor,
        action="email_address.save",
        target=address.user,
        data={"created": created, "primary": address.primary, "verified": address.verified},
    )
    return address


@transaction.atomic
def email_address_verify(*, address, actor) -> bool:
    """Mark a sign-in address as verified (superusers only); False when allauth refuses
    (another account has verified it)."""
    _require_superuser(actor)
    if address.verified:
        return True
    if not address.set_verified():
        return False
    audit_record(actor=actor, action="email_address.verify", target=address.user)
    return True


@transaction.atomic
def email_address_delete(*, address, actor) -> None:
    _require_superuser(actor)
    audit_record(
        actor=actor,
        action="email_address.delete",
        target=address.user,
        data={"primary": address.primary},
    )
    address.delete()
