"""The delegate portal: profile, own registration, head of delegation pages, credentials.

Views read with selectors, check with ``permissions``, write through ``services`` and turn a
``ValidationError`` into form errors. Another person's or another country's object is a 404,
identical to a missing one (SECURITY.md 1, 2).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assembly.selectors import current_session

from . import permissions, selectors, services
from .forms import (
    COUNTRY_CATEGORIES,
    CredentialsUploadForm,
    NominationForm,
    PersonForm,
    RegistrationEditForm,
    RegistrationForm,
)
from .models import Credentials, Registration


def _add_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to a field it names, else to the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _person(request):
    """The user's profile; a profile a head nominated for the user's verified email is claimed."""
    person = permissions.person_of(request.user)
    if person is None and services.person_claim(user=request.user, actor=request.user):
        person = permissions.person_of(request.user)
    return person


def _require_person(request):
    person = _person(request)
    if person is None:
        messages.info(request, _("First tell us who you are."))
    return person


def _head_or_404(request):
    session = current_session()
    head = permissions.head_registration(request.user, session)
    if head is None:
        raise Http404
    return session, head


@never_cache
@login_required
@require_http_methods(["GET"])
def portal(request):
    session = current_session()
    person = _person(request)
    registration = selectors.own_registration(person, session)
    head = permissions.head_registration(request.user, session)
    return render(
        request,
        "delegates/portal/index.html",
        {
            "session": session,
            "person": person,
            "registration": registration,
            "is_head": head is not None,
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """Create or edit one's own profile; the email is the account's verified address."""
    person = _person(request)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                services.person_create(
                    user=request.user,
                    email=request.user.email,
                    actor=request.user,
                    **form.profile_fields(),
                )
            else:
                services.person_update(person=person, actor=request.user, **form.profile_fields())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("delegates:portal")
    return render(
        request,
        "delegates/portal/profile.html",
        {"form": form, "person": person, "email": request.user.email},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    """Register for the current session, in a member country's delegation or as observer."""
    session = current_session()
    if session is None:
        raise Http404
    person = _require_person(request)
    if person is None:
        return redirect("delegates:profile")
    if selectors.own_registration(person, session) is not None:
        messages.info(request, _("You are already registered for this session."))
        return redirect("delegates:portal")
    form = RegistrationForm(
        request.POST or None, initial={"category": "delegate", "country": person.country_id}
    )
    if request.method == "POST" and form.is_valid():
        category = form.cleaned_data["category"]
        try:
            # One transaction: a refused registration leaves no new delegation behind.
            with transaction.atomic():
                delegation = None
                if category in COUNTRY_CATEGORIES:
                    delegation = services.delegation_for(
                        session=session, country=form.cleaned_data["country"]
                    )
                elif category == Registration.Category.OBSERVER:
                    delegation = services.delegation_for(
                        session=session, organisation=form.cleaned_data["organisation"]
                    )
                services.registration_submit(
                    person=person,
                    session=session,
                    category=category,
                    delegation=delegation,
                    actor=request.user,
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your registration is submitted. The head of your delegation or the "
                    "secretariat will confirm it: see what happens next below."
                ),
            )
            return redirect("delegates:portal")
    return render(
        request,
        "delegates/portal/register.html",
        {"form": form, "session": session, "person": person},
        status=400 if form.errors else 200,
    )


def _own_registration_or_404(request) -> Registration:
    session = current_session()
    registration = selectors.own_registration(permissions.person_of(request.user), session)
    if registration is None:
        raise Http404
    return registration


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(request):
    """Change one's category while the registration awaits a decision."""
    registration = _own_registration_or_404(request)
    if registration.status != Registration.Status.SUBMITTED or registration.delegation is None:
        raise Http404
    if registration.delegation.country_id is None:
        raise Http404
    form = RegistrationEditForm(
        request.POST or None,
        initial={"category": registration.category, "version": registration.version},
    )
    form.fields["category"].choices = [
        choice for choice in form.fields["category"].choices if choice[0] in COUNTRY_CATEGORIES
    ]
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_update(
                registration=registration,
                actor=request.user,
                category=form.cleaned_data["category"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your registration is updated."))
            return redirect("delegates:portal")
    return render(
        request,
        "delegates/portal/registration_edit.html",
        {"form": form, "registration": registration},
        status=400 if form.errors else 200,
    )


def _confirm_withdrawal(request, registration: Registration, *, own: bool):
    """The page that asks before a withdrawal (one's own, or a member's by the head)."""
    if registration.status not in Registration.ACTIVE_STATUSES:
        raise Http404
    return render(
        request,
        "delegates/portal/withdraw_confirm.html",
        {
            "registration": registration,
            "own": own,
            "cancel_url": "delegates:portal" if own else "delegates:delegation",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def registration_withdraw(request):
    """Withdraw one's own registration, after a page that asks to confirm it."""
    registration = _own_registration_or_404(request)
    if request.method == "GET":
        return _confirm_withdrawal(request, registration, own=True)
    try:
        services.registration_withdraw(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("delegates:portal")
    messages.success(request, _("Your registration is withdrawn."))
    return redirect("delegates:portal")


@never_cache
@login_required
@require_http_methods(["GET"])
def personal_data(request):
    """One's own personal data as a JSON download (GDPR-style access)."""
    person = permissions.person_of(request.user)
    if person is None:
        raise Http404
    data = selectors.person_personal_data(person)
    data["account"] = {
        "email": request.user.email,
        "date_joined": request.user.date_joined.isoformat(),
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-personal-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def request_deletion(request):
    person = permissions.person_of(request.user)
    if person is None:
        raise Http404
    if request.method == "POST":
        services.person_request_deletion(person=person, actor=request.user)
        messages.success(
            request,
            _("Your request is recorded. The secretariat will erase your data and tell you."),
        )
        return redirect("delegates:portal")
    return render(request, "delegates/portal/request_deletion.html", {"person": person})


# Head of delegation ---------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET"])
def delegation(request):
    """The head's own delegation: members, RP 7(1) count, credentials."""
    session, head = _head_or_404(request)
    members = list(selectors.delegation_members(head.delegation))
    counted = sum(
        1
        for member in members
        if member.category in Registration.COUNTED_CATEGORIES
        and member.status in Registration.ACTIVE_STATUSES
    )
    return render(
        request,
        "delegates/portal/delegation.html",
        {
            "session": session,
            "head": head,
            "delegation": head.delegation,
            "credentials": head.delegation.credentials,
            "members": members,
            "counted": counted,
            "limit": services._max_counted_delegates(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delegation_nominate(request):
    """The head nominates a member of the delegation (a delegate or an additional delegate)."""
    session, head = _head_or_404(request)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                person = services.person_create(
                    user=None,
                    email=form.cleaned_data["email"],
                    actor=request.user,
                    country=head.delegation.country,
                    **form.profile_fields(),
                )
                services.registration_submit(
                    person=person,
                    session=session,
                    category=form.cleaned_data["category"],
                    delegation=head.delegation,
                    actor=request.user,
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The member is nominated."))
            return redirect("delegates:delegation")
    return render(
        request,
        "delegates/portal/nominate.html",
        {"form": form, "delegation": head.delegation, "session": session},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delegation_member_withdraw(request, pk: int):
    """The head withdraws a member of the delegation, after a page that asks to confirm it."""
    _session, head = _head_or_404(request)
    member = get_object_or_404(
        Registration.objects.exclude(pk=head.pk), pk=pk, delegation=head.delegation
    )
    if request.method == "GET":
        return _confirm_withdrawal(request, member, own=False)
    try:
        services.registration_withdraw(registration=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is withdrawn from the delegation.") % {"name": member.person}
        )
    return redirect("delegates:delegation")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def credentials_upload(request):
    session, head = _head_or_404(request)
    form = CredentialsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credentials_upload(
                delegation=head.delegation,
                file=form.cleaned_data["file"],
                issuing_authority=form.cleaned_data["issuing_authority"],
                issued_on=form.cleaned_data["issued_on"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The letter of credentials is received."))
            return redirect("delegates:delegation")
    return render(
        request,
        "delegates/portal/credentials_upload.html",
        {"form": form, "delegation": head.delegation, "credentials": head.delegation.credentials},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET"])
def credentials_letter(request, pk: int):
    """Stream a letter of credentials to those allowed, as an attachment (SECURITY.md 6)."""
    credentials = (
        Credentials.objects.select_related("delegation__country", "delegation__session")
        .filter(pk=pk)
        .first()
    )
    if (
        credentials is None
        or not credentials.letter
        or not permissions.can_download_letter(request.user, credentials)
    ):
        raise Http404
    try:
        handle = credentials.letter.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    owner = credentials.delegation.country or credentials.delegation.organisation
    code = getattr(owner, "iso_code", None) or f"d{credentials.delegation_id}"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"credentials-{credentials.delegation.session.number}-{code}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
