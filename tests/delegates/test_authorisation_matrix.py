"""SECURITY.md 3: every URL pattern of the project, admin included, for every role.

The expected cells live in ``tests/authorisation_matrix.py``; a URL pattern without a row fails.
"""

import fnmatch
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agenda import services as agenda_services
from assembly.models import Country, Room
from assembly.roles import roles_sync
from delegates import services
from delegates.models import Attendance
from resolutions import services as resolutions_services
from tests.agenda.factories import at, make_slot, make_speaker, make_theme
from tests.authorisation_matrix import (
    ACCOUNT_ACTION_ROWS,
    ACCOUNT_TARGET_ROWS,
    ROLES,
    ROWS,
    STAFF,
    SUPERUSER,
    Case,
    Row,
)
from tests.resolutions.factories import accredit, circulated_draft, open_ballot

from .factories import _english, make_user, observer_organisation, pdf_bytes, register  # noqa: F401  (autouse)


def url_patterns(patterns=None, prefix="", namespace=None):
    """Every leaf pattern of the project as (key, route): key is the namespaced name, or the
    full route for an unnamed pattern."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if pattern.name:
                key = f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                key = route
            yield key, route


def row_for(key: str) -> Row | None:
    for row in ROWS:
        if row.pattern == key:
            return row
    for row in ROWS:
        if any(char in row.pattern for char in "*?[") and fnmatch.fnmatchcase(key, row.pattern):
            return row
    return None


def test_every_url_pattern_has_a_row():
    missing = sorted({key for key, _route in url_patterns() if row_for(key) is None})
    assert missing == [], "URL patterns without a row in tests/authorisation_matrix.py"


def test_no_row_is_stale():
    keys = {key for key, _route in url_patterns()}
    stale = [
        row.pattern
        for row in ROWS
        if not any(char in row.pattern for char in "*?[") and row.pattern not in keys
    ]
    assert stale == []


def _admin_target(case: Case):
    """The ModelAdmin of an admin URL name, and an existing instance of its model (or None)."""
    best = None
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if case.name.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, model, model_admin)
    if best is None:
        return None, None
    _prefix, model, model_admin = best
    return model_admin, model._default_manager.order_by("pk").first()


def _admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _programme(session, approved_person, approved_user) -> dict:
    """The 91st session's programme: a theme, a panel with its speaker, an item of the legal
    agenda, a side event with a seat taken by the approved delegate, who also has a calendar."""
    room = Room.objects.filter(venue__name_en="Austria Center Vienna").order_by("order").first()
    theme = make_theme(session, slug="matrix-theme")
    slot = make_slot(
        session,
        slug="matrix-panel",
        start=at(session, 0, 10),
        end=at(session, 0, 11),
        room=room,
        themes=[theme],
    )
    speaker = make_speaker(slug="matrix-speaker")
    agenda_services.slot_speaker_set(slot=slot, speaker=speaker, role="speaker")
    item = agenda_services.agenda_item_create(
        session=session,
        number="1",
        slug="matrix-item",
        titles={"en": "Item", "fr": "Point", "es": "Punto", "ar": "بند"},
    )
    side_event = make_slot(
        session,
        slug="matrix-side-event",
        kind="side_event",
        start=at(session, 1, 13),
        end=at(session, 1, 14),
        room=room,
        capacity=5,
    )
    signup = agenda_services.side_event_sign_up(slot=side_event, person=approved_person)
    token = agenda_services.calendar_token_for(user=approved_user)
    return {
        "theme": theme,
        "slot": slot,
        "speaker": speaker,
        "agenda_item": item,
        "side_event": side_event,
        "signup": signup,
        "calendar_token": token,
    }


def _resolutions(session) -> dict:
    """An adopted resolution (consensus, GA-2023-91-RES-01) and an open recorded ballot."""
    accredit(session, "FR")
    draft = circulated_draft(session, "Matrix resolution")
    deciding = open_ballot(session, draft, method="consensus")
    resolutions_services.ballot_close(ballot=deciding)
    draft.refresh_from_db()
    ballot = open_ballot(session, method="recorded")
    return {"resolution": draft, "ballot": ballot}


@pytest.fixture
def world(session91, austria, settings):
    """Country X (Austria): a head who uploaded the letter, a pending and an approved delegate;
    country Y (Germany): its head; one user per staff group; a superuser. The programme and the
    archive of the 91st session (``_programme``, ``_resolutions``)."""
    # Nine accounts per role: the matrix tests who may do what, not password hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    roles_sync()
    head = register(
        session=session91, country=austria, category="head", status="approved", user=True
    )
    pending = register(session=session91, country=austria, user=True)
    approved = register(session=session91, country=austria, status="approved", user=True)
    head_other = register(
        session=session91,
        country=Country.objects.get(iso_code="DE"),
        category="head",
        status="approved",
        user=True,
    )
    credentials = services.credentials_upload(
        delegation=head.delegation,
        file=SimpleUploadedFile("letter.pdf", pdf_bytes(), "application/pdf"),
        issuing_authority="foreign_minister",
        issued_on=None,
        actor=head.person.user,
    )
    observer_organisation()
    Attendance.objects.create(registration=approved)
    request_confirm = register(session=session91, country=austria)
    request_decline = register(session=session91, country=austria, category="additional")
    invitation = services.invitation_create(
        delegation=head.delegation,
        email="invited@example.org",
        category="delegate",
        actor=head.person.user,
    )
    invitation.token_hash = services.invitation_token_hash("matrix-invitation-token")
    invitation.save(update_fields=["token_hash"])
    users = {
        "anonymous": None,
        "pending delegate": pending.person.user,
        "approved delegate": approved.person.user,
        "head of delegation": head.person.user,
        "head of another country": head_other.person.user,
    }
    for group_name in STAFF:
        user = make_user(is_staff=True)
        user.groups.add(Group.objects.get(name=group_name))
        users[group_name] = user
    superuser = make_user(is_staff=True, is_superuser=True)
    users[SUPERUSER] = superuser
    return {
        **_programme(session91, approved.person, approved.person.user),
        **_resolutions(session91),
        "users": users,
        "head": head,
        "pending": pending,
        "approved": approved,
        "head_other": head_other,
        "credentials": credentials,
        "request_confirm": request_confirm,
        "request_decline": request_decline,
        "invitation": invitation,
        "invitation_token": "matrix-invitation-token",
        "superuser": superuser,
        "admin_target": _admin_target,
        "admin_request": _admin_request,
    }


def _url(key: str, route: str, kwargs: dict) -> str:
    if key != route:
        return reverse(key, kwargs=kwargs)
    # An unnamed pattern: fill its converters and groups by hand.
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs.get(m.group(1), "1")), route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs.get(m.group(1), "x")), path)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.mark.parametrize("role", ROLES)
def test_authorisation_matrix(client, world, role):
    user = world["users"][role]
    if user is not None:
        user = get_user_model().objects.get(pk=user.pk)
    patterns = sorted(
        url_patterns(),
        key=lambda pair: (row_for(pair[0]).method == "POST", row_for(pair[0]).order),
    )
    mismatches = []
    for key, route in patterns:
        row = row_for(key)
        case = Case(role=role, user=user, world=world, name=key)
        kwargs = row.kwargs_for(world)
        if "object_id" in route and "object_id" not in kwargs:
            _model_admin, instance = _admin_target(case)
            kwargs["object_id"] = instance.pk if instance is not None else 0
        url = _url(key, route, kwargs)
        cache.clear()
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.generic(row.method, url)
        expected = row.status_for(case)
        if response.status_code != expected:
            mismatches.append(f"{row.method} {url} ({key}): {response.status_code} != {expected}")
    assert not mismatches, "\n".join(mismatches)


def _account_url(pattern: str, kwargs: dict) -> str:
    return reverse(pattern, kwargs=kwargs)


@pytest.mark.parametrize("role", ROLES)
def test_account_admin_aimed_at_staff_accounts(client, world, role):
    """SECURITY.md 26: the account pages aimed at a staff account, the superuser, the role's own
    account and group (``ACCOUNT_TARGET_ROWS``)."""
    user = world["users"][role]
    mismatches = []
    for row in ACCOUNT_TARGET_ROWS:
        case = Case(role=role, user=user, world=world, name=row.pattern)
        url = _account_url(row.pattern, row.kwargs(case))
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        if response.status_code != row.expect[role]:
            mismatches.append(
                f"GET {url} ({row.pattern}, {row.target}): "
                f"{response.status_code} != {row.expect[role]}"
            )
    assert not mismatches, "\n".join(mismatches)


def _changelist_admin(name: str):
    for model, model_admin in admin.site._registry.items():
        if name == f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist":
            return model_admin
    raise LookupError(name)


def test_every_account_admin_action_has_a_row(world):
    """A new action on accounts, groups or addresses fails until a row states who may run it."""
    declared = {(row.changelist, row.action) for row in ACCOUNT_ACTION_ROWS}
    offered = {
        (changelist, action)
        for changelist in {row.changelist for row in ACCOUNT_ACTION_ROWS}
        for action in _changelist_admin(changelist).get_actions(
            _admin_request(world["users"][SUPERUSER])
        )
    }
    assert offered == declared


@pytest.mark.parametrize("role", ROLES)
def test_account_admin_actions(client, world, role):
    """SECURITY.md 26: each action on accounts, groups and addresses, posted as each role, is
    offered and takes effect for superusers only (``ACCOUNT_ACTION_ROWS``)."""
    user = world["users"][role]
    mismatches = []
    for row in ACCOUNT_ACTION_ROWS:
        case = Case(role=role, user=user, world=world, name=row.changelist)
        with transaction.atomic():
            objects = row.objects(case)
            client.logout()
            if user is not None:
                client.force_login(user)
                offered = row.action in _changelist_admin(row.changelist).get_actions(
                    _admin_request(user)
                )
            else:
                offered = False
            response = client.post(
                reverse(row.changelist),
                {
                    "action": row.action,
                    "_selected_action": [obj.pk for obj in objects],
                    "post": "yes",
                },
            )
            done = row.done(case, objects)
            allowed = role in row.allowed
            expected_status = row.expect[role]
            if (offered, done, response.status_code) != (allowed, allowed, expected_status):
                mismatches.append(
                    f"{row.changelist} {row.action} on {row.target}: offered {offered}, "
                    f"done {done}, {response.status_code} (expected {allowed}, {allowed}, "
                    f"{expected_status})"
                )
            transaction.set_rollback(True)
    assert not mismatches, "\n".join(mismatches)
