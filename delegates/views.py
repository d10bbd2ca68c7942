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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assembly.selectors import current_session

from . import permissions, selectors, services
from .forms import (
    COUNTRY_CATEGORIES,
    CredentialsUploadForm,
    InvitationAnswerForm,
    NominationForm,
    PersonForm,
    RegistrationEditForm,
    RegistrationForm,
    RequestDeclineForm,
    VotingDelegateForm,
)
from .models import Credentials, Invitation, Registration


def _add_errors(form, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: to a field it names, else to the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _person(request):
    """The user's profile. Nothing is joined to the account without its holder's acceptance
    of an invitation (SECURITY.md 32): a visit claims nothing."""
    return permissions.person_of(request.user)


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
            "is_voter": selectors.is_voting_delegate(request.user, session),
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


def _delegation_context(session, head, voting_form=None) -> dict:
    delegation = head.delegation
    members = list(selectors.delegation_members(delegation))
    counted = sum(
        1
        for member in members
        if member.category in Registration.COUNTED_CATEGORIES
        and member.status in Registration.SEAT_STATUSES
    )
    invitations = list(selectors.pending_invitations(delegation))
    counted += sum(
        1 for invitation in invitations if invitation.category in Registration.COUNTED_CATEGORIES
    )
    chosen = selectors.voting_delegate(delegation)
    return {
        "session": session,
        "head": head,
        "delegation": delegation,
        "credentials": delegation.credentials,
        "members": [m for m in members if m.status != Registration.Status.SUBMITTED],
        "requests": [m for m in members if m.status == Registration.Status.SUBMITTED],
        "invitations": invitations,
        "counted": counted,
        "limit": services._max_counted_delegates(),
        "voting_delegate": chosen,
        "voting_form": voting_form
        or VotingDelegateForm(
            delegation=delegation, initial={"voting_delegate": delegation.voting_delegate_id}
        ),
        "decline_form": RequestDeclineForm(),
    }


@never_cache
@login_required
@require_http_methods(["GET"])
def delegation(request):
    """The head's own delegation: members, requests to confirm, open invitations, the RP 7(1)
    count, the voting delegate, credentials."""
    session, head = _head_or_404(request)
    return render(request, "delegates/portal/delegation.html", _delegation_context(session, head))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delegation_nominate(request):
    """The head invites a member of the delegation (a delegate or an additional delegate).

    The answer is the same whether or not the address has an account (SECURITY.md 32)."""
    session, head = _head_or_404(request)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.invitation_create(
                delegation=head.delegation,
                email=email,
                category=form.cleaned_data["category"],
                given_name=form.cleaned_data["given_name"],
                family_name=form.cleaned_data["family_name"],
                language=form.cleaned_data["language"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "An invitation is sent to %(email)s. The member joins the delegation "
                    "when they accept it."
                )
                % {"email": email},
            )
            return redirect("delegates:delegation")
    return render(
        request,
        "delegates/portal/nominate.html",
        {"form": form, "delegation": head.delegation, "session": session},
        status=400 if form.errors else 200,
    )


def _request_of_delegation(request, pk: int):
    """A request (submitted) of a delegate or additional delegate in the head's delegation."""
    _session, head = _head_or_404(request)
    return get_object_or_404(
        Registration.objects.select_related("person", "delegation"),
        pk=pk,
        delegation=head.delegation,
        status=Registration.Status.SUBMITTED,
        category__in=[Registration.Category.DELEGATE, Registration.Category.ADDITIONAL],
    )


@login_required
@require_POST
def delegation_request_confirm(request, pk: int):
    """The head confirms a member's own request: it takes its seat, if one is free."""
    member = _request_of_delegation(request, pk)
    try:
        services.registration_approve(registration=member, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is confirmed in the delegation.") % {"name": member.person}
        )
    return redirect("delegates:delegation")


@login_required
@require_POST
def delegation_request_decline(request, pk: int):
    member = _request_of_delegation(request, pk)
    form = RequestDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("delegates:delegation")
    try:
        services.registration_reject(
            registration=member, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The request of %(name)s is declined.") % {"name": member.person}
        )
    return redirect("delegates:delegation")


@login_required
@require_POST
def delegation_invitation_revoke(request, pk: int):
    _session, head = _head_or_404(request)
    invitation = get_object_or_404(
        Invitation, pk=pk, delegation=head.delegation, status=Invitation.Status.PENDING
    )
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The invitation to %(email)s is taken back.") % {"email": invitation.email}
        )
    return redirect("delegates:delegation")


@never_cache
@login_required
@require_POST
def delegation_voting_delegate(request):
    """The head designates who votes for the delegation at the session (themself by default)."""
    session, head = _head_or_404(request)
    form = VotingDelegateForm(request.POST, delegation=head.delegation)
    if form.is_valid():
        try:
            services.voting_delegate_designate(
                delegation=head.delegation,
                registration=form.cleaned_data["voting_delegate"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The voting delegate is saved."))
            return redirect("delegates:delegation")
    return render(
        request,
        "delegates/portal/delegation.html",
        _delegation_context(session, head, voting_form=form),
        status=400,
    )


# Invitations ----------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """What an invitation offers, and the answer of the person invited.

    Anyone with the link sees the offer and may decline it; accepting needs the account of
    the address it was sent to, and a profile (asked for here when there is none). An unknown,
    expired, used or revoked link answers the same 404.
    """
    found = services.invitation_by_token(token)
    if (
        found is None
        or found.status != Invitation.Status.PENDING
        or found.expires_at <= timezone.now()
    ):
        response = render(request, "delegates/portal/invitation_invalid.html", status=404)
        response["Referrer-Policy"] = "same-origin"
        return response
    user = request.user
    signed_in = getattr(user, "is_authenticated", False)
    person = permissions.person_of(user) if signed_in else None
    addressed = signed_in and services.invitation_addressed_to(found, user)
    profile_form = None
    if addressed and person is None and not selectors.unclaimed_profile_exists(found.email):
        profile_form = PersonForm(
            request.POST if request.method == "POST" else None,
            initial={
                "given_name": found.given_name,
                "family_name": found.family_name,
                "country": found.delegation.country_id,
                "preferred_language": found.language,
            },
        )
    status = 200
    if request.method == "POST":
        answer = InvitationAnswerForm(request.POST)
        choice = answer.cleaned_data["answer"] if answer.is_valid() else ""
        if choice == "decline":
            try:
                services.invitation_decline(invitation=found, actor=user if signed_in else None)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("You declined the invitation."))
            return redirect("delegates:portal" if signed_in else "assembly:home")
        if choice == "accept" and addressed and (profile_form is None or profile_form.is_valid()):
            try:
                services.invitation_accept(
                    invitation=found,
                    user=user,
                    profile=profile_form.profile_fields() if profile_form else None,
                )
            except ValidationError as error:
                if profile_form is not None:
                    _add_errors(profile_form, error)
                else:
                    messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("You joined the delegation of %(country)s.")
                    % {"country": found.delegation.country},
                )
                return redirect("delegates:portal")
        status = 400
    inviter = getattr(found.invited_by, "person", None) if found.invited_by else None
    response = render(
        request,
        "delegates/portal/invitation.html",
        {
            "invitation": found,
            "delegation": found.delegation,
            "session": found.delegation.session,
            "inviter": inviter,
            "signed_in": signed_in,
            "addressed": addressed,
            "profile_form": profile_form,
            "next": request.get_full_path(),
        },
        status=status,
    )
    # The link's token never leaves for another site in a Referer header ("no-referrer"
    # would make the browser send "Origin: null" with the form, which CSRF refuses).
    response["Referrer-Policy"] = "same-origin"
    return response


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
