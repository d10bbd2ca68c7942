"""SECURITY.md 26: no staff role gives itself or anyone more than it has.

Privileges (superuser, staff, groups, permissions) and other people's passwords change only for
superusers; staff accounts are untouchable by non-superusers; a role that manages accounts
(administrators) corrects a delegate's name and email and activates or deactivates the account,
nothing more. Every answer is checked in the database, not only in the status code.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from assembly.models import AuditRecord
from assembly.roles import ADMINISTRATORS, ROLES, roles_sync
from tests.delegates.factories import PASSWORD
from tests.delegates.factories import make_user as make_account

User = get_user_model()
PRIVILEGE_FIELDS = ["is_superuser", "is_staff", "groups", "user_permissions"]
NEW_PASSWORD = "a brand new password 2026"


@pytest.fixture
def people(db):
    """One staff member per role, a delegate's account, and a superuser."""
    roles_sync()
    staff = {}
    for role in ROLES:
        user = make_account(is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        staff[role] = user
    return {
        "staff": staff,
        "delegate": make_account(),
        "superuser": make_account(is_staff=True, is_superuser=True),
    }


def _privileges(user) -> dict:
    user = User.objects.get(pk=user.pk)
    return {
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "is_active": user.is_active,
        "email": user.email,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(user.user_permissions.values_list("codename", flat=True)),
    }


def _change_form(user, **overrides) -> dict:
    """What the user's change form posts, with ``overrides``: every field of Django's stock form
    is there, so that whatever form the admin shows, a forged field is offered to it."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": list(user.groups.values_list("pk", flat=True)),
        "user_permissions": list(user.user_permissions.values_list("pk", flat=True)),
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _escalation(field: str) -> dict:
    if field in ("is_superuser", "is_staff"):
        return {field: "on"}
    if field == "groups":
        return {"groups": [Group.objects.get(name=ADMINISTRATORS).pk]}
    return {
        "user_permissions": [
            Permission.objects.get(content_type__app_label="auth", codename="change_group").pk,
            Permission.objects.get(content_type__app_label="auth", codename="delete_user").pk,
        ]
    }


@pytest.mark.parametrize("field", PRIVILEGE_FIELDS)
@pytest.mark.parametrize("target", ["itself", "a delegate", "another staff member"])
@pytest.mark.parametrize("role", ROLES)
def test_no_staff_role_grants_a_privilege_through_the_user_change_form(
    client, people, role, target, field
):
    actor = people["staff"][role]
    victim = {
        "itself": actor,
        "a delegate": people["delegate"],
        "another staff member": people["staff"][ROLES[(ROLES.index(role) + 1) % len(ROLES)]],
    }[target]
    before = _privileges(victim)
    client.force_login(actor)

    response = client.post(
        reverse("admin:auth_user_change", args=[victim.pk]),
        _change_form(victim, **_escalation(field)),
    )

    assert response.status_code in (302, 403)
    assert _privileges(victim) == before
    assert not AuditRecord.objects.filter(action__startswith="user.").exists()


@pytest.mark.parametrize("target", ["itself", "a delegate", "another staff member", "superuser"])
@pytest.mark.parametrize("role", ROLES)
def test_no_staff_role_sets_a_password_through_the_admin(client, people, role, target):
    actor = people["staff"][role]
    victim = {
        "itself": actor,
        "a delegate": people["delegate"],
        "another staff member": people["staff"][ROLES[(ROLES.index(role) + 1) % len(ROLES)]],
        "superuser": people["superuser"],
    }[target]
    client.force_login(actor)
    url = reverse("admin:auth_user_password_change", args=[victim.pk])

    assert client.get(url).status_code == 403
    response = client.post(
        url, {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)
    assert not victim.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("field", PRIVILEGE_FIELDS)
def test_a_superuser_still_grants_each_privilege(client, people, field):
    superuser, delegate = people["superuser"], people["delegate"]
    client.force_login(superuser)

    response = client.post(
        reverse("admin:auth_user_change", args=[delegate.pk]),
        _change_form(delegate, **_escalation(field)),
    )

    assert response.status_code == 302
    after = _privileges(delegate)
    expected = {
        "is_superuser": True,
        "is_staff": True,
        "groups": [ADMINISTRATORS],
        "user_permissions": ["change_group", "delete_user"],
    }[field]
    assert after[field] == expected
    record = AuditRecord.objects.get(action="user.update", target_id=str(delegate.pk))
    assert record.actor == superuser
    assert record.data["fields"] == [field]


def test_a_superuser_sets_another_users_password(client, people):
    superuser, delegate = people["superuser"], people["delegate"]
    client.force_login(superuser)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[delegate.pk]),
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    delegate.refresh_from_db()
    assert delegate.check_password(NEW_PASSWORD)
    record = AuditRecord.objects.get(action="user.set_password", target_id=str(delegate.pk))
    assert record.actor == superuser
    assert "password" not in str(record.data).replace("usable_password", "")


def test_administrators_correct_a_delegates_email_and_deactivate_the_account(client, people):
    administrator, delegate = people["staff"][ADMINISTRATORS], people["delegate"]
    client.force_login(administrator)

    response = client.post(
        reverse("admin:auth_user_change", args=[delegate.pk]),
        _change_form(delegate, email="corrected@example.org", is_active=None),
    )

    assert response.status_code == 302
    after = _privileges(delegate)
    assert (after["email"], after["is_active"]) == ("corrected@example.org", False)
    # The sign-in address follows, to be verified again.
    address = EmailAddress.objects.get(user=delegate)
    assert (address.email, address.verified, address.primary) == (
        "corrected@example.org",
        False,
        True,
    )
    record = AuditRecord.objects.get(action="user.update", target_id=str(delegate.pk))
    assert record.actor == administrator
    assert record.data["fields"] == ["email", "is_active"]


def test_an_email_of_another_account_is_refused_with_a_message(client, people):
    administrator, delegate = people["staff"][ADMINISTRATORS], people["delegate"]
    other = make_account()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:auth_user_change", args=[delegate.pk]),
        _change_form(delegate, email=other.email.upper()),
    )

    assert response.status_code == 200
    assert "Another account uses this email address." in response.content.decode()
    assert _privileges(delegate)["email"] == delegate.email


@pytest.mark.parametrize("role", ROLES)
def test_staff_accounts_are_not_listed_to_non_superusers(client, people, role):
    client.force_login(people["staff"][role])

    response = client.get(reverse("admin:auth_user_changelist"))

    if role != ADMINISTRATORS:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    listed = {user.pk for user in response.context["cl"].result_list}
    assert listed == set(User.objects.filter(is_staff=False).values_list("pk", flat=True))
    assert people["delegate"].pk in listed


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_role_changes_a_group_or_its_permissions(client, people, role):
    """Not even the actor's own group: a non-superuser never adds a permission to it."""
    group = Group.objects.get(name=role)
    before = sorted(group.permissions.values_list("pk", flat=True))
    extra = Permission.objects.get(content_type__app_label="auth", codename="change_user").pk
    client.force_login(people["staff"][role])

    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": role, "permissions": [*before, extra]},
    )

    assert response.status_code == 403
    assert sorted(group.permissions.values_list("pk", flat=True)) == before
    assert client.post(reverse("admin:auth_group_add"), {"name": "Mine"}).status_code == 403
    assert not Group.objects.filter(name="Mine").exists()


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_role_deletes_accounts_or_groups_with_the_bulk_action(client, people, role):
    client.force_login(people["staff"][role])
    victims = [people["delegate"].pk, people["superuser"].pk]
    group = Group.objects.get(name=role)

    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": victims, "post": "yes"},
    )
    client.post(
        reverse("admin:auth_group_changelist"),
        {"action": "delete_selected", "_selected_action": [group.pk], "post": "yes"},
    )

    assert User.objects.filter(pk__in=victims).count() == 2
    assert Group.objects.filter(pk=group.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_no_staff_role_changes_a_staff_members_sign_in_address(client, people, role):
    """The allauth address admin would otherwise let one take over a staff account through a
    password reset sent to an address of one's choosing."""
    victim = people["superuser"]
    address = EmailAddress.objects.get(user=victim)
    client.force_login(people["staff"][role])

    client.post(
        reverse("admin:account_emailaddress_change", args=[address.pk]),
        {"user": victim.pk, "email": "mine@example.org", "verified": "on", "primary": "on"},
    )

    address.refresh_from_db()
    assert address.email == victim.email


def test_no_role_may_declare_a_permission_kept_for_superusers(db, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from assembly import roles

    declared = {role: list(perms) for role, perms in roles.ROLE_PERMISSIONS.items()}
    declared[roles.PROGRAMME_OFFICERS].append("auth.change_group")
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", declared)

    with pytest.raises(ImproperlyConfigured, match="auth.change_group"):
        roles.roles_sync()
    assert not Permission.objects.filter(group__isnull=False, codename="change_group").exists()


def test_the_declared_roles_hold_no_permission_kept_for_superusers(people):
    from assembly.roles import SUPERUSER_ONLY_PERMISSIONS

    held = {
        f"{app}.{codename}"
        for app, codename in Permission.objects.filter(group__name__in=ROLES).values_list(
            "content_type__app_label", "codename"
        )
    }
    assert held & SUPERUSER_ONLY_PERMISSIONS == set()


def test_a_superuser_adds_an_account_and_changes_a_group_through_the_services(client, people):
    superuser = people["superuser"]
    client.force_login(superuser)

    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-officer",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    group = Group.objects.get(name=ADMINISTRATORS)
    permission = Permission.objects.get(content_type__app_label="auth", codename="view_permission")
    client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": group.name, "permissions": [permission.pk]},
    )

    assert response.status_code == 302
    created = User.objects.get(username="new-officer")
    assert created.check_password(NEW_PASSWORD)
    assert (created.is_staff, created.is_superuser) == (False, False)
    assert list(group.permissions.values_list("codename", flat=True)) == ["view_permission"]
    assert sorted(
        AuditRecord.objects.filter(actor=superuser).values_list("action", "target_repr")
    ) == [("group.save", ADMINISTRATORS), ("user.create", "new-officer")]
    assert AuditRecord.objects.get(action="group.save").data["permissions"] == [
        "auth.view_permission"
    ]


def test_a_superuser_cannot_deactivate_or_delete_its_own_account(client, people):
    superuser = people["superuser"]
    client.force_login(superuser)

    deactivate = client.post(
        reverse("admin:auth_user_change", args=[superuser.pk]),
        _change_form(superuser, is_active=None),
    )
    delete = client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"})

    assert (deactivate.status_code, delete.status_code) == (403, 403)
    assert User.objects.get(pk=superuser.pk).is_active


def test_administrators_are_offered_a_delegates_name_email_and_active_flag_only(client, people):
    client.force_login(people["staff"][ADMINISTRATORS])

    response = client.get(reverse("admin:auth_user_change", args=[people["delegate"].pk]))

    assert response.status_code == 200
    assert sorted(response.context["adminform"].form.fields) == [
        "email",
        "first_name",
        "is_active",
        "last_name",
    ]
    page = response.content.decode()
    assert "../password/" not in page
    assert 'name="is_superuser"' not in page


def test_a_superuser_verifies_and_changes_sign_in_addresses_through_the_services(client, people):
    superuser, delegate = people["superuser"], people["delegate"]
    address = EmailAddress.objects.get(user=delegate)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    client.force_login(superuser)

    verify = client.post(
        reverse("admin:account_emailaddress_changelist"),
        {"action": "make_verified", "_selected_action": [address.pk]},
    )
    change = client.post(
        reverse("admin:account_emailaddress_change", args=[address.pk]),
        {"user": delegate.pk, "email": "fixed@example.org", "verified": "on", "primary": "on"},
    )

    assert (verify.status_code, change.status_code) == (302, 302)
    address.refresh_from_db()
    assert (address.email, address.verified) == ("fixed@example.org", True)
    assert list(
        AuditRecord.objects.filter(actor=superuser).order_by("id").values_list("action", flat=True)
    ) == ["email_address.verify", "email_address.save"]
