"""Decisions taken on one page of the back office: a registration, a delegation's credentials,
and the delegation page that gathers its members, its letter and its history.

Each button is a POST to a small admin view that checks the permission, calls the existing
service (``delegates.services``), reports the answer as a message and redirects back. The
ModelAdmins of ``delegates.admin`` take these mixins first in their bases.
"""

from __future__ import annotations

from copy import copy
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assembly.text import CheckedTextForm

from . import services
from .models import Credentials, Delegation, Registration
from .selectors import delegation_history

# Where a decision taken from the delegation page sends the officer back.
RETURN_TO_DELEGATION = "delegation"
# The admin's own name for the filters of the list a change page was opened from.
LIST_FILTERS = "_changelist_filters"

# The audit trail's actions about a delegation, its registrations and credentials, in words.
ACTION_LABELS = {
    "registration.submit": gettext_lazy("Registration submitted"),
    "registration.update": gettext_lazy("Registration category changed"),
    "registration.approve": gettext_lazy("Registration approved"),
    "registration.reject": gettext_lazy("Registration rejected"),
    "registration.withdraw": gettext_lazy("Registration withdrawn"),
    "registration.cancel": gettext_lazy("Registration cancelled"),
    "credentials.upload": gettext_lazy("Letter of credentials uploaded"),
    "credentials.receive": gettext_lazy("Credentials marked as received"),
    "credentials.accepted": gettext_lazy("Credentials accepted"),
    "credentials.rejected": gettext_lazy("Credentials rejected"),
    "credentials.disputed": gettext_lazy("Credentials disputed"),
}


class ReasonForm(CheckedTextForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class DecisionForm(CheckedTextForm):
    state = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[(state.value, state.label) for state in services.DECISIONS],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("Required to reject or dispute credentials."),
    )


def _form_errors(form: forms.Form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def _report(request, call, done: str) -> bool:
    """Run the service ``call``: a refusal becomes an error message, never a 500."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


def _no_save(context: dict) -> None:
    """A page where nothing can be saved shows no Save button (nor an export posting the form)."""
    context.update(
        show_save=False,
        show_save_and_continue=False,
        show_save_and_add_another=False,
        show_change_form_export=False,
    )


def letter_inline_url(credentials: Credentials | None) -> str | None:
    if credentials is None or not credentials.letter:
        return None
    return reverse("admin:delegates_credentials_letter", args=[credentials.pk])


def letter_size(credentials: Credentials | None) -> int | None:
    """The letter's size in bytes, or None when the file is missing from the storage."""
    if credentials is None or not credentials.letter:
        return None
    try:
        return credentials.letter.size
    except (FileNotFoundError, OSError):
        return None


# Registrations --------------------------------------------------------------------------------


def submitted_how(registration: Registration) -> str:
    """By the person, nominated by their head of delegation, or not recorded.

    ``Registration.submitted_by`` is the account that submitted it: the person's own, or the
    head's who nominated them (the portal's nomination form). Registrations made without an
    account (the demo, imports) have none.
    """
    submitter = registration.submitted_by
    if submitter is None:
        return _("Not recorded")
    if registration.person.user_id == submitter.pk:
        return _("By the person themself")
    who = getattr(submitter, "person", None)
    return _("Nominated by %(name)s") % {"name": who.full_name if who else submitter.email}


class RegistrationDecisionsMixin:
    """Approve / Reject buttons on a registration's page; its page shows what a decision needs."""

    change_form_template = "admin/delegates/registration/change_form.html"
    decision_fields = [
        "person_title",
        "person_function",
        "person_agency",
        "person_phone",
        "person_country",
        "submitted_how",
        "created_at",
        "delegation_credentials",
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None:
            return fieldsets
        return [
            fieldsets[0],
            (gettext_lazy("What the decision needs"), {"fields": self.decision_fields}),
            *fieldsets[1:],
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.decision_fields]
        # A decided registration is shown read-only; a form posted anyway still gets the
        # service's own answer (a stale version, a decided registration).
        decided = obj is not None and obj.status != Registration.Status.SUBMITTED
        if decided and request.method in ("GET", "HEAD"):
            fields.append("category")
        return fields

    @staticmethod
    def _person_field(obj, name):
        return getattr(obj.person, name) or "—"

    def person_title(self, obj):
        return self._person_field(obj, "title")

    person_title.short_description = gettext_lazy("title or rank")

    def person_function(self, obj):
        return self._person_field(obj, "function")

    person_function.short_description = gettext_lazy("function")

    def person_agency(self, obj):
        return self._person_field(obj, "agency")

    person_agency.short_description = gettext_lazy("agency")

    def person_phone(self, obj):
        return self._person_field(obj, "phone")

    person_phone.short_description = gettext_lazy("phone")

    def person_country(self, obj):
        return self._person_field(obj, "country")

    person_country.short_description = gettext_lazy("country")

    def submitted_how(self, obj):
        return submitted_how(obj)

    submitted_how.short_description = gettext_lazy("submitted by")

    def delegation_credentials(self, obj):
        credentials = getattr(obj.delegation, "credentials", None) if obj.delegation else None
        return credentials.get_state_display() if credentials else "—"

    delegation_credentials.short_description = gettext_lazy("credentials of the delegation")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_decide = (
            obj is not None
            and obj.status == Registration.Status.SUBMITTED
            and self.has_change_permission(request, obj)
        )
        if obj is not None and (
            obj.status != Registration.Status.SUBMITTED
            or not self.has_change_permission(request, obj)
        ):
            _no_save(context)
        # Opened from a list: the decision goes on with the next registration of that list,
        # and "Back to the list" returns to it as it was filtered.
        list_filters = request.GET.get(LIST_FILTERS, "")
        context.update(
            may_decide=may_decide,
            reject_form=ReasonForm(),
            list_filters=list_filters,
            list_url=_list_url(self, list_filters),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="delegates_registration_approve",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="delegates_registration_reject",
            ),
            *super().get_urls(),
        ]

    def _decided(self, request, pk: int):
        registration = get_object_or_404(
            Registration.objects.select_related("person", "session"), pk=pk
        )
        if not self.has_change_permission(request, registration):
            raise PermissionDenied
        return registration

    def _back(self, request, registration: Registration, *, decided: bool) -> HttpResponseRedirect:
        """Where a decision leads: back to the delegation page it was taken on; when the
        registration was opened from a list, on to the next registration awaiting a decision
        in that list (the list itself when none is left); else back to the registration."""
        if request.POST.get("return_to") == RETURN_TO_DELEGATION and registration.delegation_id:
            url = reverse("admin:delegates_delegation_change", args=[registration.delegation_id])
            return HttpResponseRedirect(f"{url}#members")
        list_filters = request.POST.get(LIST_FILTERS, "")
        change_url = reverse("admin:delegates_registration_change", args=[registration.pk])
        if not list_filters:
            return HttpResponseRedirect(change_url)
        preserved = urlencode({LIST_FILTERS: list_filters})
        if not decided:
            return HttpResponseRedirect(f"{change_url}?{preserved}")
        following = _next_to_decide(self, request, list_filters)
        if following is None:
            return HttpResponseRedirect(_list_url(self, list_filters))
        url = reverse("admin:delegates_registration_change", args=[following.pk])
        return HttpResponseRedirect(f"{url}?{preserved}")

    def approve_view(self, request, pk: int):
        return _approve(self, request, pk)

    def reject_view(self, request, pk: int):
        return _reject(self, request, pk)


def _approve(model_admin, request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    registration = model_admin._decided(request, pk)
    decided = _report(
        request,
        lambda: services.registration_approve(registration=registration, actor=request.user),
        _("%(name)s: registration approved.") % {"name": registration.person.full_name},
    )
    return model_admin._back(request, registration, decided=decided)


def _reject(model_admin, request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    registration = model_admin._decided(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return model_admin._back(request, registration, decided=False)
    decided = _report(
        request,
        lambda: services.registration_reject(
            registration=registration, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("%(name)s: registration rejected.") % {"name": registration.person.full_name},
    )
    return model_admin._back(request, registration, decided=decided)


def _list_url(model_admin, list_filters: str) -> str:
    url = reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}_changelist")
    return f"{url}?{list_filters}" if list_filters else url


def _next_to_decide(model_admin, request, list_filters: str) -> Registration | None:
    """The first registration awaiting a decision in the list the officer came from, as that
    list filters and orders it (its own ChangeList, so the two never disagree)."""
    listing = copy(request)
    listing.method = "GET"
    listing.GET = QueryDict(list_filters)
    try:
        changelist = model_admin.get_changelist_instance(listing)
    except (IncorrectLookupParameters, DisallowedModelAdminLookup, ValidationError):
        return None
    return changelist.queryset.filter(status=Registration.Status.SUBMITTED).first()


# Credentials ----------------------------------------------------------------------------------


class CredentialsDecisionsMixin:
    """A Decide form on the credentials' page, and the letter shown inline to staff."""

    change_form_template = "admin/delegates/credentials/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Every field is read-only: decisions are taken with the Decide form.
        _no_save(context)
        context.update(
            may_decide=obj is not None and may_decide_credentials(self, request, obj),
            may_receive=obj is not None and may_receive_credentials(self, request, obj),
            decision_form=DecisionForm(),
            letter_url=letter_inline_url(obj),
            letter_size=letter_size(obj),
            session_zone=obj.delegation.session.tzinfo if obj is not None else None,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="delegates_credentials_decide",
            ),
            path(
                "<int:pk>/receive/",
                self.admin_site.admin_view(self.receive_view),
                name="delegates_credentials_receive",
            ),
            path(
                "<int:pk>/letter/",
                self.admin_site.admin_view(self.letter_view),
                name="delegates_credentials_letter",
            ),
            *super().get_urls(),
        ]

    def decide_view(self, request, pk: int):
        return _decide(self, request, pk)

    def receive_view(self, request, pk: int):
        return _receive(self, request, pk)

    def letter_view(self, request, pk: int):
        return _letter_inline(self, request, pk)


def may_receive_credentials(model_admin, request, credentials: Credentials) -> bool:
    return credentials.state == Credentials.State.PENDING and model_admin.has_change_permission(
        request, credentials
    )


def may_decide_credentials(model_admin, request, credentials: Credentials) -> bool:
    return credentials.state in (
        Credentials.State.RECEIVED,
        Credentials.State.DISPUTED,
    ) and model_admin.has_change_permission(request, credentials)


def _credentials_for_decision(model_admin, request, pk: int):
    """The credentials to decide on, if this user may; and where to send them back."""
    credentials = get_object_or_404(
        Credentials.objects.select_related("delegation__session", "delegation__country"), pk=pk
    )
    if not model_admin.has_change_permission(request, credentials):
        raise PermissionDenied
    if request.POST.get("return_to") == RETURN_TO_DELEGATION:
        url = reverse("admin:delegates_delegation_change", args=[credentials.delegation_id])
        return credentials, HttpResponseRedirect(f"{url}#credentials")
    return credentials, HttpResponseRedirect(
        reverse("admin:delegates_credentials_change", args=[credentials.pk])
    )


def _receive(model_admin, request, pk: int):
    """pending → received: the Credentials Bureau holds the letter (on paper, say)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    credentials, back = _credentials_for_decision(model_admin, request, pk)
    _report(
        request,
        lambda: services.credentials_receive(credentials=credentials, actor=request.user),
        _("Credentials of %(delegation)s: %(state)s.")
        % {"delegation": credentials.delegation, "state": Credentials.State.RECEIVED.label},
    )
    return back


def _decide(model_admin, request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    credentials, back = _credentials_for_decision(model_admin, request, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return back
    state = form.cleaned_data["state"]
    _report(
        request,
        lambda: services.credentials_decide(
            credentials=credentials,
            state=state,
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
        _("Credentials of %(delegation)s: %(state)s.")
        % {"delegation": credentials.delegation, "state": Credentials.State(state).label},
    )
    return back


def _letter_inline(model_admin, request, pk: int):
    """The letter for the page's <iframe>: staff allowed to view credentials only.

    Unlike the portal's download (an attachment, SECURITY.md 6), this answer is shown inline,
    framed by this site's pages only (X-Frame-Options SAMEORIGIN, frame-ancestors 'self').
    It is served only as ``application/pdf`` with ``nosniff``, and only when the stored bytes
    start as a PDF (they were checked at upload), so a browser never renders it as a page of
    this site. No CSP ``sandbox``: Chromium and Safari refuse to run their PDF viewers in a
    sandboxed document, which would leave the frame empty.
    """
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    credentials = (
        Credentials.objects.select_related("delegation__country", "delegation__session")
        .filter(pk=pk)
        .first()
    )
    if credentials is None or not credentials.letter:
        raise Http404
    try:
        handle = credentials.letter.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    if handle.read(len(services.PDF_MAGIC)) != services.PDF_MAGIC:
        handle.close()
        raise Http404
    handle.seek(0)
    owner = credentials.delegation.country or credentials.delegation.organisation
    code = getattr(owner, "iso_code", None) or f"d{credentials.delegation_id}"
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=f"credentials-{credentials.delegation.session.number}-{code}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
    )
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


# Delegations ----------------------------------------------------------------------------------


class DelegationPageMixin:
    """One delegation on one page: members and their status, the credentials with the letter
    inline, the decisions on both, and the delegation's history from the audit trail."""

    change_form_template = "admin/delegates/delegation/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Nothing of the delegation itself is edited here.
        _no_save(context)
        if obj is not None:
            context.update(delegation_page(self, request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


def _model_admin(model_admin, model):
    return model_admin.admin_site._registry.get(model)


def delegation_page(model_admin, request, delegation: Delegation) -> dict:
    """What the delegation page shows to this user: a fixed number of queries whatever the
    number of members (members 1, credentials 1, history 1)."""
    registrations = _model_admin(model_admin, Registration)
    credentials_admin = _model_admin(model_admin, Credentials)
    may_view_members = registrations is not None and registrations.has_view_or_change_permission(
        request
    )
    may_view_credentials = (
        credentials_admin is not None and credentials_admin.has_view_or_change_permission(request)
    )
    members = []
    if may_view_members:
        members = list(
            Registration.objects.filter(delegation=delegation)
            .select_related("person__country", "submitted_by__person")
            .order_by("person__family_name", "person__given_name", "pk")
        )
    credentials = None
    if may_view_credentials:
        credentials = (
            Credentials.objects.select_related("uploaded_by", "decided_by")
            .filter(delegation=delegation)
            .first()
        )
    history, more = [], False
    if request.user.has_perm("assembly.view_auditrecord"):
        history, more = delegation_history(
            delegation=delegation,
            registration_ids=[member.pk for member in members] if may_view_members else None,
            credentials=credentials,
        )
    may_decide_members = may_view_members and registrations.has_change_permission(request)
    return {
        "members": [
            {
                "registration": member,
                "submitted_how": submitted_how(member),
                "may_decide": may_decide_members and member.status == Registration.Status.SUBMITTED,
            }
            for member in members
        ],
        "may_view_members": may_view_members,
        "credentials": credentials,
        "may_decide_credentials": credentials is not None
        and may_decide_credentials(credentials_admin, request, credentials),
        "may_receive_credentials": credentials is not None
        and may_receive_credentials(credentials_admin, request, credentials),
        "letter_url": letter_inline_url(credentials),
        "letter_size": letter_size(credentials),
        "decision_form": DecisionForm(),
        "reject_form": ReasonForm(),
        "history": [
            {"record": record, "label": ACTION_LABELS.get(record.action, record.action)}
            for record in history
        ],
        "history_more": more,
        "may_view_history": request.user.has_perm("assembly.view_auditrecord"),
        "return_to": RETURN_TO_DELEGATION,
        "session_zone": delegation.session.tzinfo,
    }
