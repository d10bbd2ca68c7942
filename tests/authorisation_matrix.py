"""The authorisation matrix of the whole project (SECURITY.md 3): what each role gets from each URL.

``tests/delegates/test_authorisation_matrix.py`` walks every URL pattern of the project and
requests it as each role in ``ROLES``; a pattern that no row here matches fails the test. An app
adds its URLs by adding rows to its section below (``AGENDA_ROWS``, ``RESOLUTIONS_ROWS``…).

A row names a URL (``"delegates:portal"``; the route for an unnamed pattern) or a glob
(``"admin:agenda_*"``); the exact name wins over a glob, and the first matching glob wins over
later ones. ``expect`` maps every role to the status it must get, or is a function of the
``Case`` (role, user, world) for rules such as "what the ModelAdmin grants". ``kwargs`` builds
the URL's arguments from the world (the objects ``build_world`` made); ``method`` is GET unless
the view only accepts POST.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ANONYMOUS = "anonymous"
PENDING = "pending delegate"
APPROVED = "approved delegate"
HEAD = "head of delegation"
HEAD_OTHER = "head of another country"
REGISTRATION_OFFICER = "Registration officers"
PROGRAMME_OFFICER = "Programme officers"
RESOLUTIONS_OFFICER = "Resolutions officers"
ADMINISTRATOR = "Administrators"
SUPERUSER = "superuser"

DELEGATES = [PENDING, APPROVED, HEAD, HEAD_OTHER]
STAFF = [REGISTRATION_OFFICER, PROGRAMME_OFFICER, RESOLUTIONS_OFFICER, ADMINISTRATOR]
ROLES = [ANONYMOUS, *DELEGATES, *STAFF, SUPERUSER]
SIGNED_IN = [role for role in ROLES if role != ANONYMOUS]


@dataclass
class Case:
    """One cell: a role, its user (None for anonymous) and the world of objects."""

    role: str
    user: Any
    world: dict
    name: str = ""


@dataclass
class Row:
    pattern: str
    expect: dict[str, int] | Callable[[Case], int]
    kwargs: Callable[[dict], dict] | dict = field(default_factory=dict)
    method: str = "GET"
    # POST rows change the world: they run after every GET, in this order.
    order: int = 0

    def status_for(self, case: Case) -> int:
        if callable(self.expect):
            return self.expect(case)
        return self.expect[case.role]

    def kwargs_for(self, world: dict) -> dict:
        return self.kwargs(world) if callable(self.kwargs) else dict(self.kwargs)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def cells(default: int, anonymous: int | None = None, **by_role: int) -> dict[str, int]:
    """``default`` for every role, ``anonymous`` for visitors, overrides by role key."""
    keys = {
        "pending": PENDING,
        "approved": APPROVED,
        "head": HEAD,
        "head_other": HEAD_OTHER,
        "registration": REGISTRATION_OFFICER,
        "programme": PROGRAMME_OFFICER,
        "resolutions": RESOLUTIONS_OFFICER,
        "administrator": ADMINISTRATOR,
        "superuser": SUPERUSER,
    }
    table = everyone(default)
    if anonymous is not None:
        table[ANONYMOUS] = anonymous
    for key, status in by_role.items():
        table[keys[key]] = status
    return table


def signed_in(status: int, **by_role: int) -> dict[str, int]:
    """Signed-in pages: visitors are sent to sign in (302)."""
    return cells(status, anonymous=302, **by_role)


def staff_only(status: int) -> dict[str, int]:
    """Admin pages outside any model: visitors and delegates are sent to the admin login."""
    return {role: (status if role in STAFF or role == SUPERUSER else 302) for role in ROLES}


# --- the core app and health -----------------------------------------------------------------

ASSEMBLY_ROWS = [
    Row("healthz", everyone(200)),
    # Load balancers ask without signing in; the answer names services, never their addresses.
    Row("readyz", everyone(200)),
    Row("assembly:home", everyone(200)),
    Row("assembly:session-list", everyone(200)),
    Row("assembly:session", everyone(200), kwargs={"number": 91}),
    # The footer's pages (contact, privacy notice, accessibility statement) are public.
    Row("assembly:contact", everyone(200)),
    Row("assembly:privacy", everyone(200)),
    Row("assembly:accessibility", everyone(200)),
    Row("public-media", everyone(404), kwargs={"path": "documents/" + "0" * 32 + ".pdf"}),
]

# --- accounts (django-allauth) ---------------------------------------------------------------

ACCOUNT_ROWS = [
    # Signed-in users are sent on from the entrance pages.
    Row("account_login", cells(302, anonymous=200)),
    Row("account_signup", cells(302, anonymous=200)),
    Row("account_logout", cells(200, anonymous=302)),
    Row("account_inactive", everyone(200)),
    Row("account_reauthenticate", signed_in(200)),
    # Sign-in by code is off: the code pages send back, except the request form.
    Row("account_request_reauthentication_code", signed_in(200)),
    Row("account_confirm_reauthentication_code", signed_in(302)),
    Row("account_email", signed_in(200)),
    Row("account_email_verification_sent", everyone(200)),
    Row("account_change_password", signed_in(200)),
    # Accounts with a password are sent to "change password".
    Row("account_set_password", signed_in(302)),
    Row("account_reset_password", everyone(200)),
    Row("account_confirm_login_code", everyone(302)),
    Row("account_confirm_email", everyone(200), kwargs={"key": "not-a-real-key"}),
    Row("account_reset_password_done", everyone(200)),
    Row("account_reset_password_from_key_done", everyone(200)),
    Row(
        "account_reset_password_from_key",
        everyone(200),
        kwargs={"uidb36": "zz", "key": "not-a-real-key"},
    ),
]

# --- the delegate portal ---------------------------------------------------------------------

HEADS_ONLY = signed_in(404, head=200, head_other=200)


def _NO_PROFILE(status: int) -> dict[str, int]:  # noqa: N802
    """The staff accounts of the world, which have no delegate profile."""
    return dict.fromkeys(
        ["registration", "programme", "resolutions", "administrator", "superuser"], status
    )


DELEGATES_ROWS = [
    Row("delegates:portal", signed_in(200)),
    Row("delegates:profile", signed_in(200)),
    # Staff accounts of the world have no delegate profile.
    Row(
        "delegates:personal-data",
        signed_in(
            200,
            **dict.fromkeys(
                ["registration", "programme", "resolutions", "administrator", "superuser"], 404
            ),
        ),
    ),
    Row(
        "delegates:request-deletion",
        signed_in(
            200,
            **dict.fromkeys(
                ["registration", "programme", "resolutions", "administrator", "superuser"], 404
            ),
        ),
    ),
    # Registered people are sent back to the portal; people without a profile to the profile.
    Row("delegates:register", signed_in(302)),
    Row("delegates:registration-edit", signed_in(404, pending=200)),
    Row(
        "delegates:registration-withdraw",
        signed_in(
            302,
            **dict.fromkeys(
                ["registration", "programme", "resolutions", "administrator", "superuser"], 404
            ),
        ),
        method="POST",
        order=1,  # after the head has withdrawn a member
    ),
    Row("delegates:delegation", HEADS_ONLY),
    Row("delegates:delegation-nominate", HEADS_ONLY),
    # A request (submitted) of the head's own delegation: the head confirms or declines it
    # (a decline without a reason is sent back with a message); the other head gets a 404.
    Row(
        "delegates:delegation-request-confirm",
        signed_in(404, head=302),
        kwargs=lambda world: {"pk": world["request_confirm"].pk},
        method="POST",
    ),
    Row(
        "delegates:delegation-request-decline",
        signed_in(404, head=302),
        kwargs=lambda world: {"pk": world["request_decline"].pk},
        method="POST",
    ),
    # An open invitation of country X, taken back by its head only.
    Row(
        "delegates:delegation-invitation-revoke",
        signed_in(404, head=302),
        kwargs=lambda world: {"pk": world["invitation"].pk},
        method="POST",
    ),
    # Each head designates the voting delegate of their own delegation (empty: the head).
    Row(
        "delegates:delegation-voting-delegate",
        signed_in(404, head=302, head_other=302),
        method="POST",
    ),
    # The link of an invitation shows its offer to whoever holds it (accepting needs the
    # account of its address); an unknown token is a 404.
    Row(
        "delegates:invitation",
        everyone(200),
        kwargs=lambda world: {"token": world["invitation_token"]},
    ),
    Row("delegates:credentials-upload", HEADS_ONLY),
    # A member of the head's own delegation (country X); the other head gets a 404 (SECURITY 2).
    Row(
        "delegates:delegation-member-withdraw",
        signed_in(404, head=302),
        kwargs=lambda world: {"pk": world["pending"].pk},
        method="POST",
    ),
    # Country X's letter: its head (the uploader) and staff allowed to view credentials.
    Row(
        "delegates:credentials-letter",
        lambda case: (
            302
            if case.user is None
            else 200
            if case.role == HEAD
            or (case.user.is_staff and case.user.has_perm("delegates.view_credentials"))
            else 404
        ),
        kwargs=lambda world: {"pk": world["credentials"].pk},
    ),
    Row("delegates:badge", signed_in(404, approved=200, head=200, head_other=200)),
    Row(
        "delegates:checkin",
        lambda case: (
            302
            if case.user is None
            else 200
            if case.user.has_perm("delegates.add_attendance")
            else 403
        ),
    ),
    # The badge photo: its owner uploads and reads it (no id in the URL; no photo yet: 404);
    # staff accounts have no profile (sent to the profile page). Staff who see people read any
    # person's photo by id (none here: 404); nobody else (403).
    Row("delegates:photo", signed_in(200, **_NO_PROFILE(302))),
    Row("delegates:own-photo", signed_in(404)),
    Row(
        "delegates:person-photo",
        lambda case: (
            302
            if case.user is None
            else 404
            if case.user.has_perm("delegates.view_person")
            else 403
        ),
        kwargs=lambda world: {"pk": world["pending"].person_id},
    ),
    # The public list of participants; its CSV for the staff who read registrations.
    Row("participants", everyone(200)),
    Row(
        "delegates:participants-csv",
        lambda case: (
            302
            if case.user is None
            else 200
            if case.user.has_perm("delegates.view_registration")
            else 403
        ),
    ),
]

# --- the admin -------------------------------------------------------------------------------


def _admin_model_rule(action: str) -> Callable[[Case], int]:
    """What the ModelAdmin itself grants: the admin answers accordingly for every model.

    Pinned rows below state the policy for the pages where it matters most.
    """

    def rule(case: Case) -> int:
        if case.user is None or not case.user.is_staff:
            return 302
        model_admin, instance = case.world["admin_target"](case)
        if action == "history" and instance is None:
            return 302  # the admin looks the object up before it checks permissions
        request = case.world["admin_request"](case.user)
        if action in ("changelist", "history", "change"):
            allowed = model_admin.has_view_or_change_permission(request, instance)
        elif action == "add":
            allowed = model_admin.has_add_permission(request)
        elif action == "delete":
            allowed = model_admin.has_delete_permission(request, instance)
        else:
            allowed = model_admin.has_change_permission(request, instance)
        if not allowed:
            return 403
        if action in ("change", "history", "delete", "password_change") and instance is None:
            return 302
        return 200

    return rule


def _staff_with(*groups: str) -> dict[str, int]:
    """A back-office page for these staff groups, administrators and the superuser; other
    staff are refused (403), visitors and delegates sent to the admin login (302)."""
    allowed = {*groups, ADMINISTRATOR, SUPERUSER}
    return staff_only(403) | dict.fromkeys(allowed, 200)


# --- accounts, staff groups and sign-in addresses in the admin (SECURITY.md 26) ----------------
# Administrators manage delegates' accounts (auth.view_user, auth.change_user) and read the
# groups (auth.view_group); everything else about accounts is for superusers. Other staff roles
# have no permission on these models (403); visitors and delegates go to the admin login (302).
# The rows below name a delegate's account, its sign-in address and the Administrators group;
# ACCOUNT_TARGET_ROWS adds staff accounts and the role's own, ACCOUNT_ACTION_ROWS the actions.

ACCOUNT_MANAGERS = staff_only(403) | {ADMINISTRATOR: 200, SUPERUSER: 200}
SUPERUSERS_ONLY = staff_only(403) | {SUPERUSER: 200}


def _delegate_account(world: dict) -> dict:
    return {"object_id": world["approved"].person.user.pk}


def _delegate_address(world: dict) -> dict:
    from allauth.account.models import EmailAddress

    return {"object_id": EmailAddress.objects.get(user=world["approved"].person.user).pk}


def _administrators_group(world: dict) -> dict:
    from django.contrib.auth.models import Group

    return {"object_id": Group.objects.get(name=ADMINISTRATOR).pk}


ACCOUNT_ADMIN_ROWS = [
    Row("admin:auth_user_changelist", ACCOUNT_MANAGERS),
    Row("admin:auth_user_add", SUPERUSERS_ONLY),
    Row("admin:auth_user_change", ACCOUNT_MANAGERS, kwargs=_delegate_account),
    Row("admin:auth_user_history", ACCOUNT_MANAGERS, kwargs=_delegate_account),
    Row("admin:auth_user_delete", SUPERUSERS_ONLY, kwargs=_delegate_account),
    # Other people's passwords: superusers only, a delegate's included.
    Row(
        "admin:auth_user_password_change",
        SUPERUSERS_ONLY,
        kwargs=lambda world: {"id": world["approved"].person.user.pk},
    ),
    # Administrators read the groups (a read-only form); nobody else but superusers.
    Row("admin:auth_group_changelist", ACCOUNT_MANAGERS),
    Row("admin:auth_group_add", SUPERUSERS_ONLY),
    Row("admin:auth_group_change", ACCOUNT_MANAGERS, kwargs=_administrators_group),
    Row("admin:auth_group_history", ACCOUNT_MANAGERS, kwargs=_administrators_group),
    Row("admin:auth_group_delete", SUPERUSERS_ONLY, kwargs=_administrators_group),
    # Sign-in addresses (allauth): a changed one would let a password reset take an account.
    Row("admin:account_emailaddress_changelist", SUPERUSERS_ONLY),
    Row("admin:account_emailaddress_add", SUPERUSERS_ONLY),
    Row("admin:account_emailaddress_change", SUPERUSERS_ONLY, kwargs=_delegate_address),
    Row("admin:account_emailaddress_history", SUPERUSERS_ONLY, kwargs=_delegate_address),
    Row("admin:account_emailaddress_delete", SUPERUSERS_ONLY, kwargs=_delegate_address),
]


@dataclass
class TargetRow:
    """An account URL aimed at a staff account or at the role's own: ``kwargs`` is a function
    of the ``Case`` (the role's own account or group)."""

    pattern: str
    target: str
    expect: dict[str, int]
    kwargs: Callable[[Case], dict]


def _account(key: str) -> Callable[[Case], dict]:
    def kwargs(case: Case) -> dict:
        users = case.world["users"]
        user = {
            "a staff account": users[PROGRAMME_OFFICER],
            "the superuser": users[SUPERUSER],
            # Visitors have no account: they are sent to the login whatever the id.
            "own account": case.user or users[SUPERUSER],
        }[key]
        return {"object_id": user.pk}

    return kwargs


def _password(key: str) -> Callable[[Case], dict]:
    return lambda case: {"id": _account(key)(case)["object_id"]}


def _own_group(case: Case) -> dict:
    from django.contrib.auth.models import Group

    name = case.role if case.role in STAFF else ADMINISTRATOR
    return {"object_id": Group.objects.get(name=name).pk}


def _superuser_address(case: Case) -> dict:
    from allauth.account.models import EmailAddress

    return {"object_id": EmailAddress.objects.get(user=case.world["users"][SUPERUSER]).pk}


# A staff account is not even listed to a non-superuser: the admin finds no such object and
# sends the administrator back to the index (302); staff without auth.view_user get 403 first.
NOT_LISTED_TO_ADMINISTRATORS = staff_only(403) | {ADMINISTRATOR: 302, SUPERUSER: 200}
# The history page looks the object up before it checks permissions: every non-superuser 302.
NOT_FOUND_BY_NON_SUPERUSERS = staff_only(302) | {SUPERUSER: 200}

ACCOUNT_TARGET_ROWS = [
    *[
        row
        for key in ("a staff account", "the superuser", "own account")
        for row in (
            TargetRow("admin:auth_user_change", key, NOT_LISTED_TO_ADMINISTRATORS, _account(key)),
            TargetRow("admin:auth_user_history", key, NOT_FOUND_BY_NON_SUPERUSERS, _account(key)),
            TargetRow("admin:auth_user_password_change", key, SUPERUSERS_ONLY, _password(key)),
        )
    ],
    TargetRow(
        "admin:auth_user_delete", "a staff account", SUPERUSERS_ONLY, _account("a staff account")
    ),
    # Nobody deletes the account they are signed in with, a superuser included.
    TargetRow("admin:auth_user_delete", "own account", staff_only(403), _account("own account")),
    TargetRow("admin:auth_group_change", "own group", ACCOUNT_MANAGERS, _own_group),
    TargetRow("admin:auth_group_delete", "own group", SUPERUSERS_ONLY, _own_group),
    TargetRow(
        "admin:account_emailaddress_change", "the superuser", SUPERUSERS_ONLY, _superuser_address
    ),
    TargetRow(
        "admin:account_emailaddress_history",
        "the superuser",
        NOT_FOUND_BY_NON_SUPERUSERS,
        _superuser_address,
    ),
]


@dataclass
class ActionRow:
    """An admin action posted from a changelist on some objects, as each role: ``allowed`` are
    the roles for which it is offered and takes effect; ``done`` tells from the database;
    ``expect`` is the status of the POST (302 once done; 200 the list again, without the
    action, for a role that reads the list)."""

    changelist: str
    action: str
    target: str
    allowed: set[str]
    expect: dict[str, int]
    objects: Callable[[Case], list]
    done: Callable[[Case, list], bool]


def _deleted(case: Case, objects: list) -> bool:
    """Every object is gone."""
    return not any(type(obj)._default_manager.filter(pk=obj.pk).exists() for obj in objects)


def _verified(case: Case, objects: list) -> bool:
    return all(type(obj)._default_manager.get(pk=obj.pk).verified for obj in objects)


def _unverified_delegate_address(case: Case) -> list:
    from allauth.account.models import EmailAddress

    address = EmailAddress.objects.get(user=case.world["approved"].person.user)
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    return [address]


def _users(*keys: str) -> Callable[[Case], list]:
    def objects(case: Case) -> list:
        users = case.world["users"]
        table = {
            "a delegate's account": case.world["approved"].person.user,
            "a staff account": users[PROGRAMME_OFFICER],
            "the superuser": users[SUPERUSER],
        }
        return [table[key] for key in keys]

    return objects


def _groups(case: Case) -> list:
    from django.contrib.auth.models import Group

    return list(Group.objects.filter(name__in=STAFF))


def _addresses(case: Case) -> list:
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(user__in=_users("a delegate's account", "the superuser")(case))
    )


ACCOUNT_ACTION_ROWS = [
    ActionRow(
        "admin:auth_user_changelist",
        "delete_selected",
        "a delegate's account and a staff account",
        {SUPERUSER},
        ACCOUNT_MANAGERS | {SUPERUSER: 302},
        _users("a delegate's account", "a staff account"),
        _deleted,
    ),
    ActionRow(
        "admin:auth_group_changelist",
        "delete_selected",
        "every staff group",
        {SUPERUSER},
        ACCOUNT_MANAGERS | {SUPERUSER: 302},
        _groups,
        _deleted,
    ),
    ActionRow(
        "admin:account_emailaddress_changelist",
        "delete_selected",
        "a delegate's and the superuser's addresses",
        {SUPERUSER},
        SUPERUSERS_ONLY | {SUPERUSER: 302},
        _addresses,
        _deleted,
    ),
    ActionRow(
        "admin:account_emailaddress_changelist",
        "make_verified",
        "a delegate's unverified address",
        {SUPERUSER},
        SUPERUSERS_ONLY | {SUPERUSER: 302},
        _unverified_delegate_address,
        _verified,
    ),
]

ADMIN_ROWS = [
    Row("admin:index", staff_only(200)),
    Row(
        "admin:login", {role: 302 if role in STAFF or role == SUPERUSER else 200 for role in ROLES}
    ),
    # Logging out of the admin is a POST; delegates are sent to the admin login first.
    Row("admin:logout", staff_only(405)),
    Row("admin:password_change", staff_only(200)),
    Row("admin:password_change_done", staff_only(200)),
    Row("admin:autocomplete", staff_only(403)),
    Row("admin:jsi18n", staff_only(200)),
    Row("admin:view_on_site", staff_only(404), kwargs={"content_type_id": 0, "object_id": 0}),
    Row(
        "admin:app_list",
        lambda case: (
            302
            if case.user is None or not case.user.is_staff
            else 200
            if case.user.has_module_perms("delegates")
            else 404
        ),
        kwargs={"app_label": "delegates"},
    ),
    Row("admin/(?P<url>.*)$", staff_only(404), kwargs={"url": "no-such-page/"}),
    Row("admin/*/<path:object_id>/", everyone(302)),
    # Pinned policy of the delegates back office (3B's admin).
    Row(
        "admin:delegates_registration_changelist",
        staff_only(403) | {REGISTRATION_OFFICER: 200, ADMINISTRATOR: 200, SUPERUSER: 200},
    ),
    Row(
        "admin:delegates_credentials_changelist",
        staff_only(403)
        | {REGISTRATION_OFFICER: 200, RESOLUTIONS_OFFICER: 200, ADMINISTRATOR: 200, SUPERUSER: 200},
    ),
    Row(
        "admin:delegates_registration_counts",
        staff_only(403) | {REGISTRATION_OFFICER: 200, ADMINISTRATOR: 200, SUPERUSER: 200},
    ),
    # The PDF of a badge batch (no batch 0: the officers who may see it get 404).
    Row(
        "admin:delegates_registration_badges",
        staff_only(403) | {REGISTRATION_OFFICER: 404, ADMINISTRATOR: 404, SUPERUSER: 404},
        kwargs={"batch_id": 0},
    ),
    Row(
        "admin:delegates_registration_export",
        staff_only(403) | {REGISTRATION_OFFICER: 200, ADMINISTRATOR: 200, SUPERUSER: 200},
    ),
    Row(
        "admin:delegates_credentials_report",
        staff_only(403)
        | {REGISTRATION_OFFICER: 200, RESOLUTIONS_OFFICER: 200, ADMINISTRATOR: 200, SUPERUSER: 200},
    ),
    # Messages to delegations: written and sent by the registration desk (no message 0: the
    # officers who may send get 404).
    Row(
        "admin:delegates_delegationmessage_changelist",
        _staff_with(REGISTRATION_OFFICER),
    ),
    Row(
        "admin:delegates_delegationmessage_send",
        staff_only(403) | {REGISTRATION_OFFICER: 404, ADMINISTRATOR: 404, SUPERUSER: 404},
        kwargs={"pk": 0},
    ),
    # Decisions taken on a registration's, a credentials' or a delegation's page: a POST that
    # redirects back (302) for those who may change the object, 403 for other staff. The
    # pending delegate is approved by the first allowed role; later ones change nothing.
    *[
        Row(
            f"admin:delegates_registration_{name}",
            staff_only(403) | {REGISTRATION_OFFICER: 302, ADMINISTRATOR: 302, SUPERUSER: 302},
            kwargs=lambda world: {"pk": world["pending"].pk},
            method="POST",
        )
        for name in ("approve", "reject")
    ],
    *[
        Row(
            f"admin:delegates_credentials_{name}",
            staff_only(403) | {REGISTRATION_OFFICER: 302, ADMINISTRATOR: 302, SUPERUSER: 302},
            kwargs=lambda world: {"pk": world["credentials"].pk},
            method="POST",
        )
        for name in ("receive", "decide")
    ],
    # Country X's letter shown inline on the back office's pages: staff who view credentials.
    Row(
        "admin:delegates_credentials_letter",
        staff_only(403)
        | {REGISTRATION_OFFICER: 200, RESOLUTIONS_OFFICER: 200, ADMINISTRATOR: 200, SUPERUSER: 200},
        kwargs=lambda world: {"pk": world["credentials"].pk},
    ),
    # Pinned policy of the programme, the resolutions and operations (each app's roles.py).
    Row(
        "admin:agenda_programmeslot_changelist",
        _staff_with(PROGRAMME_OFFICER),
    ),
    Row("admin:agenda_agendaitem_changelist", _staff_with(PROGRAMME_OFFICER)),
    # Programme officers read the sign-ups; nobody edits a delegate's seat by hand.
    Row("admin:agenda_sideeventsignup_changelist", _staff_with(PROGRAMME_OFFICER)),
    Row("admin:resolutions_draftresolution_changelist", _staff_with(RESOLUTIONS_OFFICER)),
    # The Credentials Bureau reads ballots and votes; only resolutions officers run them.
    Row(
        "admin:resolutions_ballot_changelist",
        _staff_with(RESOLUTIONS_OFFICER, REGISTRATION_OFFICER),
    ),
    Row(
        "admin:resolutions_vote_changelist",
        _staff_with(RESOLUTIONS_OFFICER, REGISTRATION_OFFICER),
    ),
    Row(
        "admin:resolutions_ballot_roll_call",
        _staff_with(RESOLUTIONS_OFFICER),
        kwargs=lambda world: {"pk": world["ballot"].pk},
    ),
    Row(
        "admin:resolutions_ballot_close",
        _staff_with(RESOLUTIONS_OFFICER),
        kwargs=lambda world: {"pk": world["ballot"].pk},
    ),
    # The chair's console runs ballots: resolutions officers only (the Bureau reads ballots).
    Row(
        "admin:resolutions_ballot_console",
        _staff_with(RESOLUTIONS_OFFICER),
        kwargs=lambda world: {"pk": world["ballot"].pk},
    ),
    Row(
        "admin:resolutions_ballot_console_state",
        _staff_with(RESOLUTIONS_OFFICER),
        kwargs=lambda world: {"pk": world["ballot"].pk},
    ),
    # Closing asks for a confirmation first (a GET shows the page, nothing changes).
    Row(
        "admin:resolutions_ballot_console_move",
        _staff_with(RESOLUTIONS_OFFICER),
        kwargs=lambda world: {"pk": world["ballot"].pk, "move": "close"},
    ),
    # A vote by hand without a country: the console again with the form's error (400).
    Row(
        "admin:resolutions_ballot_console_hand_vote",
        staff_only(403) | dict.fromkeys([RESOLUTIONS_OFFICER, ADMINISTRATOR, SUPERUSER], 400),
        kwargs=lambda world: {"pk": world["ballot"].pk},
        method="POST",
    ),
    Row(
        "admin:resolutions_ballot_result_sheet",
        _staff_with(RESOLUTIONS_OFFICER, REGISTRATION_OFFICER),
        kwargs=lambda world: {"pk": world["ballot"].pk},
    ),
    # Operations: the outbound mail and the task batches hold delegates' addresses.
    Row("admin:assembly_outboundmail_changelist", _staff_with(REGISTRATION_OFFICER)),
    Row("admin:assembly_taskbatch_changelist", _staff_with(REGISTRATION_OFFICER)),
    *ACCOUNT_ADMIN_ROWS,
    Row("admin:*_changelist", _admin_model_rule("changelist")),
    Row("admin:*_add", _admin_model_rule("add")),
    Row("admin:*_change", _admin_model_rule("change")),
    Row("admin:*_history", _admin_model_rule("history")),
    Row("admin:*_delete", _admin_model_rule("delete")),
]

# --- other apps add their rows here ----------------------------------------------------------

# --- the agenda ------------------------------------------------------------------------------


def _both_namespaces(name: str, expect, kwargs=None, **options) -> list[Row]:
    """The same page of the current session (agenda:) and of the 91st by number
    (session-agenda:)."""
    build = kwargs or (lambda world: {})
    return [
        Row(f"agenda:{name}", expect, kwargs=build, **options),
        Row(
            f"session-agenda:{name}",
            expect,
            kwargs=lambda world: {**build(world), "number": 91},
            **options,
        ),
    ]


def _slug(key: str) -> Callable[[dict], dict]:
    return lambda world: {"slug": world[key].slug}


_PUBLIC_PROGRAMME = [
    ("programme", None),
    ("day", lambda world: {"day": world["slot"].session.start_date.isoformat()}),
    ("slot", _slug("slot")),
    ("slot-ics", _slug("slot")),
    ("speakers", None),
    ("speaker", _slug("speaker")),
    ("themes", None),
    ("theme", _slug("theme")),
    ("changes", None),
    ("legal-agenda", None),
    ("live", None),
    ("print", None),
    ("pdf", None),
    ("ics", None),
    ("schedule-json", None),
    ("schedule-xml", None),
]

# People with an approved registration in a delegation (head, delegate) ask for the floor.
_FLOOR = signed_in(
    404,
    approved=302,
    head=302,
    head_other=302,
)


def _with_perm(perm: str) -> Callable[[Case], int]:
    """A staff page behind one permission: visitors sign in (302), others are refused (403)."""
    return lambda case: 302 if case.user is None else 200 if case.user.has_perm(perm) else 403


AGENDA_ROWS: list[Row] = [
    # Attendance per sitting: the door scanners and the report.
    Row("agenda:sitting-checkin", _with_perm("agenda.add_slotattendance")),
    Row("agenda:attendance-report", _with_perm("agenda.view_slotattendance")),
    Row("agenda:attendance-report-csv", _with_perm("agenda.view_slotattendance")),
    # The programme is public: every role reads it, exports included.
    *[
        row
        for name, kwargs in _PUBLIC_PROGRAMME
        for row in _both_namespaces(name, everyone(200), kwargs)
    ],
    # Stars and sign-ups belong to the signed-in user; each answers with a redirect back.
    *_both_namespaces("star", signed_in(302), _slug("slot"), method="POST"),
    # The approved delegate's own seat: anyone else has no sign-up to cancel (404). The
    # current-session URL cancels it first; sign-ups follow; the numbered URL then cancels the
    # seat each confirmed delegate has just taken (a pending one takes none, SECURITY.md 33).
    # All of this before the delegates' own withdrawals (order 0 and 1), which end their right
    # to sign up.
    Row(
        "agenda:sign-up-cancel",
        signed_in(404, approved=302),
        kwargs=_slug("side_event"),
        method="POST",
        order=-3,
    ),
    *_both_namespaces("sign-up", signed_in(302), _slug("side_event"), method="POST", order=-2),
    Row(
        "session-agenda:sign-up-cancel",
        signed_in(404, approved=302, head=302, head_other=302),
        kwargs=lambda world: {"slug": world["side_event"].slug, "number": 91},
        method="POST",
        order=-1,  # before any delegate withdraws their registration
    ),
    *_both_namespaces("ask-floor", _FLOOR, _slug("agenda_item"), method="POST"),
    Row("agenda:my-programme", signed_in(200)),
    Row("agenda:calendar-regenerate", signed_in(302), method="POST"),
    # A secret address that calendar apps poll without signing in.
    Row(
        "agenda:calendar-feed",
        everyone(200),
        kwargs=lambda world: {"token": world["calendar_token"].token},
    ),
]

# --- the resolutions archive -----------------------------------------------------------------


def _reference(world: dict) -> dict:
    return {"reference": world["resolution"].reference}


RESOLUTIONS_ROWS: list[Row] = [
    Row("resolutions:list", everyone(200)),
    # The Executive Committee and the published results of its elections.
    Row("executive-committee", everyone(200)),
    Row("resolutions:detail", everyone(200), kwargs=_reference),
    Row("resolutions:print", everyone(200), kwargs=_reference),
    Row("resolutions:pdf", everyone(200), kwargs=_reference),
    # Electronic voting (issue 15): every signed-in user reads the vote page (why they may not
    # vote, if so); only the voting delegate's POST reaches the vote service. The hall screen,
    # its state and the receipt check are public.
    Row("vote:page", signed_in(200)),
    Row("vote:state", signed_in(200)),
    Row("vote:receipt", everyone(200)),
    Row("vote:hall", everyone(200)),
    Row("vote:hall-state", everyone(200)),
]

ROWS: list[Row] = [
    *ASSEMBLY_ROWS,
    *ACCOUNT_ROWS,
    *DELEGATES_ROWS,
    *AGENDA_ROWS,
    *RESOLUTIONS_ROWS,
    *ADMIN_ROWS,
]
